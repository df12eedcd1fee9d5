<#
.SYNOPSIS
    A nightly disaster-recovery job: back up, prove each backup restores, write a JSON report.

.DESCRIPTION
    Backs up each database with Backup-Database, runs Test-DisasterRecovery on the new backups (restore
    into a scratch database, integrity, row counts, a custom validation, RPO and RTO), and writes the
    results as a JSON report for a dashboard. Exits 1 when any backup failed its test, so the scheduler
    (cron, a systemd timer, Task Scheduler) shows the failure.

    Without -DatabasePath it runs on a copy of the sample shop database in a new temp folder, which it
    removes afterwards; the test suite runs it that way.

.PARAMETER ModulePath
    The module to import: the built out/OpsModule/OpsModule.psd1, or 'OpsModule' when installed.

.PARAMETER DatabasePath
    The SQLite databases to back up and test.

.PARAMETER Destination
    The backup folder.

.PARAMETER ReportPath
    Where to write the JSON report (default: dr-report-<date>.json in the backup folder).

.PARAMETER MaxBackupAge
    The recovery point objective (default 26h: a nightly backup plus slack).

.PARAMETER MaxRestoreTime
    The recovery time objective (default 15m).
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [string[]] $DatabasePath,
    [string] $Destination,
    [string] $ReportPath,
    [string] $MaxBackupAge = '26h',
    [string] $MaxRestoreTime = '15m'
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$sample = $null
if (-not $DatabasePath) {
    $sample = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-nightly-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $sample
    Copy-Item (Join-Path $PSScriptRoot 'data/shop.db') (Join-Path $sample 'shop.db')
    $DatabasePath = Join-Path $sample 'shop.db'
    $Destination = Join-Path $sample 'backups'
}
if (-not $Destination) { throw 'Give -Destination, the backup folder.' }
if (-not $ReportPath) { $ReportPath = Join-Path $Destination ("dr-report-{0:yyyyMMdd}.json" -f [DateTime]::UtcNow) }

try {
    $backups = Backup-Database -Path $DatabasePath -Destination $Destination
    $results = $backups | Test-DisasterRecovery -MaxBackupAge $MaxBackupAge -MaxRestoreTime $MaxRestoreTime -Validation @{
        'has tables' = "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table'"
    }

    # A report for people and dashboards: enums as their names, durations in seconds (a TimeSpan would be 11 fields).
    $report = [pscustomobject]@{
        Generated = [DateTime]::UtcNow
        Passed    = @($results | Where-Object { -not $_.Passed }).Count -eq 0
        Results   = @($results | ForEach-Object {
            [pscustomobject]@{
                Database              = $_.Database
                Engine                = $_.Engine
                Backup                = $_.Backup.BackupPath
                Passed                = $_.Passed
                Severity              = $_.Severity
                BackupAgeSeconds      = [math]::Round($_.BackupAge.TotalSeconds, 1)
                RestoreSeconds        = [math]::Round($_.RestoreDuration.TotalSeconds, 3)
                RpoMet                = $_.RpoMet
                RtoMet                = $_.RtoMet
                Checks                = @($_.Checks | ForEach-Object {
                    [pscustomobject]@{ Name = $_.Name; Passed = $_.Passed; Seconds = [math]::Round($_.Duration.TotalSeconds, 3); Detail = $_.Detail }
                })
            }
        })
    }
    $report | ConvertTo-Json -Depth 5 -EnumsAsStrings | Set-Content -LiteralPath $ReportPath -Encoding utf8
    $results | Format-Table | Out-String | Write-Host
    Write-Host "Report: $ReportPath"
    if ($sample) {
        # Show what the report holds before the sample folder goes away.
        Get-Content -Raw -LiteralPath $ReportPath | Write-Output
    }
    if (-not $report.Passed) { exit 1 }
}
finally {
    if ($sample) { Remove-Item -LiteralPath $sample -Recurse -Force }
}
