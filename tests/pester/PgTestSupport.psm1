# Helpers for the PostgreSQL tests: psql against the Test task's throwaway cluster (OPS_TEST_PG), unique
# database and role names, and digests read with psql and pg_dump (never with OpsModule).
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot '../../tools/ChildProcess.psm1')

function Initialize-PgTest {
    # Points psql at OPS_TEST_PG through PG* variables and a 0600 passfile; returns what Reset-PgTest undoes.
    param([Parameter(Mandatory)] [string] $ConnectionString, [Parameter(Mandatory)] [string] $WorkDir)
    $builder = Get-PgSetting $ConnectionString
    $passfile = Join-Path $WorkDir 'test.pgpass'
    [IO.File]::WriteAllText($passfile, "*:*:*:*:$($builder['Password'])`n")
    [IO.File]::SetUnixFileMode($passfile, [IO.UnixFileMode]'UserRead, UserWrite')
    $saved = @{}
    $values = @{ PGHOST = $builder['Host']; PGPORT = $builder['Port']; PGUSER = $builder['Username']; PGPASSFILE = $passfile; PGDATABASE = 'postgres' }
    foreach ($name in $values.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, [string]$values[$name])
    }
    return $saved
}

function Get-PgSetting {
    # The keywords of an Npgsql connection string as a hashtable (Host, Port, Username, Password, Database).
    param([Parameter(Mandatory)] [string] $ConnectionString)
    $settings = @{}
    foreach ($pair in $ConnectionString -split ';') {
        $key, $value = $pair -split '=', 2
        if ($key) { $settings[$key.Trim()] = $value }
    }
    return $settings
}

function Reset-PgTest {
    param([hashtable] $Saved)
    foreach ($name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
}

function Invoke-Psql {
    # Runs SQL with psql (ON_ERROR_STOP) and returns its unaligned output lines.
    param([Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Sql)
    $output = $Sql | psql -X -q -v ON_ERROR_STOP=1 -At -d $Database 2>&1
    if ($LASTEXITCODE -ne 0) { throw "psql on '$Database' failed: $($output -join "`n")" }
    return $output
}

function New-PgName {
    param([Parameter(Mandatory)] [string] $Prefix)
    return $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 8)
}

function Get-PgConnectionString {
    # OPS_TEST_PG with another database.
    param([Parameter(Mandatory)] [string] $Database)
    return ($env:OPS_TEST_PG -replace 'Database=[^;]*', "Database=$Database")
}

function Get-PgTableDigest {
    # JSON of "schema.table" -> "rows:md5 of the sorted rows" for every user table (leaf partitions included).
    param([Parameter(Mandatory)] [string] $Database)
    $tables = Invoke-Psql -Database $Database -Sql @"
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1;
"@
    $digest = [ordered]@{}
    foreach ($table in $tables) {
        $digest[$table] = (Invoke-Psql -Database $Database -Sql "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) FROM ONLY $table t;") -join ''
    }
    return ($digest | ConvertTo-Json -Compress)
}

function Get-PgSchemaDump {
    # pg_dump --schema-only without the random \restrict lines of pg_dump 15.14+.
    param([Parameter(Mandatory)] [string] $Database)
    $dump = pg_dump --schema-only -d $Database
    if ($LASTEXITCODE -ne 0) { throw "pg_dump --schema-only of '$Database' failed." }
    return (($dump | Where-Object { $_ -notmatch '^\\(un)?restrict ' }) -join "`n")
}

function Get-PgDatabaseProperty {
    # Owner, sorted ACL, settings and comment of a database.
    param([Parameter(Mandatory)] [string] $Database)
    return (Invoke-Psql -Database postgres -Sql @"
SELECT pg_get_userbyid(d.datdba) || ' | ' ||
       coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(d.datacl) a), '') || ' | ' ||
       coalesce((SELECT s.setconfig::text FROM pg_db_role_setting s WHERE s.setdatabase = d.oid AND s.setrole = 0), '') || ' | ' ||
       coalesce(shobj_description(d.oid, 'pg_database'), '')
FROM pg_database d WHERE d.datname = '$Database';
"@) -join ''
}

function Get-PgDatabaseLike {
    # Names of the databases whose name starts with $Prefix.
    param([Parameter(Mandatory)] [string] $Prefix)
    return @(Invoke-Psql -Database postgres -Sql "SELECT datname FROM pg_database WHERE starts_with(datname, '$Prefix') ORDER BY 1;")
}

function Start-Psql {
    # psql running $Sql in the background (a writer, an idle session); returns the Process.
    param([Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Sql)
    return (Start-ChildProcess -FilePath psql -ArgumentList '-X', '-q', '-d', $Database, '-c', $Sql).Process
}

function New-PgShim {
    # A script that stands in for a PostgreSQL tool: it appends its argv and environment to files beside it,
    # answers --version with the real tool, and otherwise runs $Body (bash; "$REAL" is the real tool).
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Tool, [Parameter(Mandatory)] [string] $Body)
    $real = (Get-Command $Tool -CommandType Application | Select-Object -First 1).Source
    $path = Join-Path $Folder $Tool
    $script = @"
#!/bin/bash
here=`$(dirname "`$0")
REAL='$real'
printf '%s\n' "`$@" >> "`$here/argv.txt"
env >> "`$here/env.txt"
if [ "`$1" = "--version" ]; then exec "`$REAL" --version; fi
$Body
"@
    [IO.File]::WriteAllText($path, $script.Replace("`r`n", "`n"))
    [IO.File]::SetUnixFileMode($path, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
    return $path
}

function Start-FreshPgCluster {
    # A second, empty PostgreSQL cluster (a "new server" to restore onto); stop it with Stop-OpsTestService. Its
    # connection string is .Environment['OPS_TEST_PG'].
    Import-Module (Join-Path $PSScriptRoot '../services/TestServices.psm1') -Force -Global
    return Start-OpsTestService -Kind Postgres
}

Export-ModuleMember -Function Initialize-PgTest, Get-PgSetting, Reset-PgTest, Invoke-Psql, New-PgName, Get-PgConnectionString, Get-PgTableDigest,
    Get-PgSchemaDump, Get-PgDatabaseProperty, Get-PgDatabaseLike, Start-Psql, New-PgShim, Start-FreshPgCluster
