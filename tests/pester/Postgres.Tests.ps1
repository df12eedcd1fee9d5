# PostgreSQL backup and restore against the real cluster of the Test task (OPS_TEST_PG), with the real
# pg_dump / pg_restore, real shims that kill them, and real kill -9. Every test uses its own databases.
BeforeDiscovery {
    $noPg = -not $env:OPS_TEST_PG
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PgTestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force
    $root = New-TestFolder -Prefix ops-pg
    $savedEnv = Initialize-PgTest -ConnectionString $env:OPS_TEST_PG -WorkDir $root

    function New-FilledDatabase {
        # A database with one table of $Rows rows of ~100 bytes each.
        param([string] $Prefix = 'ops_pg_', [int] $Rows = 500)
        $name = New-PgName $Prefix
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $name;" | Out-Null
        Invoke-Psql -Database $name -Sql "CREATE TABLE items(id int PRIMARY KEY, body text); INSERT INTO items SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, $Rows) g;" | Out-Null
        return $name
    }

    function New-SchemaHiddenLogin {
        # A database with one schema a new login may not use: its source name, the login, and the login's connection string.
        param([string] $Prefix, [switch] $GrantItems)
        $source = New-FilledDatabase -Prefix $Prefix -Rows 10
        $role = New-PgName "$($Prefix)role_"
        Invoke-Psql -Database postgres -Sql "CREATE ROLE $role LOGIN PASSWORD 'limited-pw';" | Out-Null
        Invoke-Psql -Database $source -Sql "CREATE SCHEMA hidden; CREATE TABLE hidden.secrets(id int); $(if ($GrantItems) { "GRANT SELECT ON items TO $role;" })" | Out-Null
        $limited = (Get-PgConnectionString $source) -replace 'Username=[^;]*', "Username=$role" -replace 'Password=[^;]*', 'Password=limited-pw'
        return @{ Source = $source; Role = $role; ConnectionString = $limited }
    }
}

AfterAll {
    Reset-PgTest $savedEnv
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'PostgreSQL round trip' -Skip:$noPg {
    BeforeAll {
        $owner = New-PgName 'ops_owner_'
        $reader = New-PgName 'ops_reader_'
        $source = New-PgName 'ops_rich_'
        Invoke-Psql -Database postgres -Sql @"
CREATE ROLE $owner; CREATE ROLE $reader;
CREATE DATABASE $source OWNER $owner;
ALTER DATABASE $source SET work_mem = '8MB';
COMMENT ON DATABASE $source IS 'rich sample';
REVOKE ALL ON DATABASE $source FROM PUBLIC;
GRANT CONNECT ON DATABASE $source TO $reader;
"@ | Out-Null
        Invoke-Psql -Database $source -Sql @"
CREATE SCHEMA shop AUTHORIZATION $owner;
SET search_path = shop;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE SEQUENCE ticket_seq START 100;
CREATE TABLE customers(id serial PRIMARY KEY, name text NOT NULL, mood mood, score posint);
CREATE TABLE orders(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
    total numeric(10,2), ticket int DEFAULT nextval('ticket_seq'), note text);
CREATE INDEX orders_customer ON orders(customer_id);
CREATE TABLE audit(id serial PRIMARY KEY, note text);
CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS `$`$BEGIN INSERT INTO shop.audit(note) VALUES ('order ' || NEW.id); RETURN NEW; END`$`$;
CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_order();
CREATE TABLE events(id int, at date NOT NULL, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO customers(name, mood, score) SELECT 'customer ' || g, (ARRAY['sad','ok','happy'])[1 + g % 3]::mood, g FROM generate_series(1, 50) g;
INSERT INTO orders(customer_id, total, note) SELECT 1 + g % 50, g * 1.5, 'it''s "quoted" ' || g FROM generate_series(1, 400) g;
INSERT INTO events SELECT g, date '2025-06-01' + g, jsonb_build_object('n', g) FROM generate_series(1, 300) g;
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 300;
CREATE MATERIALIZED VIEW customer_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;
ALTER TABLE customers OWNER TO $owner;
ALTER TABLE orders OWNER TO $owner;
GRANT USAGE ON SCHEMA shop TO $reader;
GRANT SELECT ON customers, big_orders TO $reader;
"@ | Out-Null
        $destination = Join-Path $root 'rich'
    }

    It 'restores every object, row and database property into a new database' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination
        $backup.Engine | Should -Be 'postgres'
        $backup.BackupPath | Should -Match '\.dump\.zst$'
        $backup.TableCounts['shop.orders'] | Should -Be 400
        $backup.TableCounts['shop.audit'] | Should -Be 400
        $backup.TableCounts['shop.events_2025'] + $backup.TableCounts['shop.events_2026'] | Should -Be 300

        $target = New-PgName 'ops_rich_copy_'
        $result = $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target)

        $result.Checks.Name | Should -Be @('Checksum', 'Integrity', 'RowCounts')
        $result.Checks.Passed | Should -Not -Contain $false
        $result.Replaced | Should -BeFalse
        Get-PgSchemaDump $target | Should -Be (Get-PgSchemaDump $source)
        $restored = Get-PgTableDigest $target | ConvertFrom-Json -AsHashtable
        $original = Get-PgTableDigest $source | ConvertFrom-Json -AsHashtable
        $restored.Keys.Count | Should -Be 5
        foreach ($table in $original.Keys) { $restored[$table] | Should -Be $original[$table] -Because $table }
        Get-PgDatabaseProperty $target | Should -Be ((Get-PgDatabaseProperty $source) -replace [regex]::Escape($source), $target)
        (Get-PgDatabaseProperty $target) | Should -Match "^$owner \| .*$reader=c/$owner.* \| \{work_mem=8MB\} \| rich sample$"
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM shop.customer_totals;' | Should -Be 50
        Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty
    }

    It 'replaces an existing database only after asking, keeps the old one with -KeepPrevious' {
        $target = New-FilledDatabase -Prefix 'ops_keep_' -Rows 7
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination

        $result = $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -KeepPrevious

        $result.Replaced | Should -BeTrue
        $result.PreviousTarget | Should -Match "/$($target)_previous_\d{8}T\d{6}$"
        $previous = ($result.PreviousTarget -split '/')[-1]
        Invoke-Psql -Database $previous -Sql 'SELECT count(*) FROM items;' | Should -Be 7
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM shop.orders;' | Should -Be 400
        Invoke-Psql -Database postgres -Sql "SELECT datallowconn FROM pg_database WHERE datname = '$previous';" | Should -Be 't'
    }

    It 'keeps a second previous database beside the first when their names would collide (restores within one second)' {
        $target = New-FilledDatabase -Prefix 'ops_keep2_' -Rows 5
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination
        # The names the next seconds' restores would take already exist (as after a restore a moment ago).
        $now = [datetime]::UtcNow
        $taken = foreach ($s in 0..20) { "$($target)_previous_$($now.AddSeconds($s).ToString('yyyyMMddTHHmmss'))" }
        foreach ($name in $taken) { $null = Invoke-Psql -Database postgres -Sql "CREATE DATABASE `"$name`";" }

        $result = $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -KeepPrevious

        $result.PreviousTarget | Should -Match "/$($target)_previous_\d{8}T\d{6}_2$"
        $previous = ($result.PreviousTarget -split '/')[-1]
        Invoke-Psql -Database $previous -Sql 'SELECT count(*) FROM items;' | Should -Be 5
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM shop.orders;' | Should -Be 400
        foreach ($name in $taken + $previous) { $null = Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS `"$name`";" }
    }

    It 'refuses to replace a non-empty target in a session nobody can answer' {
        $target = New-FilledDatabase -Prefix 'ops_ask_' -Rows 3
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination
        $result = Invoke-ChildPwsh -WorkDir $root -Script @"
Import-Module '$manifestPath'
try { Restore-Database -BackupPath '$($backup.BackupPath)' -TargetConnectionString '$(Get-PgConnectionString $target)' -ErrorAction Stop }
catch { "id: `$(`$_.FullyQualifiedErrorId)" }
"@
        $result.Output | Should -Match 'id: RestoreTargetNotEmpty,OpsModule.Cmdlets.RestoreDatabaseCommand'
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM items;' | Should -Be 3
    }

    It 'never replaces a template database, even with -Force' {
        # Swapped in, the backup would have become what CREATE DATABASE copies, and the old template was left unmarked.
        $template = New-FilledDatabase -Prefix 'ops_tpl_' -Rows 4
        Invoke-Psql -Database postgres -Sql "ALTER DATABASE $template IS_TEMPLATE true;" | Out-Null
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination
        try {
            { $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $template) -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage '*is a template database*'
            Invoke-Psql -Database $template -Sql 'SELECT count(*) FROM items;' | Should -Be 4
            Invoke-Psql -Database postgres -Sql "SELECT datistemplate FROM pg_database WHERE datname = '$template';" | Should -Be 't'
            Get-PgDatabaseLike "${template}_" | Should -BeNullOrEmpty
        }
        finally {
            Invoke-Psql -Database postgres -Sql "ALTER DATABASE $template IS_TEMPLATE false;" | Out-Null
        }
    }

    It 'changes nothing under -WhatIf' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination
        $target = New-PgName 'ops_whatif_'
        $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -WhatIf
        Get-PgDatabaseLike $target | Should -BeNullOrEmpty
    }

    It 'records in the manifest the roles the database''s objects name' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination
        $manifest = Get-Content $backup.ManifestPath -Raw | ConvertFrom-Json
        $roles = $manifest.details.roles | ConvertFrom-Json
        $roles | Should -Contain $owner
        $roles | Should -Contain $reader
    }
}

Describe 'PostgreSQL databases whose names differ only in case' -Skip:$noPg {
    It 'are two databases to Get-DatabaseBackup -Database, so -Latest | Restore-Database restores the one named (helper-124)' {
        # Before, -Database matched in any case: -Database <lower> -Latest gave both databases' newest backups, and the
        # upper-case one's was restored over the lower-case database before the second one was refused.
        $lower = New-PgName 'ops_case_'
        $upper = $lower.ToUpperInvariant()
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $lower; CREATE DATABASE `"$upper`";" | Out-Null
        Invoke-Psql -Database $lower -Sql 'CREATE TABLE lower_t(id int); INSERT INTO lower_t VALUES (1);' | Out-Null
        Invoke-Psql -Database $upper -Sql 'CREATE TABLE upper_t(id int); INSERT INTO upper_t VALUES (1), (2);' | Out-Null
        $location = Join-Path $root 'case'
        $null = Backup-Database -ConnectionString (Get-PgConnectionString $lower) -Destination $location
        $null = Backup-Database -ConnectionString (Get-PgConnectionString $upper) -Destination $location

        $found = @(Get-DatabaseBackup -Location $location -Database $lower -Latest)
        $found.Database | Should -Be @($lower)
        @(Get-DatabaseBackup -Location $location -Database $upper -Latest).Database | Should -Be @($upper)
        @(Get-DatabaseBackup -Location $location -Database 'ops_case_*').Database | Should -Be @($lower)
        @(Get-DatabaseBackup -Location $location -Database 'OPS_CASE_*').Database | Should -Be @($upper)
        # A name in neither case finds nothing, and says which names differ only in case (helper-126).
        $mixed = 'Ops_Case_' + $lower.Substring(9)
        @(Get-DatabaseBackup -Location $location -Database $mixed -WarningVariable caseWarning -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
        ($caseWarning -join ' ') | Should -BeLike "*No backup of '$mixed'*but of*'$lower'*PostgreSQL database names match case-sensitively*"
        # Also one name of several (helper-128: only a call that found nothing at all warned).
        @(Get-DatabaseBackup -Location $location -Database $upper, $mixed -Latest -WarningVariable oneOfTwo -WarningAction SilentlyContinue).Database | Should -Be @($upper)
        ($oneOfTwo -join ' ') | Should -BeLike "*No backup of '$mixed'*but of*'$lower'*"

        $found | Restore-Database -TargetConnectionString (Get-PgConnectionString $lower) -Force | Out-Null
        Invoke-Psql -Database $lower -Sql "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public';" | Should -Be 'lower_t'

        # The backup-freshness check of a folder, too (helper-126: UPPER's backup made the missing one of upper Healthy).
        $onlyUpper = Join-Path $root 'case-upper-only'
        $null = Backup-Database -ConnectionString (Get-PgConnectionString $upper) -Destination $onlyUpper
        $health = Get-ServiceHealth -Location $onlyUpper -Database $lower
        $health.Status | Should -Be 'Unhealthy'
        $health.Message | Should -BeLike "*no backup of '$lower'*(but of '$upper': PostgreSQL database names match case-sensitively)*"
        (Get-ServiceHealth -Location $onlyUpper -Database $upper).Status | Should -Be 'Healthy'
    }
}

Describe 'PostgreSQL backup under load' -Skip:$noPg {
    It 'records exactly the rows the dump holds while a writer keeps inserting' {
        $source = New-PgName 'ops_busy_'
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $source;" | Out-Null
        Invoke-Psql -Database $source -Sql @'
CREATE TABLE ticks(id bigserial PRIMARY KEY, at timestamptz DEFAULT clock_timestamp(), pad text DEFAULT repeat('x', 200));
CREATE PROCEDURE tick(n int) LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..n LOOP INSERT INTO ticks DEFAULT VALUES; COMMIT; PERFORM pg_sleep(0.001); END LOOP; END $$;
'@ | Out-Null
        $writer = Start-Psql -Database $source -Sql 'CALL tick(200000)'
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ([int](Invoke-Psql -Database $source -Sql 'SELECT count(*) FROM ticks;') -lt 200) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The writer did not start.' }
                Start-Sleep -Milliseconds 50
            }
            $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'busy')
            Start-Sleep -Milliseconds 300
            $after = [int](Invoke-Psql -Database $source -Sql 'SELECT count(*) FROM ticks;')
        }
        finally {
            Stop-ChildProcess $writer
            Invoke-Psql -Database postgres -Sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$source';" | Out-Null
        }
        $counted = $backup.TableCounts['public.ticks']
        $counted | Should -BeGreaterOrEqual 200
        $after | Should -BeGreaterThan $counted -Because 'the writer kept inserting during and after the backup'

        $target = New-PgName 'ops_busy_copy_'
        $result = $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target)
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM ticks;' | Should -Be $counted
        $result.TableCounts['public.ticks'] | Should -Be $counted
    }
}

Describe 'PostgreSQL tools that fail' -Skip:$noPg {
    BeforeAll {
        $source = New-FilledDatabase -Prefix 'ops_shim_' -Rows 20000
    }

    It 'fails with PgToolFailed and lists nothing as a backup when pg_dump dies part way' {
        $shimDir = New-Item -ItemType Directory -Path (Join-Path $root 'dump-shim') -Force
        $shim = New-PgShim -Folder $shimDir -Tool pg_dump -Body @'
set -o pipefail
"$REAL" "$@" | head -c 65536
'@
        $destination = Join-Path $root 'shim-backups'
        { Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination $destination -PgDumpPath $shim -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgToolFailed,OpsModule.Cmdlets.BackupDatabaseCommand'
        @(Get-ChildItem $destination -File) | Should -BeNullOrEmpty
    }

    It 'never puts the password on pg_dump''s command line' {
        $shimDir = New-Item -ItemType Directory -Path (Join-Path $root 'argv-shim') -Force
        $shim = New-PgShim -Folder $shimDir -Tool pg_dump -Body 'exec "$REAL" "$@"'
        $password = (Get-PgSetting $env:OPS_TEST_PG)['Password']
        $uri = "postgres://postgres:$password@$($env:PGHOST):$($env:PGPORT)/$source"

        $backup = Backup-Database -ConnectionString $uri -Destination (Join-Path $root 'argv-backups') -PgDumpPath $shim -Verbose 4>&1 |
            Tee-Object -Variable streams | Where-Object { $_ -is [OpsModule.BackupInfo] }

        $backup.TableCounts['public.items'] | Should -Be 20000
        $argv = Get-Content (Join-Path $shimDir 'argv.txt') -Raw
        $argv | Should -Match '--snapshot='
        $argv | Should -Not -Match $password
        # OPS_TEST_PG is the test harness's own variable, inherited by every child of this process.
        $envText = (Get-Content (Join-Path $shimDir 'env.txt') | Where-Object { $_ -notlike 'OPS_TEST_PG=*' }) -join "`n"
        $envText | Should -Match 'PGPASSFILE='
        $envText | Should -Not -Match $password
        $envText | Should -Match "PGDATABASE=$source"
        $backup.Source | Should -Be "postgres://postgres@$($env:PGHOST):$($env:PGPORT)/$source"
        ($streams | Out-String) | Should -Not -Match $password
        (Get-Content $backup.ManifestPath -Raw) | Should -Not -Match $password
    }

    It 'never shows a password in errors' {
        $uri = "postgres://postgres:S3cretPw@127.0.0.1:1/nothing"
        $err = $null
        Backup-Database -ConnectionString $uri -Destination (Join-Path $root 'nowhere') -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DatabaseConnectionFailed,OpsModule.Cmdlets.BackupDatabaseCommand'
        ($err[0] | Out-String) + $err[0].Exception.Message + $err[0].TargetObject | Should -Not -Match 'S3cretPw'
    }

    It 'names a missing pg_dump with PgToolNotFound' {
        { Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'x') -PgDumpPath (Join-Path $root 'no-such-pg_dump') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgToolNotFound,OpsModule.Cmdlets.BackupDatabaseCommand'
    }

    It 'names a -PgDumpPath that is another program with PgToolNotFound and the first line it printed, not its whole --version text' {
        $other = Join-Path $root 'not-pg_dump'
        [IO.File]::WriteAllText($other, "#!/bin/sh`necho 'true (GNU coreutils) 9.1'`necho 'Copyright (C) 2022 Free Software Foundation, Inc.'`necho 'License GPLv3+: GNU GPL version 3 or later.'`n")
        & chmod 755 $other

        $null = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'x') -PgDumpPath $other -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -Be 'PgToolNotFound,OpsModule.Cmdlets.BackupDatabaseCommand'
        $failed[0].Exception.Message | Should -BeLike '*did not print a PostgreSQL version (it printed true (GNU coreutils) 9.1)*'
        $failed[0].Exception.Message | Should -Not -Match 'Copyright|License'
    }

    It 'leaves the target untouched and no sibling behind when the artifact fails its checksum' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'corrupt')
        $bytes = [IO.File]::ReadAllBytes($backup.BackupPath)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0xFF
        [IO.File]::WriteAllBytes($backup.BackupPath, $bytes)
        $target = New-FilledDatabase -Prefix 'ops_corrupt_' -Rows 11
        $before = Get-PgTableDigest $target

        { $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupChecksumMismatch,OpsModule.Cmdlets.RestoreDatabaseCommand'

        Get-PgTableDigest $target | Should -Be $before
        Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty
    }

    It 'leaves the target untouched and no sibling behind when pg_restore fails halfway' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'halfway')
        $shimDir = New-Item -ItemType Directory -Path (Join-Path $root 'restore-shim') -Force
        # Only the real restore (it has --dbname) gets a truncated archive; reading the header passes.
        $shim = New-PgShim -Folder $shimDir -Tool pg_restore -Body @'
case " $* " in *--dbname=*) head -c 400000 | "$REAL" "$@"; exit $? ;; esac
exec "$REAL" "$@"
'@
        $target = New-FilledDatabase -Prefix 'ops_halfway_' -Rows 13
        $before = Get-PgTableDigest $target

        { $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -PgRestorePath $shim -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgToolFailed,OpsModule.Cmdlets.RestoreDatabaseCommand'

        Get-PgTableDigest $target | Should -Be $before
        Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty
        Get-Content (Join-Path $shimDir 'argv.txt') -Raw | Should -Match '--exit-on-error'
    }

    It 'restores with -Jobs from a 0600 spool file in -StagingPath, which is gone afterwards' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'jobs')
        $staging = New-Item -ItemType Directory -Path (Join-Path $root 'jobs-staging') -Force
        $shimDir = New-Item -ItemType Directory -Path (Join-Path $root 'jobs-shim') -Force
        # Records the spool's mode as pg_restore sees it, then runs the real pg_restore on it.
        $shim = New-PgShim -Folder $shimDir -Tool pg_restore -Body @'
case " $* " in *--jobs=*) stat -c '%a' "${@: -1}" > "$here/mode.txt" ;; esac
exec "$REAL" "$@"
'@
        $target = New-PgName 'ops_jobs_'

        $result = $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Jobs 2 -StagingPath $staging -PgRestorePath $shim

        $result.Checks.Passed | Should -Not -Contain $false
        $result.TableCounts['public.items'] | Should -Be 20000
        Get-PgTableDigest $target | Should -Be (Get-PgTableDigest $source)
        $argv = Get-Content (Join-Path $shimDir 'argv.txt')
        $argv | Should -Contain '--jobs=2'
        $argv[-1] | Should -BeLike "$staging/*"
        (Get-Content (Join-Path $shimDir 'mode.txt')).Trim() | Should -Be '600'
        @(Get-ChildItem $staging -Force) | Should -HaveCount 0
    }

    It 'deletes the -Jobs spool file and leaves the target untouched when pg_restore fails' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'jobs-fail')
        $staging = New-Item -ItemType Directory -Path (Join-Path $root 'jobs-fail-staging') -Force
        $shimDir = New-Item -ItemType Directory -Path (Join-Path $root 'jobs-fail-shim') -Force
        $shim = New-PgShim -Folder $shimDir -Tool pg_restore -Body @'
case " $* " in *--jobs=*) test -s "${@: -1}" && echo spooled > "$here/spooled.txt"; echo 'pg_restore: error: simulated failure' >&2; exit 1 ;; esac
exec "$REAL" "$@"
'@
        $target = New-FilledDatabase -Prefix 'ops_jobs_fail_' -Rows 9
        $before = Get-PgTableDigest $target

        { $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -Jobs 2 -StagingPath $staging -PgRestorePath $shim -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgToolFailed,OpsModule.Cmdlets.RestoreDatabaseCommand'

        Test-Path (Join-Path $shimDir 'spooled.txt') | Should -BeTrue -Because 'pg_restore was given a complete spool file'
        @(Get-ChildItem $staging -Force) | Should -HaveCount 0
        Get-PgTableDigest $target | Should -Be $before
        Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty
    }

    It 'refuses to swap while other sessions use the target, unless -TerminateSessions' {
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'sessions')
        $target = New-FilledDatabase -Prefix 'ops_busy_target_' -Rows 5
        $session = Start-Psql -Database $target -Sql 'SELECT pg_sleep(60)'
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ([int](Invoke-Psql -Database postgres -Sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$target';") -lt 1) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The session did not connect.' }
                Start-Sleep -Milliseconds 50
            }
            # Said before pg_restore fills a sibling (helper-124: after the whole restore, hours for a large database).
            { $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'RestoreTargetInUse,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage '*Nothing was restored; the target was not touched.'
            Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM items;' | Should -Be 5
            Invoke-Psql -Database postgres -Sql "SELECT datallowconn FROM pg_database WHERE datname = '$target';" | Should -Be 't'
            Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty

            $result = $backup | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) -Force -TerminateSessions
            $result.Replaced | Should -BeTrue
            Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM items;' | Should -Be 20000
            $session.WaitForExit(10000) | Should -BeTrue
        }
        finally {
            Stop-ChildProcess $session
            Invoke-Psql -Database postgres -Sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$target';" | Out-Null
        }
    }
}

Describe 'PostgreSQL runs that collide or die' -Skip:$noPg {
    It 'refuses a second backup of the same database to the same place with OperationInProgress, and takes the lock over after kill -9' {
        $source = New-FilledDatabase -Prefix 'ops_lock_' -Rows 100
        $destination = Join-Path $root 'lock-backups'
        $cs = Get-PgConnectionString $source
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'pg-backup-streaming' -Script "Backup-Database -ConnectionString '$cs' -Destination '$destination'"
        try {
            $err = $null
            Backup-Database -ConnectionString $cs -Destination $destination -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'OperationInProgress,OpsModule.Cmdlets.BackupDatabaseCommand'
            $err[0].Exception.Message | Should -Match "PID $($child.Process.Id)"
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }
        $backup = Backup-Database -ConnectionString $cs -Destination $destination
        $backup.TableCounts['public.items'] | Should -Be 100
        @(Get-ChildItem $destination -Filter *.manifest.json).Count | Should -Be 1
    }

    It 'serialises restores into one target, leaves it untouched when killed before the swap, and the next restore drops the dead run''s sibling' {
        $source = New-FilledDatabase -Prefix 'ops_kill_' -Rows 300
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'kill')
        $target = New-FilledDatabase -Prefix 'ops_kill_target_' -Rows 17
        $before = Get-PgTableDigest $target
        $cs = Get-PgConnectionString $target
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'pg-restore-before-swap' -Script "Restore-Database -BackupPath '$($backup.BackupPath)' -TargetConnectionString '$cs' -Force"
        try {
            { $backup | Restore-Database -TargetConnectionString $cs -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.RestoreDatabaseCommand'
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }

        Get-PgTableDigest $target | Should -Be $before
        $left = @(Get-PgDatabaseLike "$($target)_restore_")
        $left.Count | Should -Be 1

        $result = $backup | Restore-Database -TargetConnectionString $cs -Force -WarningVariable warnings 3>$null
        $result.Replaced | Should -BeTrue
        ($warnings -join ' ') | Should -Match ([regex]::Escape($left[0]))
        Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM items;' | Should -Be 300
    }

    It 'opens a target again that a restore killed in its swap left closed to connections, and says why a backup of it meanwhile fails (helper-124)' {
        # Before, a run killed after ALTER DATABASE ... ALLOW_CONNECTIONS false (its finally never ran) left the live
        # database refusing every connection, and the next restore dropped the sibling but kept it closed.
        $source = New-FilledDatabase -Prefix 'ops_swapkill_' -Rows 200
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'swapkill')
        $target = New-FilledDatabase -Prefix 'ops_swapkill_target_' -Rows 9
        $cs = Get-PgConnectionString $target
        $code = Stop-AtPause -WorkDir $root -ModulePath $manifestPath -Point 'pg-restore-target-closed' -Script "Restore-Database -BackupPath '$($backup.BackupPath)' -TargetConnectionString '$cs' -Force"
        $code | Should -Not -Be 0
        Invoke-Psql -Database postgres -Sql "SELECT datallowconn FROM pg_database WHERE datname = '$target';" | Should -Be 'f'

        { Backup-Database -ConnectionString $cs -Destination (Join-Path $root 'swapkill') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DatabaseConnectionFailed,OpsModule.Cmdlets.BackupDatabaseCommand' -ExpectedMessage '*does not accept connections*ALLOW_CONNECTIONS true*the next Restore-Database into it opens it too*'

        $result = $backup | Restore-Database -TargetConnectionString $cs -Force -WarningVariable warnings 3>$null

        $result.Replaced | Should -BeTrue
        ($warnings -join ' ') | Should -BeLike "*Re-opening '$target' to connections*"
        Invoke-Psql -Database postgres -Sql "SELECT datallowconn FROM pg_database WHERE datname = '$target';" | Should -Be 't'
        Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM items;' | Should -Be 200
        Get-PgDatabaseLike "$($target)_" | Should -BeNullOrEmpty
    }

    It 'leaves the passfile of a backup killed with kill -9 to the next backup, which removes it' {
        $source = New-FilledDatabase -Prefix 'ops_leftpass_' -Rows 100
        $cs = Get-PgConnectionString $source
        # The runs' temp folder, where their passfiles (the superuser's password) go.
        $tmp = New-Item -ItemType Directory -Path (Join-Path $root 'leftpass-tmp') -Force
        $destination = Join-Path $root 'leftpass'
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'pg-backup-streaming' -Environment @{ TMPDIR = $tmp } -Script "Backup-Database -ConnectionString '$cs' -Destination '$destination'"
        try {
            $left = @(Get-ChildItem -LiteralPath $tmp -Force -Filter 'opsmodule-pgpass*')
            $left.Count | Should -Be 1
            (stat -c '%a' $left[0].FullName) | Should -Be '600'
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }
        Test-Path -LiteralPath $left[0].FullName | Should -BeTrue -Because 'kill -9 runs no cleanup'

        $next = Invoke-ChildPwsh -WorkDir $root -Environment @{ TMPDIR = $tmp } -Script "Import-Module '$manifestPath'; (Backup-Database -ConnectionString '$cs' -Destination '$destination').TableCounts['public.items']"

        $next.Output | Should -Match '^100\s*$'
        @(Get-ChildItem -LiteralPath $tmp -Force -Filter 'opsmodule-pgpass*') | Should -BeNullOrEmpty
    }

    It 'leaves the staged copy, the decrypted -Jobs spool and the passfile of a killed restore to the next restore, which removes them and never a live run''s' {
        $source = New-FilledDatabase -Prefix 'ops_leftrestore_' -Rows 3000
        $keyFile = Join-Path $root 'leftrestore.key'
        [IO.File]::WriteAllBytes($keyFile, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'leftrestore') -EncryptionKey $keyFile
        $tmp = New-Item -ItemType Directory -Path (Join-Path $root 'leftrestore-tmp') -Force
        $staging = Join-Path $root 'leftrestore-staging'
        $restore = { param($Target) "Restore-Database -BackupPath '$($backup.BackupPath)' -TargetConnectionString '$(Get-PgConnectionString $Target)' -EncryptionKey '$keyFile' -Jobs 2 -StagingPath '$staging' -Force" }
        # What the runs leave: everything in the staging folder, and the passfiles in their temp folder (where .NET
        # and the lock folder put files of their own too).
        $scratch = { @(Get-ChildItem -LiteralPath $staging -Force) + @(Get-ChildItem -LiteralPath $tmp -Force -Filter 'opsmodule-pgpass*') | ForEach-Object FullName | Sort-Object }

        # A run that stays alive (paused while it spools) through all that follows.
        $live = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'pg-restore-spooling' -Environment @{ TMPDIR = $tmp } -Script "$(& $restore (New-PgName 'ops_leftlive_')) | ForEach-Object { 'LIVE ' + `$_.TableCounts['public.items'] }"
        try {
            $liveFiles = & $scratch
            $liveFiles.Count | Should -Be 4

            $dead = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'pg-restore-spooling' -Environment @{ TMPDIR = $tmp } -Script (& $restore (New-PgName 'ops_leftdead_'))
            try {
                $deadFiles = & $scratch | Where-Object { $_ -notin $liveFiles }
                # The staged (decrypted) copy's folder and its lock file, the spool, the passfile; owner-only.
                @($deadFiles | Where-Object { $_ -match '/opsmodule-restore-[0-9a-f]{12}$' }).Count | Should -Be 1
                @($deadFiles | Where-Object { $_ -match '/opsmodule-restore-[0-9a-f]{12}\.lock$' }).Count | Should -Be 1
                @($deadFiles | Where-Object { $_ -match '/opsmodule-pg-spool\.dump\.tmp-[0-9a-f]{12}$' }).Count | Should -Be 1
                @($deadFiles | Where-Object { $_ -match '/opsmodule-pgpass\.tmp-[0-9a-f]{12}$' }).Count | Should -Be 1
                $deadFiles.Count | Should -Be 4
                foreach ($file in $deadFiles) { (stat -c '%a' $file) | Should -BeIn @('600', '700') -Because $file }
            }
            finally {
                $dead.Process.Kill()
                $dead.Process.WaitForExit()
            }
            & $scratch | Should -Be (@($liveFiles) + @($deadFiles) | Sort-Object) -Because 'kill -9 runs no cleanup'

            $target = New-PgName 'ops_leftnext_'
            $next = Invoke-ChildPwsh -WorkDir $root -Environment @{ TMPDIR = $tmp } -Script @"
Import-Module '$manifestPath'
$(& $restore $target) -WarningVariable removed 3>`$null | ForEach-Object { 'NEXT ' + `$_.TableCounts['public.items'] }
`$removed | ForEach-Object { 'WARNING ' + `$_.Message }
"@

            $next.Output | Should -Match 'NEXT 3000'
            $staged = $deadFiles | Where-Object { $_ -match '/opsmodule-restore-[0-9a-f]{12}$' }
            $next.Output | Should -Match ([regex]::Escape($staged))
            & $scratch | Should -Be $liveFiles -Because 'the next restore removes what the dead run left and nothing of the live run'
            Invoke-Psql -Database $target -Sql 'SELECT count(*) FROM items;' | Should -Be 3000

            # The live run goes on with its staged copy, spool and passfile intact, and cleans up after itself.
            Remove-Item -LiteralPath $live.Signal
            $live.Process.WaitForExit(60000) | Should -BeTrue
            $live.Process.ExitCode | Should -Be 0
            $live.Output.Result | Should -Match 'LIVE 3000'
            & $scratch | Should -BeNullOrEmpty
        }
        finally {
            Stop-ChildProcess $live
        }
    }

    It 'refuses a second SQLite backup of the same file to the same place with OperationInProgress' {
        $work = New-TestFolder -Prefix ops-lock -SampleRows 200
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'backup-streaming' -Script "Backup-Database -Path '$work/app.db' -Destination '$work/backups'"
        try {
            { Backup-Database -Path "$work/app.db" -Destination "$work/backups" -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.BackupDatabaseCommand'
            # Another destination is another run: it may go ahead.
            (Backup-Database -Path "$work/app.db" -Destination "$work/elsewhere").TableCounts['orders'] | Should -Be 200
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }
    }
}

Describe 'PostgreSQL databases by name' -Skip:$noPg {
    It 'backs up every database that matches -Database, one BackupInfo each' {
        $prefix = New-PgName 'ops_many_'
        foreach ($suffix in 'a', 'b') {
            Invoke-Psql -Database postgres -Sql "CREATE DATABASE $($prefix)_$suffix;" | Out-Null
        }
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE `"$($prefix)/../odd`";" | Out-Null
        $backups = Backup-Database -ConnectionString $env:OPS_TEST_PG -Database "$($prefix)*" -Destination (Join-Path $root 'many')
        @($backups).Count | Should -Be 3
        ($backups.Database | Sort-Object) | Should -Be (@("$($prefix)/../odd", "$($prefix)_a", "$($prefix)_b") | Sort-Object)
        foreach ($b in $backups) {
            Split-Path $b.BackupPath -Parent | Should -Be (Join-Path $root 'many')
        }
    }
}

Describe 'PostgreSQL globals onto a new cluster' -Skip:$noPg {
    BeforeAll {
        $fresh = Start-FreshPgCluster
        $freshCs = $fresh.Environment['OPS_TEST_PG']
    }
    AfterAll {
        if ($fresh) { Stop-OpsTestService -Service $fresh }
    }

    It 'creates the source''s roles on a fresh cluster with -IncludeGlobals' {
        $role = New-PgName 'ops_app_role_'
        $source = New-PgName 'ops_globals_'
        Invoke-Psql -Database postgres -Sql "CREATE ROLE $role LOGIN PASSWORD 'rolepw' CONNECTION LIMIT 7; CREATE DATABASE $source OWNER $role;" | Out-Null
        Invoke-Psql -Database $source -Sql "CREATE TABLE t(a int); INSERT INTO t VALUES (1), (2); ALTER TABLE t OWNER TO $role;" | Out-Null
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'globals') -IncludeGlobals
        (Get-Content $backup.ManifestPath -Raw | ConvertFrom-Json).details.globalsArtifact | Should -Match '-globals-.*\.sql\.zst$'
        # Retention keeps the globals backup a kept backup names (helper-124: -KeepLast 1 removed it once another database's
        # run had taken newer globals, and this restore failed with BackupIncomplete).
        $other = New-FilledDatabase -Prefix 'ops_globals_other_' -Rows 5
        $null = Backup-Database -ConnectionString (Get-PgConnectionString $other) -Destination (Join-Path $root 'globals') -IncludeGlobals
        $backup.GlobalsBackupPath | Should -Exist
        $decisions = Remove-DatabaseBackup -Location (Join-Path $root 'globals') -KeepLast 1 -Confirm:$false
        ($decisions | Where-Object { $_.Backup.BackupPath -eq $backup.GlobalsBackupPath }).Reason | Should -BeLike "the roles and tablespaces of the kept backup of $source taken *"
        $backup.GlobalsBackupPath | Should -Exist
        # Also when only the globals backups are given (helper-126: the backups that name them were not in the set).
        $subset = Get-DatabaseBackup -Location (Join-Path $root 'globals') | Where-Object Engine -eq 'postgres-globals' | Remove-DatabaseBackup -KeepLast 1 -Confirm:$false
        @($subset).Count | Should -Be 2
        ($subset | Where-Object { $_.Backup.BackupPath -eq $backup.GlobalsBackupPath }).Action | Should -Be 'Keep'
        $backup.GlobalsBackupPath | Should -Exist
        $target = $freshCs -replace 'Database=[^;]*', "Database=$source"

        { $backup | Restore-Database -TargetConnectionString $target -ErrorAction Stop } |
            Should -Throw -ErrorId 'RestoreRoleMissing,OpsModule.Cmdlets.RestoreDatabaseCommand'

        $plain = $freshCs -replace 'Database=[^;]*', "Database=$($source)_noowner"
        ($backup | Restore-Database -TargetConnectionString $plain -NoOwner).TableCounts['public.t'] | Should -Be 2

        $result = $backup | Restore-Database -TargetConnectionString $target -IncludeGlobals
        $result.TableCounts['public.t'] | Should -Be 2
        $check = Invoke-ChildPwsh -WorkDir $root -Environment @{ PGPORT = $fresh.Port; PGPASSFILE = $null; PGPASSWORD = (Get-PgSetting $freshCs)['Password'] } -Script @"
psql -X -At -d $source -c "SELECT r.rolcanlogin::text || ' ' || r.rolconnlimit || ' ' || pg_get_userbyid(c.relowner) FROM pg_roles r, pg_class c WHERE r.rolname = '$role' AND c.relname = 't'"
"@
        $check.Output.Trim() | Should -Be "true 7 $role"
    }

    It 'creates a missing tablespace whose folder is ready on the new server, and otherwise warns what to do' {
        $space = New-PgName 'ops_space_'
        $folder = New-Item -ItemType Directory -Path (Join-Path $root $space)
        if ([Environment]::IsPrivilegedProcess) { $null = Invoke-ChildProcess -FilePath chown -ArgumentList 'postgres:', $folder -ThrowOnError }
        $source = New-PgName 'ops_spaced_'
        $freshLogin = @{ PGPORT = $fresh.Port; PGPASSFILE = $null; PGPASSWORD = (Get-PgSetting $freshCs)['Password'] }
        Invoke-Psql -Database postgres -Sql "CREATE TABLESPACE $space LOCATION '$folder'; COMMENT ON TABLESPACE $space IS 'fast disk'; CREATE DATABASE $source;" | Out-Null
        try {
            Invoke-Psql -Database $source -Sql 'CREATE TABLE t(a int); INSERT INTO t VALUES (1);' | Out-Null
            $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'spaces') -IncludeGlobals

            # The folder holds the source server's tablespace: the new server refuses it, and the restore goes on.
            $first = $freshCs -replace 'Database=[^;]*', "Database=$($source)_a"
            $result = $backup | Restore-Database -TargetConnectionString $first -IncludeGlobals -WarningVariable warnings 3>$null
            $result.TableCounts['public.t'] | Should -Be 1
            $text = $warnings -join "`n"
            $text | Should -Match "tablespace '$space' of the backup's globals was not created"
            $text | Should -Match ([regex]::Escape("'$folder'"))
            $text | Should -Match ([regex]::Escape("run: CREATE TABLESPACE $space "))

            # Once the folder is empty (the source's tablespace dropped), the next restore creates it.
            Invoke-Psql -Database postgres -Sql "DROP TABLESPACE $space;" | Out-Null
            $second = $freshCs -replace 'Database=[^;]*', "Database=$($source)_b"
            $null = $backup | Restore-Database -TargetConnectionString $second -IncludeGlobals -WarningVariable again 3>$null
            ($again -join "`n") | Should -Not -Match $space
            $created = Invoke-ChildProcess -FilePath psql -Environment $freshLogin -ThrowOnError -ArgumentList '-X', '-At', '-d', 'postgres', '-c',
                "SELECT pg_tablespace_location(oid) || ' | ' || shobj_description(oid, 'pg_tablespace') FROM pg_tablespace WHERE spcname = '$space'"
            $created.Output.Trim() | Should -Be "$folder | fast disk"
        }
        finally {
            Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS $source; DROP TABLESPACE IF EXISTS $space;" | Out-Null
        }
    }
}

Describe 'PostgreSQL restore messages a new user reads' -Skip:$noPg {
    It 'says what a globals artifact is and what to do instead, when it is given to -TargetConnectionString' {
        $source = New-FilledDatabase -Prefix 'ops_globmsg_' -Rows 10
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'globmsg') -IncludeGlobals
        $globals = Join-Path (Split-Path $backup.BackupPath) (Get-Content $backup.ManifestPath -Raw | ConvertFrom-Json).details.globalsArtifact

        { Restore-Database -BackupPath $globals -TargetConnectionString (Get-PgConnectionString (New-PgName 'ops_globtarget_')) -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsupportedBackup,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage "The backup '$globals' holds the PostgreSQL server's roles and tablespaces (pg_dumpall --globals-only, written by Backup-Database -IncludeGlobals), not a database, * Restore a database backup made with it and add -IncludeGlobals *, or apply its SQL to the server yourself as a superuser (zstd -dc <artifact> | psql -d postgres; *"
    }

    It 'ends the server''s sentence before its advice when the password is wrong' {
        $wrong = (Get-PgConnectionString postgres) -replace 'Password=[^;]*', 'Password=not-the-password'
        if ($wrong -notmatch 'Password=') { $wrong += ';Password=not-the-password' }

        { Backup-Database -ConnectionString $wrong -Destination (Join-Path $root 'wrongpw') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DatabaseConnectionFailed,OpsModule.Cmdlets.BackupDatabaseCommand' -ExpectedMessage '*28P01: password authentication failed for user "*". Check the host, port, database name and credentials.'
    }

    It 'says SourceNotReadable, PermissionDenied, what the login lacks and what to do, without the statement position, when the login may not read a schema' {
        $login = New-SchemaHiddenLogin -Prefix 'ops_noread_' -GrantItems
        $source, $role, $limited = $login.Source, $login.Role, $login.ConnectionString
        $destination = Join-Path $root 'noread'
        try {
            $result = Backup-Database -ConnectionString $limited -Destination $destination -ErrorVariable failed -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $failed[0].FullyQualifiedErrorId | Should -Be 'SourceNotReadable,OpsModule.Cmdlets.BackupDatabaseCommand'
            $failed[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $failed[0].Exception.Message | Should -BeLike '*42501: permission denied for schema hidden*grant the login USAGE on the schemas and SELECT on the tables*'
            $failed[0].Exception.Message | Should -Not -Match 'POSITION|limited-pw'
            @(Get-ChildItem $destination -Filter '*.dump*' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        }
        finally {
            Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS $source; DROP ROLE IF EXISTS $role;" | Out-Null
        }
    }

    It 'warns that the globals artifact -IncludeGlobals wrote is all that is left when no database could be backed up' {
        $login = New-SchemaHiddenLogin -Prefix 'ops_globleft_'
        $source, $role, $limited = $login.Source, $login.Role, $login.ConnectionString
        $destination = Join-Path $root 'globleft'
        try {
            $null = Backup-Database -ConnectionString $limited -Destination $destination -IncludeGlobals -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue

            $failed[0].FullyQualifiedErrorId | Should -Be 'SourceNotReadable,OpsModule.Cmdlets.BackupDatabaseCommand'
            $globals = @(Get-ChildItem $destination -Filter '*-globals-*' | Where-Object Name -notlike '*.manifest.json')
            $globals.Count | Should -Be 1
            @($warned | Where-Object { "$_" -like "No database was backed up, but the server's roles and tablespaces were: '$($globals[0].Name)'*" }).Count | Should -Be 1
        }
        finally {
            Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS $source; DROP ROLE IF EXISTS $role;" | Out-Null
        }
    }

    It 'refuses to replace the maintenance database postgres with another database''s backup, even with -Force, and leaves it as it was' {
        $source = New-FilledDatabase -Prefix 'ops_intopg_' -Rows 10
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'intopg')
        $before = Invoke-Psql -Database postgres -Sql "SELECT oid FROM pg_database WHERE datname = 'postgres';"

        { Restore-Database -InputObject $backup -TargetConnectionString (Get-PgConnectionString postgres) -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage "'postgres' is the server's maintenance database, and the backup is of '$source'*"

        Invoke-Psql -Database postgres -Sql "SELECT oid FROM pg_database WHERE datname = 'postgres';" | Should -Be $before
        Invoke-Psql -Database postgres -Sql "SELECT count(*) FROM pg_class WHERE relname = 'items' AND relnamespace = 'public'::regnamespace;" | Should -Be 0
    }

    It 'quotes in the Checksum check of an encrypted restore the SHA-256 the manifest holds' {
        $source = New-FilledDatabase -Prefix 'ops_encsum_' -Rows 10
        $keyFile = Join-Path $root 'encsum.key'
        [IO.File]::WriteAllBytes($keyFile, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'encsum') -EncryptionKey $keyFile
        $manifestSha = (Get-Content -Raw -LiteralPath $backup.ManifestPath | ConvertFrom-Json).sha256
        (Get-FileHash -LiteralPath $backup.BackupPath -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $manifestSha

        $result = Restore-Database -InputObject $backup -TargetConnectionString (Get-PgConnectionString (New-PgName 'ops_encsum_to_')) -EncryptionKey $keyFile -Force

        ($result.Checks | Where-Object Name -eq 'Checksum').Detail |
            Should -BeLike "The stored artifact's SHA-256 matches the manifest ($manifestSha), hashed as it was read and decrypted into a scratch copy; that copy (the decrypted bytes, SHA-256 *) was hashed again as it streamed into pg_restore and had not changed."
        $result.TableCounts['public.items'] | Should -Be 10
    }
}

Describe 'Get-ServiceHealth on PostgreSQL when the check''s own login is refused' -Skip:$noPg {
    It 'is Unknown (Severity Warning) for a wrong password, a role without CONNECT and a query the role may not read, and Unhealthy for a missing database or a closed port' {
        # Before, every one of them was Unhealthy (Severity Critical), as if the server were down.
        $hidden = New-SchemaHiddenLogin -Prefix ops_pghealth_
        $wrongPassword = (Get-PgConnectionString $hidden.Source) -replace 'Password=[^;]*', 'Password=not-the-password'
        $noConnect = New-PgName ops_pghealth_closed_
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $noConnect; REVOKE CONNECT ON DATABASE $noConnect FROM PUBLIC;" | Out-Null
        $closedPort = $env:OPS_TEST_PG -replace 'Port=\d+', 'Port=1'

        $refused = Get-ServiceHealth -ConnectionString $wrongPassword -TimeoutSec 10
        $noConnectRight = Get-ServiceHealth -ConnectionString (((Get-PgConnectionString $noConnect) -replace 'Username=[^;]*', "Username=$($hidden.Role)") -replace 'Password=[^;]*', 'Password=limited-pw') -TimeoutSec 10
        $queryDenied = Get-ServiceHealth -ConnectionString $hidden.ConnectionString -Query 'SELECT count(*) FROM hidden.secrets' -ValueCritical 10 -TimeoutSec 10
        $queryWrongPassword = Get-ServiceHealth -ConnectionString $wrongPassword -Query 'SELECT count(*) FROM items' -ValueCritical 100 -TimeoutSec 10
        $missingDatabase = Get-ServiceHealth -ConnectionString (Get-PgConnectionString (New-PgName ops_pghealth_none_)) -TimeoutSec 10
        $unreachable = Get-ServiceHealth -ConnectionString $closedPort -TimeoutSec 10

        foreach ($result in $refused, $noConnectRight, $queryDenied, $queryWrongPassword) {
            $result.Status | Should -Be 'Unknown' -Because $result.Message
            $result.Severity | Should -Be 'Warning'
            $result.Message | Should -Match 'the check could not run'
        }
        $refused.Data['SqlState'] | Should -Be '28P01'
        $refused.Message | Should -Match 'password authentication failed'
        $refused.Message | Should -Not -Match 'not-the-password'
        $noConnectRight.Data['SqlState'] | Should -Be '42501'
        $queryDenied.Data['SqlState'] | Should -Be '42501'
        $queryWrongPassword.Data['SqlState'] | Should -Be '28P01'
        $missingDatabase.Status | Should -Be 'Unhealthy'
        $missingDatabase.Message | Should -Match '3D000'
        $unreachable.Status | Should -Be 'Unhealthy'
        $unreachable.Severity | Should -Be 'Critical'
    }
}

Describe 'PostgreSQL cmdlets when the login lacks CONNECT on the database' -Skip:$noPg {
    It 'says so as a permission with the GRANT to run, not Npgsql''s text (<Command>)' -ForEach @(
        @{ Command = 'Backup-Database'; Call = { param($cs, $dir) Backup-Database -ConnectionString $cs -Destination $dir -ErrorVariable failed -ErrorAction SilentlyContinue; $failed } }
        @{ Command = 'Invoke-DbMaintenance'; Call = { param($cs, $dir) Invoke-DbMaintenance -ConnectionString $cs -Task Analyze -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null; $failed } }
    ) {
        # Before: DatabaseConnectionFailed (ConnectionError) with '42501: permission denied for database ...' followed by Npgsql's
        # 'DETAIL: Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string ...'.
        $database = New-PgName ops_pgnoconnect_
        $role = New-PgName ops_pgnoconnect_role_
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $database; REVOKE CONNECT ON DATABASE $database FROM PUBLIC; CREATE ROLE $role LOGIN PASSWORD 'no-connect-pw';" | Out-Null
        $login = (Get-PgConnectionString $database) -replace 'Username=[^;]*', "Username=$role" -replace 'Password=[^;]*', 'Password=no-connect-pw'

        $errors = @(& $Call $login (Join-Path $root "noconnect-$database") | Where-Object { $_ -is [Management.Automation.ErrorRecord] })

        $errors.Count | Should -BeGreaterThan 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseConnectionFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errors[0].Exception.Message | Should -BeLike "*refused the login '$role' the CONNECT privilege*GRANT CONNECT ON DATABASE `"$database`" TO `"$role`";*"
        $errors[0].Exception.Message | Should -Not -Match 'Include Error Detail|DETAIL:|no-connect-pw'
    }
}

Describe 'PostgreSQL cmdlets when the server refuses a setting at connect (42501, not CONNECT)' -Skip:$noPg {
    It 'keeps the server''s words and suggests no GRANT CONNECT' {
        # helper-109: every 42501 at connect was taken for a missing CONNECT privilege.
        $role = New-PgName ops_pgsetting_role_
        Invoke-Psql -Database postgres -Sql "CREATE ROLE $role LOGIN PASSWORD 'setting-pw';" | Out-Null
        $login = (Get-PgConnectionString postgres) -replace 'Username=[^;]*', "Username=$role" -replace 'Password=[^;]*', 'Password=setting-pw'

        Backup-Database -ConnectionString "$login;Options=-c log_min_duration_statement=0" -Destination (Join-Path $root "setting-$role") -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseConnectionFailed,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failed[0].Exception.Message | Should -Match '42501: permission denied to set parameter "log_min_duration_statement"'
        $failed[0].Exception.Message | Should -Not -Match 'GRANT CONNECT|Include Error Detail|setting-pw'
    }
}
