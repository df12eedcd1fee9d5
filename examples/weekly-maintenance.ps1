<#
.SYNOPSIS
    A weekly maintenance window for a SQLite database: back up, purge old rows, run the weekly tasks, report.

.DESCRIPTION
    Copies the sample shop database into a new temp folder and runs what a scheduled weekly job would:
    a backup first (so every change below can be undone), a retention purge of old orders in short batches
    within a time limit, the Weekly preset of Invoke-DbMaintenance (integrity and foreign-key checks,
    reindex, vacuum when enough pages are free, analyze, optimize, checkpoint) within a time budget, and
    a summary that fails the job when any task failed. Needs nothing but the built module.

.PARAMETER ModulePath
    The module to import: the built out/OpsModule/OpsModule.psd1, or 'OpsModule' when installed.

.PARAMETER KeepFiles
    Leave the temp folder in place (its path is printed) instead of removing it.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [switch] $KeepFiles
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$work = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-weekly-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $work
try {
    $database = Join-Path $work 'shop.db'
    Copy-Item (Join-Path $PSScriptRoot 'data/shop.db') $database

    # 1. A backup before anything changes.
    $backup = Backup-Database -Path $database -Destination (Join-Path $work 'backups')
    Write-Host "Backed up to $($backup.BackupPath)"

    # 2. Retention: orders older than 180 days go, 5000 rows per short transaction, at most five minutes.
    #    An age that decides what is deleted needs a unit: '180d' or unquoted 180d (both 180 days); a bare 180 is refused.
    $purge = Remove-DatabaseRecord -Path $database -Table orders -Column ordered -OlderThan '180d' -TimeLimit '5m' -Confirm:$false
    $purge | Format-Table

    # 3. The weekly tasks, within a 30-minute budget; a locked database fails a task after 10 s instead of hanging.
    $results = Invoke-DbMaintenance -Path $database -Task Weekly -TimeLimit '30m' -BusyTimeout '10s' -Confirm:$false -ErrorAction Continue
    $results | Format-Table

    # 4. Fail the job loudly when anything needs attention.
    $failed = @($results | Where-Object Status -eq 'Failed')
    if ($failed) {
        throw "Weekly maintenance of $database failed: $($failed.Task -join ', ')"
    }
    Write-Host ("Weekly maintenance done: {0} tasks, {1} rows purged, {2} left." -f $results.Count, $purge.RowsDeleted, $purge.RowsLeft)
}
finally {
    if ($KeepFiles) {
        Write-Host "Files kept in $work"
    }
    else {
        Remove-Item $work -Recurse -Force
    }
}
