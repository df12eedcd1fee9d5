<#
.SYNOPSIS
    Benchmarks Restore-Database against the runbook way of restoring a SQLite backup.

.DESCRIPTION
    Generates a SQLite database of at least -SizeMB (text, integers, and about 20% random blobs that do not
    compress), backs it up once with Backup-Database (zstd), then times, in -Runs interleaved rounds:
      - the runbook: zstd -d artifact -o tmp; sqlite3 tmp "PRAGMA integrity_check"; mv tmp target
      - Restore-Database into a new target, in this process
      - Restore-Database over an existing database of the same size (through SQLite), in this process
      - both Restore-Database cases again as a whole new pwsh process (start-up and module load included)
    and prints the median of each with its ratio to the runbook's median. Restore-Database does more than
    the runbook (SHA-256 of the artifact, row counts against the manifest, a durable rename or a copy
    through SQLite that applications may keep open) but runs quick_check where the runbook runs
    integrity_check (see Get-Help Restore-Database). A report, not a gate. Needs sqlite3 and zstd on PATH.

.PARAMETER ModulePath
    The module to benchmark (the build passes out/OpsModule/OpsModule.psd1).

.PARAMETER SizeMB
    The minimum size of the generated database. Default 300.

.PARAMETER Runs
    Interleaved rounds; each method's median is reported. Default 5 (at least 5).

.PARAMETER WorkDir
    Where to put the database and the backups. Default: a new folder under the temp folder, removed after.

.EXAMPLE
    dotnet pwsh ./bench/sqlite-restore.ps1 -ModulePath ./out/OpsModule/OpsModule.psd1 -SizeMB 300
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [int] $SizeMB = 300,
    [ValidateRange(5, 50)] [int] $Runs = 5,
    [string] $WorkDir
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$moduleManifest = Join-Path (Get-Module OpsModule).ModuleBase 'OpsModule.psd1'
foreach ($tool in 'sqlite3', 'zstd') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not on PATH." }
}

$ownFolder = -not $WorkDir
if ($ownFolder) {
    $WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-restore-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
}
$null = New-Item -ItemType Directory -Path $WorkDir -Force
$database = Join-Path $WorkDir 'bench.db'
# The child pwsh for whole-process runs (the same pwsh as this one).
Import-Module (Join-Path $PSScriptRoot '../tools/ChildProcess.psm1')
$pwsh, $pwshArguments = Get-PwshCommand
[string[]] $pwshArguments = @($pwshArguments)

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

try {
    if (-not (Test-Path $database)) {
        Write-Host "Generating a database of at least $SizeMB MB in $WorkDir ..."
        $null = @"
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS events(
    id INTEGER PRIMARY KEY, account INTEGER, status TEXT, amount INTEGER, created TEXT, payload TEXT, attachment BLOB);
CREATE INDEX IF NOT EXISTS events_account ON events(account);
"@ | sqlite3 $database
        # About 250 bytes of text and integers per row and 64 random bytes (about 20% of the data).
        $insert = @"
PRAGMA synchronous=OFF;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 200000)
INSERT INTO events(account, status, amount, created, payload, attachment)
SELECT abs(random()) % 50000,
       CASE abs(random()) % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'refunded' END,
       abs(random()) % 1000000,
       datetime('2026-01-01', '+' || (abs(random()) % 30000000) || ' seconds'),
       '{"ip":"10.' || (abs(random()) % 256) || '.' || (abs(random()) % 256) || '.' || (abs(random()) % 256) ||
       '","agent":"Mozilla/5.0 (X11; Linux x86_64)","items":[' || (abs(random()) % 9) || ',' || (abs(random()) % 99) ||
       '],"ref":"' || lower(hex(randomblob(6))) || '","note":"order placed via web checkout, user ' || (abs(random()) % 200000) || '"}',
       randomblob(64)
FROM s;
"@
        while ((Get-Item $database).Length -lt $SizeMB * 1MB) {
            $null = $insert | sqlite3 $database
        }
        $null = sqlite3 $database 'PRAGMA wal_checkpoint(TRUNCATE);'
    }
    $dbSize = (Get-Item $database).Length
    Write-Host ("Database: {0:N0} MB, {1:N0} rows" -f ($dbSize / 1MB), [long](sqlite3 $database 'SELECT count(*) FROM events'))

    $backup = Backup-Database -Path $database -Destination (Join-Path $WorkDir 'backups')
    Write-Host ("Backup: {0:N0} MB zstd ({1})" -f ($backup.Size / 1MB), $backup.BackupPath)
    $old = Join-Path $WorkDir 'old.db'
    Copy-Item $database $old
    $target = Join-Path $WorkDir 'target.db'

    # Warm up: load and JIT the module on the real path once.
    $null = $backup | Restore-Database -TargetPath $target -Force
    $childScript = Join-Path $WorkDir 'child.ps1'
    Set-Content $childScript @"
param([string] `$Target)
Import-Module '$moduleManifest'
`$null = Restore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath `$Target -Force
"@

    function Reset-Target([bool] $Existing) {
        Remove-Item "$target*" -Force -ErrorAction SilentlyContinue
        if ($Existing) { Copy-Item $old $target }
        [GC]::Collect()
    }

    $methods = [ordered]@{
        'zstd -d + sqlite3 integrity_check + mv (runbook)' = @{ Existing = $true; Run = {
                $tmp = "$target.runbook"
                zstd -q -d -f $backup.BackupPath -o $tmp
                if ((sqlite3 $tmp 'PRAGMA integrity_check') -ne 'ok') { throw 'integrity_check failed' }
                Move-Item $tmp $target -Force
            }
        }
        'Restore-Database, new target (in-process)' = @{ Existing = $false; Run = { $null = $backup | Restore-Database -TargetPath $target -Force } }
        'Restore-Database over an existing database (in-process)' = @{ Existing = $true; Run = { $null = $backup | Restore-Database -TargetPath $target -Force } }
        'Restore-Database, new target (whole pwsh process)' = @{ Existing = $false; Run = { & $pwsh @pwshArguments -NoProfile -NonInteractive -File $childScript -Target $target; if ($LASTEXITCODE) { throw 'child failed' } } }
        'Restore-Database over an existing database (whole pwsh process)' = @{ Existing = $true; Run = { & $pwsh @pwshArguments -NoProfile -NonInteractive -File $childScript -Target $target; if ($LASTEXITCODE) { throw 'child failed' } } }
        'pwsh start-up + Import-Module alone (reference)' = @{ Existing = $false; Run = { & $pwsh @pwshArguments -NoProfile -NonInteractive -Command "Import-Module '$moduleManifest'" } }
    }
    $times = @{}
    foreach ($name in $methods.Keys) { $times[$name] = [Collections.Generic.List[double]]::new() }
    foreach ($round in 1..$Runs) {
        foreach ($name in $methods.Keys) {
            Reset-Target $methods[$name].Existing
            $clock = [Diagnostics.Stopwatch]::StartNew()
            & $methods[$name].Run
            $clock.Stop()
            $times[$name].Add($clock.Elapsed.TotalSeconds)
        }
        Write-Host "Round $round of $Runs done."
    }

    $reference = Get-Median $times[@($methods.Keys)[0]]
    $methods.Keys | ForEach-Object {
        $median = Get-Median $times[$_]
        [pscustomobject]@{
            Method                = $_
            'Median s'            = [math]::Round($median, 2)
            'Min-max s'           = '{0:N2}-{1:N2}' -f ($times[$_] | Measure-Object -Minimum).Minimum, ($times[$_] | Measure-Object -Maximum).Maximum
            'Time vs runbook'     = '{0:N2}x' -f ($median / $reference)
        }
    } | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host "Medians of $Runs interleaved runs. 'Time vs runbook' below 1.00x is faster than the runbook. Target: Restore-Database no slower than the runbook."
}
finally {
    if ($ownFolder) { Remove-Item $WorkDir -Recurse -Force -ErrorAction SilentlyContinue }
}
