<#
.SYNOPSIS
    Benchmarks Backup-Database / Restore-Database on PostgreSQL against pg_dump -Fc and pg_dump | gzip.

.DESCRIPTION
    Generates a PostgreSQL database of at least -SizeMB (text-heavy rows shaped like application data), then,
    in interleaved rounds, times and sizes:
      - Backup-Database -ConnectionString (pg_dump -Fc -Z0 streamed through zstd -3 and SHA-256)
      - pg_dump -Fc to a local file (its built-in gzip)
      - the runbook way: pg_dump | gzip > file.sql.gz
    and restores:
      - Restore-Database into a new database (sibling, hash, row counts, swap)
      - pg_restore -d of the pg_dump -Fc file into a new database
    It prints medians and ratios. A report, not a gate. Needs pg_dump, pg_restore, psql and gzip on PATH.

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

    $times = @{ Module = @(); Fc = @(); Gzip = @(); ModuleRestore = @(); PgRestore = @() }
    $sizes = @{}
    foreach ($round in 1..$Rounds) {
        $folder = Join-Path $work "round$round"
        $null = New-Item -ItemType Directory -Path $folder
        $times.Module += Measure-Once { $script:info = Backup-Database -ConnectionString $source -Destination $folder }
        $sizes.Module = $info.Size
        $fc = Join-Path $folder 'bench.dump'
        $times.Fc += Measure-Once { pg_dump -Fc -d $database -f $fc; if ($LASTEXITCODE) { throw 'pg_dump -Fc failed' } }
        $sizes.Fc = (Get-Item $fc).Length
        $gz = Join-Path $folder 'bench.sql.gz'
        $times.Gzip += Measure-Once { bash -c "set -o pipefail; pg_dump -d '$database' | gzip > '$gz'"; if ($LASTEXITCODE) { throw 'pg_dump | gzip failed' } }
        $sizes.Gzip = (Get-Item $gz).Length

        $target = "opsmodule_bench_r$round"
        $times.ModuleRestore += Measure-Once { $null = $info | Restore-Database -TargetConnectionString ($ConnectionString -replace 'Database=[^;]*', "Database=$target") -Force }
        $plain = "opsmodule_bench_p$round"
        $times.PgRestore += Measure-Once {
            Invoke-Sql postgres "CREATE DATABASE $plain;" | Out-Null
            pg_restore -d $plain $fc
            if ($LASTEXITCODE) { throw 'pg_restore failed' }
        }
        Invoke-Sql postgres "DROP DATABASE $target; DROP DATABASE $plain;" | Out-Null
        Remove-Item $folder -Recurse -Force
    }

    $m = @{}
    foreach ($key in $times.Keys) { $m[$key] = Get-Median $times[$key] }
    Write-Host ''
    Write-Host ('Backup-Database (pg_dump -Fc -Z0 | zstd -3)  {0,7:N1} s  {1,8:N0} MB' -f $m.Module, ($sizes.Module / 1MB))
    Write-Host ('pg_dump -Fc (built-in gzip) to a file       {0,7:N1} s  {1,8:N0} MB' -f $m.Fc, ($sizes.Fc / 1MB))
    Write-Host ('pg_dump | gzip (runbook)                    {0,7:N1} s  {1,8:N0} MB' -f $m.Gzip, ($sizes.Gzip / 1MB))
    Write-Host ('Restore-Database into a new database        {0,7:N1} s' -f $m.ModuleRestore)
    Write-Host ('createdb + pg_restore of the -Fc file       {0,7:N1} s' -f $m.PgRestore)
    Write-Host ''
    Write-Host ('Backup speed vs pg_dump -Fc:    {0:N2}x faster, size ratio {1:N2}' -f ($m.Fc / $m.Module), ($sizes.Module / $sizes.Fc))
    Write-Host ('Backup speed vs pg_dump | gzip: {0:N2}x faster, size ratio {1:N2}' -f ($m.Gzip / $m.Module), ($sizes.Module / $sizes.Gzip))
    Write-Host ('Restore time vs pg_restore:     {0:N2}x (Restore-Database / pg_restore; it also hashes, counts rows and swaps)' -f ($m.ModuleRestore / $m.PgRestore))
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    if ($service) { Stop-OpsTestService -Service $service }
}
