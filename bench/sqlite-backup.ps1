<#
.SYNOPSIS
    Benchmarks Backup-Database against the runbook ways of backing up SQLite.

.DESCRIPTION
    Generates a WAL-mode SQLite database of at least -SizeMB shaped like application data (text, integers,
    and random blobs in about a fifth of the rows, which do not compress), then runs every method -Runs times,
    interleaved (one run of each method per round, the order rotating from round to round, so a busy machine
    slows them alike), and prints the median, fastest and slowest seconds of each:
      - Backup-Database in this process (the module already loaded)
      - Backup-Database as a whole process: pwsh -c 'Import-Module ...; Backup-Database ...' (what cron runs),
        with its peak memory (max RSS) where /usr/bin/time exists
      - the runbook: sqlite3 db ".backup f" then gzip f
      - sqlite3 .backup then zstd -3 -T2
      - zstd -3 -T2 alone over the database file (the floor: no snapshot, no check, no checksum)
      - PRAGMA quick_check alone with sqlite3 (what the integrity check of the snapshot costs by itself; inside
        Backup-Database it runs while the compression finishes)
    and the ratios the targets are stated in: Backup-Database at least 5x faster than the runbook, and at most
    1.3x the time of zstd -3 -T2 alone. A report, not a gate. Needs sqlite3, gzip and zstd on PATH.

.PARAMETER ModulePath
    The module to benchmark (the build passes out/OpsModule/OpsModule.psd1).

.PARAMETER SizeMB
    The minimum size of the generated database. Default 600.

.PARAMETER Runs
    Runs of each method (at least 5). Default 5.

.PARAMETER WorkDir
    Where to put the database and the backups. Default: a new folder under the temp folder, removed after.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench

.EXAMPLE
    dotnet pwsh bench/sqlite-backup.ps1 -ModulePath ./out/OpsModule/OpsModule.psd1 -SizeMB 200 -Runs 5
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [int] $SizeMB = 600,
    [ValidateRange(5, 100)]
    [int] $Runs = 5,
    [string] $WorkDir
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$moduleManifest = Join-Path (Get-Module OpsModule).ModuleBase 'OpsModule.psd1'
foreach ($tool in 'sqlite3', 'gzip', 'zstd') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not on PATH." }
}

$ownFolder = -not $WorkDir
if ($ownFolder) {
    $WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
}
$null = New-Item -ItemType Directory -Path $WorkDir -Force
$database = Join-Path $WorkDir 'bench.db'
$out = Join-Path $WorkDir 'out'

# The child pwsh for whole-process runs (the same pwsh as this one).
Import-Module (Join-Path $PSScriptRoot '../tools/ChildProcess.psm1')
$pwsh = @(Get-PwshCommand)
$timeTool = if (Test-Path /usr/bin/time) { '/usr/bin/time' } else { $null }

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Reset-Out {
    if (Test-Path $out) { Remove-Item $out -Recurse -Force }
    $null = New-Item -ItemType Directory $out
}

try {
    if (-not (Test-Path $database)) {
        Write-Host "Generating a database of at least $SizeMB MB in $WorkDir ..."
        $batchRows = 200000
        $null = @'
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS events(
    id INTEGER PRIMARY KEY, account TEXT, email TEXT, status TEXT, amount INTEGER, quantity INTEGER,
    created TEXT, payload TEXT, attachment BLOB);
CREATE INDEX IF NOT EXISTS events_account ON events(account);
'@ | sqlite3 $database
        # Text and integers in every row; a 300-byte random blob in one row of five (about a fifth of the bytes).
        $insert = @"
PRAGMA synchronous=OFF;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < $batchRows)
INSERT INTO events(account, email, status, amount, quantity, created, payload, attachment)
SELECT 'acct-' || (abs(random()) % 50000),
       'user' || (abs(random()) % 200000) || '@example.com',
       CASE abs(random()) % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'refunded' END,
       abs(random()) % 1000000,
       abs(random()) % 100,
       datetime('2026-01-01', '+' || (abs(random()) % 30000000) || ' seconds'),
       '{"ip":"10.' || (abs(random()) % 256) || '.' || (abs(random()) % 256) || '.' || (abs(random()) % 256) ||
       '","agent":"Mozilla/5.0 (X11; Linux x86_64)","items":[' || (abs(random()) % 9) || ',' || (abs(random()) % 99) ||
       '],"ref":"' || lower(hex(randomblob(6))) || '","note":"order placed via web checkout"}',
       CASE WHEN abs(random()) % 5 = 0 THEN randomblob(300) END
FROM s;
"@
        while ((Get-Item $database).Length -lt $SizeMB * 1MB) {
            $null = $insert | sqlite3 $database
        }
        $null = sqlite3 $database 'PRAGMA wal_checkpoint(TRUNCATE);'
    }
    $dbSize = (Get-Item $database).Length
    $blobBytes = [long](sqlite3 $database 'SELECT coalesce(sum(length(attachment)), 0) FROM events')
    Write-Host ("Database: {0:N0} MB, {1:N0} rows, random blobs {2:P0} of the file; {3} runs of each method, interleaved; {4} cores." -f `
        ($dbSize / 1MB), [long](sqlite3 $database 'SELECT count(*) FROM events'), ($blobBytes / $dbSize), $Runs, [Environment]::ProcessorCount)

    $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
    Write-Host "Load average before the runs: $load"

    # Warm up: load and JIT the module, and read the database once into the page cache.
    Reset-Out
    $null = Backup-Database -Path $database -Destination (Join-Path $out 'warm')
    $runbook = Join-Path $out 'runbook.db'
    $zstdCopy = Join-Path $out 'zstd.db'

    $methods = [ordered]@{
        'Backup-Database (in process)'           = {
            $backup = Backup-Database -Path $database -Destination (Join-Path $out 'ops')
            @{ Bytes = $backup.Size; QuickCheck = [double](Get-Content $backup.ManifestPath -Raw | ConvertFrom-Json).details.quickCheckSeconds }
        }
        'Backup-Database (whole pwsh process)'   = {
            $command = "Import-Module '$moduleManifest'; `$b = Backup-Database -Path '$database' -Destination '$(Join-Path $out 'proc')'; `$b.Size"
            $rssFile = Join-Path $WorkDir 'rss.txt'
            if ($timeTool) {
                $size = & $timeTool -f '%M' -o $rssFile @pwsh -NoProfile -NonInteractive -Command $command
            }
            else {
                $size = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $command
            }
            if ($LASTEXITCODE -ne 0) { throw 'The whole-process backup failed.' }
            $result = @{ Bytes = [long]($size | Select-Object -Last 1) }
            if ($timeTool) { $result.RssMB = [long](Get-Content $rssFile | Select-Object -Last 1) / 1KB }
            $result
        }
        'sqlite3 .backup + gzip (runbook)'       = {
            sqlite3 $database ".backup '$runbook'"
            gzip -f $runbook
            @{ Bytes = (Get-Item "$runbook.gz").Length }
        }
        'sqlite3 .backup + zstd -3 -T2'          = {
            sqlite3 $database ".backup '$zstdCopy'"
            zstd -q -3 -T2 --rm -f $zstdCopy
            @{ Bytes = (Get-Item "$zstdCopy.zst").Length }
        }
        'zstd -3 -T2 alone (same file)'          = {
            zstd -q -3 -T2 -f $database -o (Join-Path $out 'alone.zst')
            @{ Bytes = (Get-Item (Join-Path $out 'alone.zst')).Length }
        }
        'sqlite3 PRAGMA quick_check alone'       = {
            $result = sqlite3 $database 'PRAGMA quick_check'
            if ($result -ne 'ok') { throw "quick_check: $result" }
            @{ Bytes = 0 }
        }
    }

    $samples = @{}
    foreach ($name in $methods.Keys) { $samples[$name] = [Collections.Generic.List[object]]::new() }
    $names = @($methods.Keys)
    for ($round = 0; $round -lt $Runs; $round++) {
        # Rotate the order so that no method always runs right after the same other one.
        $k = $round % $names.Count
        $order = @($names[$k..($names.Count - 1)]) + @(if ($k) { $names[0..($k - 1)] })
        foreach ($name in $order) {
            Reset-Out
            [GC]::Collect()
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $result = & $methods[$name]
            $clock.Stop()
            $result.Seconds = $clock.Elapsed.TotalSeconds
            $samples[$name].Add([pscustomobject]$result)
        }
        Write-Host ("Round {0} of {1} done." -f ($round + 1), $Runs)
    }

    $median = @{}
    foreach ($name in $names) { $median[$name] = Get-Median ($samples[$name].Seconds) }
    $reference = $median['sqlite3 .backup + gzip (runbook)']
    $floor = $median['zstd -3 -T2 alone (same file)']
    $referenceBytes = ($samples['sqlite3 .backup + gzip (runbook)'] | Select-Object -First 1).Bytes
    $names | ForEach-Object {
        $first = $samples[$_] | Select-Object -First 1
        [pscustomobject]@{
            Method                 = $_
            'Median s'             = [math]::Round($median[$_], 2)
            'Min s'                = [math]::Round(($samples[$_].Seconds | Measure-Object -Minimum).Minimum, 2)
            'Max s'                = [math]::Round(($samples[$_].Seconds | Measure-Object -Maximum).Maximum, 2)
            MB                     = if ($first.Bytes) { [math]::Round($first.Bytes / 1MB, 1) } else { '' }
            'Speed vs runbook'     = '{0:N1}x' -f ($reference / $median[$_])
            'Time vs zstd alone'   = '{0:N2}' -f ($median[$_] / $floor)
            'Size vs runbook'      = if ($first.Bytes) { '{0:N2}' -f ($first.Bytes / $referenceBytes) } else { '' }
        }
    } | Format-Table -AutoSize | Out-String -Width 220 | Write-Host

    $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
    Write-Host "Load average after the runs: $load"
    $ops = $median['Backup-Database (in process)']
    $process = $median['Backup-Database (whole pwsh process)']
    $check = Get-Median ($samples['Backup-Database (in process)'].QuickCheck)
    Write-Host ('Backup-Database vs runbook (medians): {0:N1}x in process, {1:N1}x as a whole process (target: at least 5x).' -f ($reference / $ops), ($reference / $process))
    Write-Host ('Backup-Database vs zstd -3 -T2 alone (medians): {0:N2}x in process, {1:N2}x as a whole process (target: at most 1.3x).' -f ($ops / $floor), ($process / $floor))
    Write-Host ('Integrity check: quick_check of the staged snapshot took {0:N2} s (median) inside Backup-Database, overlapped with the compression; quick_check alone with sqlite3: {1:N2} s.' -f $check, $median['sqlite3 PRAGMA quick_check alone'])
    $rss = $samples['Backup-Database (whole pwsh process)'] | Where-Object { $_.PSObject.Properties['RssMB'] } | ForEach-Object RssMB
    if ($rss) {
        Write-Host ('Peak memory (max RSS) of the whole-process backup: {0:N0}-{1:N0} MB for a {2:N0} MB database.' -f ($rss | Measure-Object -Minimum).Minimum, ($rss | Measure-Object -Maximum).Maximum, ($dbSize / 1MB))
    }
}
finally {
    if ($ownFolder) { Remove-Item $WorkDir -Recurse -Force -ErrorAction SilentlyContinue }
}
