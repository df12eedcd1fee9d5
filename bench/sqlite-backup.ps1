<#
.SYNOPSIS
    Benchmarks Backup-Database against the runbook ways of backing up SQLite.

.DESCRIPTION
    Generates a SQLite database of at least -SizeMB (text-heavy rows that compress like real application
    data), then times and sizes:
      - Backup-Database (zstd, default level, and level 1)
      - the runbook way: sqlite3 db ".backup f" then gzip f
      - sqlite3 .backup then zstd -3 -T2
      - cp of the file (reference only: noisy, and not a consistent backup of a live database)
    and prints ratios against the runbook. A report, not a gate. Needs sqlite3, gzip and zstd on PATH.

.PARAMETER ModulePath
    The module to benchmark (the build passes out/OpsModule/OpsModule.psd1).

.PARAMETER SizeMB
    The minimum size of the generated database. Default 600.

.PARAMETER WorkDir
    Where to put the database and the backups. Default: a new folder under the temp folder, removed after.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [int] $SizeMB = 600,
    [string] $WorkDir
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
foreach ($tool in 'sqlite3', 'gzip', 'zstd') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not on PATH." }
}

$ownFolder = -not $WorkDir
if ($ownFolder) {
    $WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
}
$null = New-Item -ItemType Directory -Path $WorkDir -Force
$database = Join-Path $WorkDir 'bench.db'

function Measure-Step([scriptblock] $Step) {
    # The best of two runs: the second one sees a warm page cache like the first one of the next method.
    $best = [double]::MaxValue
    foreach ($run in 1..2) {
        [GC]::Collect()
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $Step
        $clock.Stop()
        $best = [math]::Min($best, $clock.Elapsed.TotalSeconds)
    }
    return $best
}

try {
    if (-not (Test-Path $database)) {
        Write-Host "Generating a database of at least $SizeMB MB in $WorkDir ..."
        # Rows shaped like an application's: ids, names, emails, statuses, timestamps, JSON-ish text.
        $batchRows = 200000
        $sql = @"
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
CREATE TABLE IF NOT EXISTS events(
    id INTEGER PRIMARY KEY, account TEXT, email TEXT, status TEXT, amount REAL, created TEXT, payload TEXT);
CREATE INDEX IF NOT EXISTS events_account ON events(account);
"@
        $null = $sql | sqlite3 $database
        $insert = @"
PRAGMA synchronous=OFF;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < $batchRows)
INSERT INTO events(account, email, status, amount, created, payload)
SELECT 'acct-' || (abs(random()) % 50000),
       'user' || (abs(random()) % 200000) || '@example.com',
       CASE abs(random()) % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'refunded' END,
       round((abs(random()) % 100000) / 100.0, 2),
       datetime('2026-01-01', '+' || (abs(random()) % 30000000) || ' seconds'),
       '{"ip":"10.' || (abs(random()) % 256) || '.' || (abs(random()) % 256) || '.' || (abs(random()) % 256) ||
       '","agent":"Mozilla/5.0 (X11; Linux x86_64)","items":[' || (abs(random()) % 9) || ',' || (abs(random()) % 99) ||
       '],"ref":"' || lower(hex(randomblob(6))) || '","note":"order placed via web checkout"}'
FROM s;
"@
        while ((Get-Item $database).Length -lt $SizeMB * 1MB) {
            $null = $insert | sqlite3 $database
        }
        $null = sqlite3 $database 'PRAGMA wal_checkpoint(TRUNCATE);'
    }
    $dbSize = (Get-Item $database).Length
    Write-Host ("Database: {0:N0} MB, {1:N0} rows" -f ($dbSize / 1MB), [long](sqlite3 $database 'SELECT count(*) FROM events'))
    $results = [Collections.Generic.List[object]]::new()

    $out = Join-Path $WorkDir 'out'
    $null = New-Item -ItemType Directory $out -Force

    # Warm up: load and JIT the module on a tiny database so the timings measure the backup itself.
    $warm = Join-Path $WorkDir 'warm.db'
    sqlite3 $warm 'CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);'
    $null = Backup-Database -Path $warm -Destination (Join-Path $out 'warm')

    foreach ($level in 3, 2, 1) {
        $seconds = Measure-Step { $script:ops = Backup-Database -Path $database -Destination (Join-Path $out "ops$level") -CompressionLevel $level }
        $label = if ($level -eq 3) { 'Backup-Database (default: zstd 3, one worker per core)' } else { "Backup-Database -CompressionLevel $level" }
        $results.Add([pscustomobject]@{ Method = $label; Seconds = $seconds; Bytes = $ops.Size })
    }

    $runbook = Join-Path $out 'runbook.db'
    $seconds = Measure-Step { Remove-Item "$runbook.gz" -ErrorAction SilentlyContinue; sqlite3 $database ".backup '$runbook'"; gzip -f $runbook }
    $results.Add([pscustomobject]@{ Method = 'sqlite3 .backup + gzip (runbook)'; Seconds = $seconds; Bytes = (Get-Item "$runbook.gz").Length })

    $plain = Join-Path $out 'plain.db'
    $seconds = Measure-Step { Remove-Item $plain -ErrorAction SilentlyContinue; sqlite3 $database ".backup '$plain'" }
    $results.Add([pscustomobject]@{ Method = 'sqlite3 .backup (no compression)'; Seconds = $seconds; Bytes = (Get-Item $plain).Length })
    Remove-Item $plain

    $zst = Join-Path $out 'zstd.db'
    $seconds = Measure-Step { sqlite3 $database ".backup '$zst'"; zstd -q -3 -T2 --rm -f $zst }
    $results.Add([pscustomobject]@{ Method = 'sqlite3 .backup + zstd -3 -T2'; Seconds = $seconds; Bytes = (Get-Item "$zst.zst").Length })

    $copy = Join-Path $out 'copy.db'
    $seconds = Measure-Step { Copy-Item $database $copy -Force }
    $results.Add([pscustomobject]@{ Method = 'cp (reference, not consistent)'; Seconds = $seconds; Bytes = (Get-Item $copy).Length })

    $reference = $results | Where-Object Method -like '*runbook*'
    $results | ForEach-Object {
        [pscustomobject]@{
            Method             = $_.Method
            Seconds            = [math]::Round($_.Seconds, 2)
            MB                 = [math]::Round($_.Bytes / 1MB, 1)
            'Speed vs runbook' = '{0:N1}x' -f ($reference.Seconds / $_.Seconds)
            'Size vs runbook'  = '{0:N2}' -f ($_.Bytes / $reference.Bytes)
        }
    } | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host 'Best of two runs each. Target: Backup-Database at least 5x faster than the runbook at no larger size.'
}
finally {
    if ($ownFolder) { Remove-Item $WorkDir -Recurse -Force -ErrorAction SilentlyContinue }
}
