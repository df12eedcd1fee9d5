<#
.SYNOPSIS
    Benchmarks Backup-Database / Restore-Database on PostgreSQL against pg_dump -Fc and pg_dump | gzip.

.DESCRIPTION
    Generates a PostgreSQL database of at least -SizeMB (text-heavy rows shaped like application data), then,
    in interleaved rounds, times and sizes:
      - Backup-Database -ConnectionString (pg_dump -Fc -Z0 streamed through zstd -3 and SHA-256)
      - pg_dump -Fc to a local file (its built-in gzip)
      - Backup-Database as a whole process: pwsh -c 'Import-Module ...; Backup-Database ...' (what cron runs),
        with its peak RSS when GNU time is installed
      - pg_dump -Fc to a local file (its built-in gzip)
      - the runbook way: pg_dump | gzip > file.sql.gz
      - pg_dump -Fc -Z0 | zstd -3 -T2 > file (the same pipeline by hand; only when zstd is on PATH)
    and restores:
      - Restore-Database into a new database (sibling, hash, row counts, swap), in process and as a whole process
      - pg_restore -d of the pg_dump -Fc file into a new database
    It prints medians (with min-max) and ratios. A report, not a gate. Needs pg_dump, pg_restore, psql and gzip
    on PATH. The connection string reaches the child pwsh through an environment variable, never its command line.

.PARAMETER ModulePath
    The module to benchmark (the build passes out/OpsModule/OpsModule.psd1).

.PARAMETER ConnectionString
    A superuser connection (Npgsql form) to the server to use. Default: OPS_TEST_PG, else a throwaway cluster
    started with tests/services/TestServices.psm1 (and stopped after).

.PARAMETER SizeMB
    The minimum size of the generated database (pg_database_size). Default 700.

.PARAMETER Rounds
    Interleaved rounds; medians are printed. Default 3.

.EXAMPLE
    dotnet pwsh ./bench/pg-backup.ps1 -ModulePath ./out/OpsModule/OpsModule.psd1
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [string] $ConnectionString = $env:OPS_TEST_PG,
    [int] $SizeMB = 700,
    [int] $Rounds = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
foreach ($tool in 'pg_dump', 'pg_restore', 'psql', 'gzip') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not on PATH." }
}

$service = $null
if (-not $ConnectionString) {
    Import-Module (Join-Path $PSScriptRoot '../tests/services/TestServices.psm1')
    $service = Start-OpsTestService -Kind Postgres
    $ConnectionString = $service.Environment['OPS_TEST_PG']
}
$settings = @{}
foreach ($pair in $ConnectionString -split ';') { $key, $value = $pair -split '=', 2; if ($key) { $settings[$key.Trim()] = $value } }
$work = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-pgbench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $work
$passfile = Join-Path $work 'pgpass'
[IO.File]::WriteAllText($passfile, "*:*:*:*:$($settings['Password'])`n")
[IO.File]::SetUnixFileMode($passfile, [IO.UnixFileMode]'UserRead, UserWrite')
$env:PGHOST = $settings['Host']; $env:PGPORT = $settings['Port']; $env:PGUSER = $settings['Username']; $env:PGPASSFILE = $passfile
$database = 'opsmodule_bench'

function Invoke-Sql([string] $Database, [string] $Sql) {
    $out = $Sql | psql -X -q -v ON_ERROR_STOP=1 -At -d $Database 2>&1
    if ($LASTEXITCODE -ne 0) { throw "psql failed: $out" }
    return $out
}

function Measure-Once([scriptblock] $Step) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $Step
    $clock.Stop()
    return $clock.Elapsed.TotalSeconds
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    return $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]
}

try {
    $exists = Invoke-Sql postgres "SELECT count(*) FROM pg_database WHERE datname = '$database';"
    if ($exists -eq '0') { Invoke-Sql postgres "CREATE DATABASE $database;" | Out-Null }
    Invoke-Sql $database @'
CREATE TABLE IF NOT EXISTS events(id bigserial PRIMARY KEY, account text, email text, status text, amount numeric(12,2), created timestamptz, payload text);
CREATE TABLE IF NOT EXISTS accounts(id int PRIMARY KEY, name text, plan text);
INSERT INTO accounts SELECT g, 'account ' || g, (ARRAY['free','pro','team'])[1 + g % 3] FROM generate_series(1, 50000) g ON CONFLICT DO NOTHING;
'@ | Out-Null
    while ([long](Invoke-Sql $database "SELECT pg_database_size(current_database());") -lt $SizeMB * 1MB) {
        Write-Host "Generating rows ($([math]::Round([long](Invoke-Sql $database 'SELECT pg_database_size(current_database());') / 1MB)) MB so far) ..."
        Invoke-Sql $database @'
INSERT INTO events(account, email, status, amount, created, payload)
SELECT 'acct-' || (random() * 50000)::int, 'user' || (random() * 200000)::int || '@example.com',
       (ARRAY['pending','paid','shipped','refunded'])[1 + (random() * 3)::int], round((random() * 1000)::numeric, 2),
       timestamptz '2026-01-01' + random() * interval '365 days',
       '{"items":' || (random() * 20)::int || ',"note":"' || md5(random()::text) || '","sku":"SKU-' || (random() * 9999)::int || '"}'
FROM generate_series(1, 500000);
'@ | Out-Null
    }
    $size = [long](Invoke-Sql $database "SELECT pg_database_size(current_database());")
    Write-Host ("Database: {0:N0} MB. {1} interleaved rounds." -f ($size / 1MB), $Rounds)
    $source = $ConnectionString -replace 'Database=[^;]*', "Database=$database"

    $times = @{ Module = @(); Process = @(); Fc = @(); Gzip = @(); Zstd = @(); ModuleRestore = @(); ProcessRestore = @(); PgRestore = @() }
    $sizes = @{}
    $rss = @()
    $moduleManifest = Join-Path (Get-Module OpsModule).ModuleBase 'OpsModule.psd1'
    # The child pwsh for whole-process runs (the same pwsh as this one).
    Import-Module (Join-Path $PSScriptRoot '../tools/ChildProcess.psm1')
    $pwsh = @(Get-PwshCommand)
    $timeTool = if (Test-Path /usr/bin/time) { '/usr/bin/time' }
    $haveZstd = [bool](Get-Command zstd -ErrorAction SilentlyContinue)
    $env:OPS_BENCH_SOURCE = $source
    function Invoke-Child([string] $Command) {
        $rssFile = Join-Path $work 'rss.txt'
        if ($timeTool) { $out = & $timeTool -f '%M' -o $rssFile @pwsh -NoProfile -NonInteractive -Command $Command }
        else { $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command }
        if ($LASTEXITCODE -ne 0) { throw "The whole-process run failed: $out" }
        if ($timeTool) { $script:rss += [long](Get-Content $rssFile | Select-Object -Last 1) / 1KB }
    }
    foreach ($round in 1..$Rounds) {
        $folder = Join-Path $work "round$round"
        $null = New-Item -ItemType Directory -Path $folder
        $times.Module += Measure-Once { $script:info = Backup-Database -ConnectionString $source -Destination $folder }
        $sizes.Module = $info.Size
        $procFolder = Join-Path $folder 'proc'
        $times.Process += Measure-Once { Invoke-Child "Import-Module '$moduleManifest'; `$null = Backup-Database -ConnectionString `$env:OPS_BENCH_SOURCE -Destination '$procFolder'" }
        $fc = Join-Path $folder 'bench.dump'
        $times.Fc += Measure-Once { pg_dump -Fc -d $database -f $fc; if ($LASTEXITCODE) { throw 'pg_dump -Fc failed' } }
        $sizes.Fc = (Get-Item $fc).Length
        $gz = Join-Path $folder 'bench.sql.gz'
        $times.Gzip += Measure-Once { bash -c "set -o pipefail; pg_dump -d '$database' | gzip > '$gz'"; if ($LASTEXITCODE) { throw 'pg_dump | gzip failed' } }
        $sizes.Gzip = (Get-Item $gz).Length
        if ($haveZstd) {
            $zst = Join-Path $folder 'bench.dump.zst'
            $times.Zstd += Measure-Once { bash -c "set -o pipefail; pg_dump -Fc -Z0 -d '$database' | zstd -q -3 -T2 > '$zst'"; if ($LASTEXITCODE) { throw 'pg_dump -Fc -Z0 | zstd failed' } }
            $sizes.Zstd = (Get-Item $zst).Length
        }

        $target = "opsmodule_bench_r$round"
        $times.ModuleRestore += Measure-Once { $null = $info | Restore-Database -TargetConnectionString ($ConnectionString -replace 'Database=[^;]*', "Database=$target") -Force }
        $procTarget = "opsmodule_bench_w$round"
        $env:OPS_BENCH_TARGET = $ConnectionString -replace 'Database=[^;]*', "Database=$procTarget"
        $times.ProcessRestore += Measure-Once { Invoke-Child "Import-Module '$moduleManifest'; `$null = Restore-Database -BackupPath '$($info.BackupPath)' -TargetConnectionString `$env:OPS_BENCH_TARGET -Force" }
        $plain = "opsmodule_bench_p$round"
        $times.PgRestore += Measure-Once {
            Invoke-Sql postgres "CREATE DATABASE $plain;" | Out-Null
            pg_restore -d $plain $fc
            if ($LASTEXITCODE) { throw 'pg_restore failed' }
        }
        Invoke-Sql postgres "DROP DATABASE $target; DROP DATABASE $procTarget; DROP DATABASE $plain;" | Out-Null
        Remove-Item $folder -Recurse -Force
    }

    $m = @{}
    foreach ($key in @($times.Keys)) { if ($times[$key].Count) { $m[$key] = Get-Median $times[$key] } }
    function Format-Line([string] $Name, [string] $Key, [string] $SizeKey) {
        $range = '{0:N1}-{1:N1}' -f ($times[$Key] | Measure-Object -Minimum).Minimum, ($times[$Key] | Measure-Object -Maximum).Maximum
        $mb = if ($SizeKey) { '{0,8:N0} MB' -f ($sizes[$SizeKey] / 1MB) } else { '' }
        Write-Host ('{0,-48} {1,7:N1} s  ({2,11} s) {3}' -f $Name, $m[$Key], $range, $mb)
    }
    Write-Host ''
    Write-Host ('{0,-48} {1,9}  {2,13}' -f 'Method', 'Median', 'Min-max')
    Format-Line 'Backup-Database (in process)' Module Module
    Format-Line 'Backup-Database (whole pwsh process)' Process Module
    Format-Line 'pg_dump -Fc (built-in gzip) to a file' Fc Fc
    Format-Line 'pg_dump | gzip (runbook)' Gzip Gzip
    if ($haveZstd) { Format-Line 'pg_dump -Fc -Z0 | zstd -3 -T2 (by hand)' Zstd Zstd }
    Format-Line 'Restore-Database, new database (in process)' ModuleRestore ''
    Format-Line 'Restore-Database, new database (whole process)' ProcessRestore ''
    Format-Line 'createdb + pg_restore of the -Fc file' PgRestore ''
    Write-Host ''
    Write-Host ('Backup speed vs pg_dump -Fc:    {0:N2}x faster in process, {1:N2}x as a whole process; size ratio {2:N2}' -f ($m.Fc / $m.Module), ($m.Fc / $m.Process), ($sizes.Module / $sizes.Fc))
    Write-Host ('Backup speed vs pg_dump | gzip: {0:N2}x faster in process, {1:N2}x as a whole process; size ratio {2:N2}' -f ($m.Gzip / $m.Module), ($m.Gzip / $m.Process), ($sizes.Module / $sizes.Gzip))
    if ($haveZstd) { Write-Host ('Backup time vs pg_dump -Fc -Z0 | zstd -3 -T2 by hand: {0:N2}x in process (it also hashes and counts rows)' -f ($m.Module / $m.Zstd)) }
    Write-Host ('Restore time vs pg_restore:     {0:N2}x in process, {1:N2}x as a whole process (Restore-Database / pg_restore; it also hashes, counts rows and swaps)' -f ($m.ModuleRestore / $m.PgRestore), ($m.ProcessRestore / $m.PgRestore))
    if ($rss.Count) { Write-Host ('Peak memory (max RSS) of the whole-process runs: {0:N0}-{1:N0} MB' -f ($rss | Measure-Object -Minimum).Minimum, ($rss | Measure-Object -Maximum).Maximum) }
    Write-Host ('Load average after the runs: {0}' -f (Get-Content /proc/loadavg -ErrorAction SilentlyContinue))
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    if ($service) { Stop-OpsTestService -Service $service }
}
