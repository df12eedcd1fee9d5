<#
.SYNOPSIS
    Measures how well Measure-LogErrors groups messages into templates, against LogHub-style ground truth.

.DESCRIPTION
    For each *_structured.csv in -DataPath (the LogHub samples such as HDFS_2k.log_structured.csv, with LineId,
    Content and EventId/EventTemplate columns; not part of this repository: fetch them yourself), computes the
    grouping accuracy of the log-parsing benchmarks (Zhu et al., ICSE-SEIP 2019): the fraction of lines whose
    predicted group (lines with the same TemplateId) is exactly their true group (lines with the same EventId).
    Once for the messages alone (the Content column piped in as objects: template mining only), and, when the raw
    log (the same name without _structured.csv) is beside it, for Measure-LogErrors -Level Unknown -Entries on
    the raw log (format detection and header parsing too; a line read as the continuation of the entry above has
    no group of its own and counts as wrong). A report, not a gate.

.PARAMETER ModulePath
    The module to measure (the build writes out/OpsModule/OpsModule.psd1).

.PARAMETER DataPath
    The folder with the LogHub files.

.EXAMPLE
    dotnet pwsh bench/log-templates-accuracy.ps1 -ModulePath ./out/OpsModule/OpsModule.psd1 -DataPath /data/loghub
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [Parameter(Mandatory)]
    [string] $DataPath
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Get-GroupingAccuracy {
    # The fraction of lines whose predicted group is exactly their true group; lines without a prediction are wrong.
    param([hashtable] $Truth, [hashtable] $Predicted)
    $trueSize = @{}
    foreach ($event in $Truth.Values) { $trueSize[$event] = 1 + [int]$trueSize[$event] }
    $groups = @{}
    foreach ($line in $Truth.Keys) {
        $key = if ($Predicted.ContainsKey($line)) { $Predicted[$line] } else { "none:$line" }
        if (-not $groups.ContainsKey($key)) { $groups[$key] = [Collections.Generic.List[long]]::new() }
        $groups[$key].Add($line)
    }
    $correct = 0
    foreach ($members in $groups.Values) {
        $events = @($members | ForEach-Object { $Truth[$_] } | Select-Object -Unique)
        if ($events.Count -eq 1 -and $trueSize[$events[0]] -eq $members.Count) { $correct += $members.Count }
    }
    [pscustomobject]@{ Accuracy = [Math]::Round($correct / [Math]::Max(1, $Truth.Count), 3); Groups = $groups.Count; TrueGroups = $trueSize.Count }
}

$results = foreach ($truthFile in Get-ChildItem -LiteralPath $DataPath -Filter '*_structured.csv' | Sort-Object Name) {
    $rows = @(Import-Csv -LiteralPath $truthFile.FullName)
    $truth = @{}
    foreach ($row in $rows) { $truth[[long]$row.LineId] = if ($row.PSObject.Properties['EventId']) { $row.EventId } else { $row.EventTemplate } }

    # The messages alone (the Content column), as objects with Message and Level: template mining only.
    $predicted = @{}
    $objects = foreach ($row in $rows) { [pscustomobject]@{ Message = $row.Content; Level = 'Error' } }
    foreach ($entry in $objects | Measure-LogErrors -Level Unknown -Entries) { $predicted[[long]$entry.LineNumber] = $entry.TemplateId }
    $content = Get-GroupingAccuracy $truth $predicted

    # The raw log, when it is there: format detection, header parsing and template mining together.
    $raw = $null
    $logFile = $truthFile.FullName -replace '_structured\.csv$'
    if (Test-Path -LiteralPath $logFile) {
        $predicted = @{}
        foreach ($entry in Measure-LogErrors -LiteralPath $logFile -Level Unknown -Entries -TimeZone UTC -WarningAction SilentlyContinue) { $predicted[[long]$entry.LineNumber] = $entry.TemplateId }
        $raw = Get-GroupingAccuracy $truth $predicted
    }

    [pscustomobject]@{
        Dataset         = $truthFile.Name -replace '(_2k)?\.log_structured\.csv$'
        Lines           = $truth.Count
        TrueTemplates   = $content.TrueGroups
        Templates       = $content.Groups
        ContentAccuracy = $content.Accuracy
        RawLogAccuracy  = if ($raw) { $raw.Accuracy } else { $null }
    }
}

$results | Format-Table -AutoSize | Out-String | Write-Host
if ($results) {
    Write-Host ('Mean grouping accuracy over {0} datasets (messages only): {1:N3}' -f @($results).Count, (($results | Measure-Object ContentAccuracy -Average).Average))
}
