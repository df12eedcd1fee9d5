# Test-DisasterRecovery as users run it: piped from Backup-Database and from Get-DatabaseBackup -Latest, and with
# -Location, for SQLite and PostgreSQL backups in a folder and on the Test task's s3rver; and the scratch targets of
# a run killed with kill -9, which the next run removes (never a live run's). Each test has its own scratch folder
# and its own source database name, so "no scratch target left" is asserted on names nothing else uses.
BeforeDiscovery {
    $noPg = -not $env:OPS_TEST_PG
    $noS3 = -not $env:OPS_TEST_S3_ENDPOINT
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PgTestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force
    $root = New-TestFolder -Prefix ops-dr
    $savedEnv = if ($env:OPS_TEST_PG) { Initialize-PgTest -ConnectionString $env:OPS_TEST_PG -WorkDir $root } else { @{} }
    $s3 = @{ EndpointUrl = $env:OPS_TEST_S3_ENDPOINT; AccessKey = $env:OPS_TEST_S3_ACCESS_KEY; SecretKey = $env:OPS_TEST_S3_SECRET_KEY }

    function New-FilledDatabase {
        param([string] $Prefix, [int] $Rows = 300)
        $name = New-PgName $Prefix
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $name;" | Out-Null
        Invoke-Psql -Database $name -Sql "CREATE TABLE items(id int PRIMARY KEY, body text); CREATE INDEX items_body ON items(body); INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, $Rows) g;" | Out-Null
        return $name
    }

    function Assert-Recovered {
        # Every check passed, the scratch folder is empty and no scratch database of $Database is left.
        param($Result, [string] $Scratch, [string] $Database)
        $failed = @($Result.Checks | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): $($_.Detail)" })
        $failed | Should -BeNullOrEmpty
        $Result.Passed | Should -BeTrue
        @($Result.Checks.Name) | Should -Be @('Fetch', 'Restore', 'Integrity', 'RowCounts', 'Cleanup')
        @(Get-ChildItem -LiteralPath $Scratch -Force -ErrorAction Ignore) | Should -BeNullOrEmpty
        if ($Database) {
            Get-PgDatabaseLike "ops_drtest_$Database" | Should -BeNullOrEmpty
        }
    }

    function Assert-RecordedAt {
        # Get-DatabaseBackup shows this test's outcome as the backup's LastVerified.
        param($Result, [hashtable] $Connection = @{})
        $listed = Get-DatabaseBackup -Location $Result.Backup.Location @Connection | Where-Object BackupPath -eq $Result.Backup.BackupPath
        $listed | Should -Not -BeNullOrEmpty
        $listed.LastVerifiedResult | Should -BeTrue
        [math]::Abs(($listed.LastVerified - $Result.Tested).TotalSeconds) | Should -BeLessThan 1
    }

}

AfterAll {
    Reset-PgTest $savedEnv
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-DisasterRecovery of SQLite and PostgreSQL backups in a folder and on S3' -Skip:($noPg -or $noS3) {
    BeforeAll {
        $bucket = New-S3TestBucket -Prefix ops-dr-
        $s3Location = "s3://$bucket/nightly"
        $folder = Join-Path $root 'nightly'
        $sqlite = Join-Path $root 'app.db'
        New-SampleDatabase -Path $sqlite -Rows 1500
        $pgSource = New-FilledDatabase -Prefix 'ops_drs3_'
        $pgCs = Get-PgConnectionString $pgSource

        # Two SQLite backups in each place (the newer one holds more rows), one PostgreSQL backup.
        $null = Backup-Database -Path $sqlite -Destination $folder
        $null = Backup-Database -Path $sqlite -Destination $s3Location @s3
        sqlite3 $sqlite "INSERT INTO orders(customer_id, total) VALUES (1, 1), (2, 2);"
        $sqliteLocal = Backup-Database -Path $sqlite -Destination $folder
        $sqliteS3 = Backup-Database -Path $sqlite -Destination $s3Location @s3
        $pgLocal = Backup-Database -ConnectionString $pgCs -Destination $folder
        $pgS3 = Backup-Database -ConnectionString $pgCs -Destination $s3Location @s3
        $sqliteS3.TableCounts['orders'] | Should -Be 1502
    }

    It 'passes every check for a SQLite backup on S3 piped from Backup-Database' {
        $scratch = Join-Path $root 'scratch-sqlite-s3'
        $result = $sqliteS3 | Test-DisasterRecovery -ScratchPath $scratch @s3

        Assert-Recovered -Result $result -Scratch $scratch
        $result.Checks[0].Detail | Should -Match 'into the scratch folder'
        Assert-RecordedAt -Result $result -Connection $s3
    }

    It 'passes every check for a PostgreSQL backup on S3 piped from Backup-Database' {
        $scratch = Join-Path $root 'scratch-pg-s3'
        $result = $pgS3 | Test-DisasterRecovery -ScratchPath $scratch -ScratchConnectionString $env:OPS_TEST_PG @s3

        Assert-Recovered -Result $result -Scratch $scratch -Database $pgSource
        ($result.Checks | Where-Object Name -eq 'Integrity').Detail | Should -Match 'amcheck bt_index_check'
        $result.ScratchTarget | Should -Match "ops_drtest_$pgSource"
        Assert-RecordedAt -Result $result -Connection $s3
    }

    It 'fetches an S3 backup into a copy only its owner may read' -Skip:$IsWindows {
        $scratch = Join-Path $root 'scratch-private'
        $script = "Test-DisasterRecovery -BackupPath '$($sqliteS3.BackupPath)' -ScratchPath '$scratch' -EndpointUrl '$($s3.EndpointUrl)' -AccessKey '$($s3.AccessKey)' -SecretKey '$($s3.SecretKey)'"
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'drtest-restore' -Script $script
        try {
            $copy = @(Get-ChildItem -LiteralPath $scratch -File | Where-Object Name -Match '\.tmp-[0-9a-f]{12}$')
            $copy.Count | Should -Be 1
            $copy[0].UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }
    }

    It 'tests the newest backup of each database with -Location s3://' {
        $scratch = Join-Path $root 'scratch-location-s3'
        $results = @(Test-DisasterRecovery -Location $s3Location -ScratchPath $scratch -ScratchConnectionString $env:OPS_TEST_PG @s3)

        $results.Count | Should -Be 2
        @($results.Backup.BackupPath | Sort-Object) | Should -Be @(@($sqliteS3.BackupPath, $pgS3.BackupPath) | Sort-Object)
        foreach ($result in $results) {
            Assert-Recovered -Result $result -Scratch $scratch -Database $pgSource
            Assert-RecordedAt -Result $result -Connection $s3
        }
        ($results | Where-Object Engine -eq 'sqlite').Checks[3].Detail | Should -Match '1,552 rows'
    }

    It 'tests what Get-DatabaseBackup -Location of a folder -Latest emits' {
        $scratch = Join-Path $root 'scratch-catalog-local'
        $results = @(Get-DatabaseBackup -Location $folder -Latest | Test-DisasterRecovery -ScratchPath $scratch -ScratchConnectionString $env:OPS_TEST_PG)

        $results.Count | Should -Be 2
        @($results.Backup.BackupPath | Sort-Object) | Should -Be @(@($sqliteLocal.BackupPath, $pgLocal.BackupPath) | Sort-Object)
        foreach ($result in $results) {
            Assert-Recovered -Result $result -Scratch $scratch -Database $pgSource
            Assert-RecordedAt -Result $result
        }
    }

    It 'tests what Get-DatabaseBackup -Location s3:// -Latest emits' {
        $scratch = Join-Path $root 'scratch-catalog-s3'
        $results = @(Get-DatabaseBackup -Location $s3Location -Latest @s3 | Test-DisasterRecovery -ScratchPath $scratch -ScratchConnectionString $env:OPS_TEST_PG @s3)

        $results.Count | Should -Be 2
        @($results.Backup.BackupPath | Sort-Object) | Should -Be @(@($sqliteS3.BackupPath, $pgS3.BackupPath) | Sort-Object)
        foreach ($result in $results) {
            Assert-Recovered -Result $result -Scratch $scratch -Database $pgSource
            Assert-RecordedAt -Result $result -Connection $s3
        }
    }
}

Describe 'A Test-DisasterRecovery validation that quotes its connection string' -Skip:$noPg {
    It 'shows and records the check''s detail with the password masked' {
        $database = New-FilledDatabase -Prefix 'ops_drleak_' -Rows 10
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $database) -Destination (Join-Path $root 'leak')
        # The connection string a validation gets may carry the password (a -Credential or URI login); this one adds it.
        $password = 'Sup3r-S3cret'

        $result = $backup | Test-DisasterRecovery -ScratchPath (Join-Path $root 'leak-scratch') -Validation @{ Quotes = { throw "cannot use '$_;Password=Sup3r-S3cret'" } }

        $check = $result.Checks | Where-Object Name -eq 'Quotes'
        $check.Passed | Should -BeFalse
        $check.Detail | Should -BeLike '*Password=`*`*`**'
        $check.Detail | Should -Not -BeLike "*$password*"
        Get-Content -Raw "$($backup.BackupPath).verified.json" | Should -Not -BeLike "*$password*"
    }
}

Describe 'Test-DisasterRecovery and Restore-Database -NoOwner by a login with only LOGIN CREATEDB' -Skip:$noPg {
    BeforeAll {
        # What the help says a DR login needs, and what a -NoOwner restore needs; the backup is the superuser's.
        $login = New-PgName 'ops_drlogin_'
        $database = New-PgName 'ops_drmv_'
        $restored = "${database}_copy"
        Invoke-Psql -Database postgres -Sql "CREATE ROLE $login LOGIN CREATEDB PASSWORD 'drlogin-pw'; CREATE DATABASE $database;" | Out-Null
        Invoke-Psql -Database $database -Sql @"
CREATE TABLE sales(id serial PRIMARY KEY, amount numeric); INSERT INTO sales(amount) SELECT g FROM generate_series(1, 100) g;
CREATE TABLE audit_log(at timestamptz, what text); INSERT INTO audit_log SELECT now(), 'e' || g FROM generate_series(1, 30) g;
CREATE MATERIALIZED VIEW sales_total AS SELECT sum(amount) AS total FROM sales;
CREATE MATERIALIZED VIEW sales_later AS SELECT id FROM sales WITH NO DATA;
CREATE TABLE tenant_data(id serial PRIMARY KEY, tenant text NOT NULL, secret text);
INSERT INTO tenant_data(tenant, secret) SELECT (ARRAY['alice', 'bob'])[1 + g % 2], 's' || g FROM generate_series(1, 50) g;
ALTER TABLE tenant_data ENABLE ROW LEVEL SECURITY; ALTER TABLE tenant_data FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_data USING (tenant = current_user);
"@ | Out-Null
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $database) -Destination (Join-Path $root 'createdb')
        $loginConnection = (Get-PgConnectionString 'postgres') -replace 'Username=[^;]*', "Username=$login" -replace 'Password=[^;]*', 'Password=drlogin-pw'
    }

    AfterAll {
        foreach ($name in @($database, $restored) + @(Get-PgDatabaseLike "${restored}_") + @(Get-PgDatabaseLike "ops_drtest_$database")) {
            if ($name) { Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS `"$name`" WITH (FORCE);" | Out-Null }
        }
        Invoke-Psql -Database postgres -Sql "DROP ROLE IF EXISTS $login;" | Out-Null
    }

    It 'passes the DR test of a backup with materialized views and a FORCE ROW LEVEL SECURITY table, saying what it read and skipped' {
        $backup.TableCounts['public.tenant_data'] | Should -Be 50

        $result = $backup | Test-DisasterRecovery -ScratchConnectionString $loginConnection -ScratchPath (Join-Path $root 'createdb-scratch')

        Assert-Recovered -Result $result -Scratch (Join-Path $root 'createdb-scratch') -Database $database
        $integrity = ($result.Checks | Where-Object Name -eq 'Integrity').Detail
        $integrity | Should -BeLike 'amcheck is not available (*), so every table was read in full instead: 4 table(s), * bytes, all readable. Skipped 1 materialized view(s) that are not populated, as in the source*: public.sales_later.'
        ($result.Checks | Where-Object Name -eq 'RowCounts').Detail | Should -Be 'All 3 table(s) hold the row counts of the manifest (180 rows).'
    }

    It 'restores it with -NoOwner, counting all 50 rows the policy hides from the login, and leaves FORCE ROW LEVEL SECURITY in place' {
        $target = ($loginConnection -replace 'Database=[^;]*', "Database=$restored")

        $result = $backup | Restore-Database -TargetConnectionString $target -NoOwner

        $result.TableCounts['public.tenant_data'] | Should -Be 50
        ($result.Checks | Where-Object Name -eq 'RowCounts').Detail | Should -Be 'The row counts of all 3 tables equal the manifest.'
        Invoke-Psql -Database $restored -Sql "SELECT relforcerowsecurity, relowner::regrole FROM pg_class WHERE relname = 'tenant_data';" | Should -Be "t|$login"
        Invoke-Psql -Database $restored -Sql "SELECT count(*) FROM tenant_data;" | Should -Be '50'
    }
}

Describe 'Test-DisasterRecovery by a login without CREATEDB' -Skip:$noPg {
    It 'is an InsufficientPrivilege error that records nothing against the backup, which stays verified (helper-124)' {
        # Before, the scratch database's "permission denied to create database" was a failed Restore check, recorded as a
        # failed restore test: the good backup's LastVerifiedResult went from True to False and retention took it as failed.
        $login = New-PgName 'ops_nocreatedb_'
        $database = New-PgName 'ops_drweak_'
        Invoke-Psql -Database postgres -Sql "CREATE ROLE $login LOGIN PASSWORD 'weak-pw'; CREATE DATABASE $database;" | Out-Null
        try {
            Invoke-Psql -Database $database -Sql 'CREATE TABLE t(id int); INSERT INTO t VALUES (1);' | Out-Null
            $backup = Backup-Database -ConnectionString (Get-PgConnectionString $database) -Destination (Join-Path $root 'nocreatedb')
            $passed = $backup | Test-DisasterRecovery -ScratchPath (Join-Path $root 'nocreatedb-scratch')
            $passed.Passed | Should -BeTrue
            $weak = (Get-PgConnectionString 'postgres') -replace 'Username=[^;]*', "Username=$login" -replace 'Password=[^;]*', 'Password=weak-pw'

            $result = $backup | Test-DisasterRecovery -ScratchConnectionString $weak -ScratchPath (Join-Path $root 'nocreatedb-scratch') -ErrorVariable failed -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -Be 'InsufficientPrivilege,OpsModule.Cmdlets.TestDisasterRecoveryCommand'
            $failed[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $failed[0].Exception.Message | Should -BeLike '*CREATEDB*nothing was recorded*'
            (Get-DatabaseBackup -Location (Join-Path $root 'nocreatedb') -Database $database -Latest).LastVerifiedResult | Should -BeTrue
        }
        finally {
            Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS $database WITH (FORCE); DROP ROLE IF EXISTS $login;" | Out-Null
        }
    }
}

Describe 'A mistyped backup folder' {
    It 'is SourceNotFound for <Command>, not an empty list that looks like "no backups"' -ForEach @(
        @{ Command = 'Get-DatabaseBackup'; Call = { param($l) Get-DatabaseBackup -Location $l -ErrorAction Stop } }
        @{ Command = 'Remove-DatabaseBackup'; Call = { param($l) Remove-DatabaseBackup -Location $l -KeepLast 1 -Confirm:$false -ErrorAction Stop } }
        @{ Command = 'Test-DisasterRecovery'; Call = { param($l) Test-DisasterRecovery -Location $l -ErrorAction Stop } }
    ) {
        $missing = Join-Path $root 'no-such-backups'
        $class = ($Command -replace '-', '') + 'Command'

        { & $Call $missing } | Should -Throw -ErrorId "SourceNotFound,OpsModule.Cmdlets.$class"
    }
}

Describe 'Test-DisasterRecovery of a client-side encrypted backup' {
    It 'restores it with -EncryptionKey; without the key, or with another, writes an error and records no verification' {
        $sqlite = Join-Path $root 'secret.db'
        New-SampleDatabase -Path $sqlite -Rows 40
        $keyFile = Join-Path $root 'dr.key'
        [IO.File]::WriteAllBytes($keyFile, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $backup = Backup-Database -Path $sqlite -Destination (Join-Path $root 'encrypted') -EncryptionKey $keyFile
        $scratch = Join-Path $root 'scratch-encrypted'

        $otherKey = Join-Path $root 'other.key'
        [IO.File]::WriteAllBytes($otherKey, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))

        $withKey = $backup | Test-DisasterRecovery -ScratchPath $scratch -EncryptionKey $keyFile
        $withoutKey = $backup | Test-DisasterRecovery -ScratchPath $scratch -ErrorVariable missing -ErrorAction SilentlyContinue
        $wrongKey = $backup | Test-DisasterRecovery -ScratchPath $scratch -EncryptionKey $otherKey -ErrorVariable wrong -ErrorAction SilentlyContinue

        $withoutKey | Should -BeNullOrEmpty
        $wrongKey | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -Be 'EncryptionKeyRequired,OpsModule.Cmdlets.TestDisasterRecoveryCommand'
        $missing[0].Exception.Message | Should -Match '-EncryptionKey'
        $wrong[0].FullyQualifiedErrorId | Should -Be 'EncryptionKeyMismatch,OpsModule.Cmdlets.TestDisasterRecoveryCommand'
        # The passing test's record stands: a missing key says nothing about the backup.
        (Get-DatabaseBackup -Location (Join-Path $root 'encrypted')).LastVerifiedResult | Should -BeTrue
        Assert-Recovered -Result $withKey -Scratch $scratch
        ($withKey.Checks | Where-Object Name -eq 'RowCounts').Detail | Should -Match '90 rows'
    }
}

Describe 'A backup that opens only with the all-zero key' {
    It 'restores with a warning, but Test-DatabaseBackup and Test-DisasterRecovery do not pass it' {
        # What a raw key file gave before the fix, or what someone who can write to the store but has no key can plant:
        # sealed with 32 zero bytes, under the real key's fingerprint.
        $sqlite = Join-Path $root 'zero.db'
        New-SampleDatabase -Path $sqlite -Rows 20
        $realKey = Join-Path $root 'real.key'
        $zeroKey = Join-Path $root 'zero.key'
        [IO.File]::WriteAllBytes($realKey, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        [IO.File]::WriteAllBytes($zeroKey, [byte[]]::new(32))
        $real = Backup-Database -Path $sqlite -Destination (Join-Path $root 'zero-real') -EncryptionKey $realKey
        $planted = Backup-Database -Path $sqlite -Destination (Join-Path $root 'zero-planted') -EncryptionKey $zeroKey
        $manifest = Get-Content -Raw $planted.ManifestPath | ConvertFrom-Json
        $manifest.encryption.keyFingerprint = (Get-Content -Raw $real.ManifestPath | ConvertFrom-Json).encryption.keyFingerprint
        $manifest | ConvertTo-Json -Depth 6 | Set-Content $planted.ManifestPath

        $restored = Restore-Database -BackupPath $planted.BackupPath -TargetPath (Join-Path $root 'zero-restored.db') -EncryptionKey $realKey -WarningVariable restoreWarnings 3>$null
        $verification = Test-DatabaseBackup -BackupPath $planted.BackupPath -EncryptionKey $realKey -WarningAction SilentlyContinue
        $dr = Test-DisasterRecovery -BackupPath $planted.BackupPath -ScratchPath (Join-Path $root 'zero-scratch') -EncryptionKey $realKey -WarningAction SilentlyContinue

        $restored.TableCounts['orders'] | Should -Be 20
        ($restoreWarnings -join ' ') | Should -BeLike '*all-zero key*'
        $verification.Verified | Should -BeFalse
        $verification.Detail | Should -BeLike '*all-zero key*'
        $dr.Passed | Should -BeFalse
        ($dr.Checks | Where-Object { -not $_.Passed }).Detail -join ' ' | Should -BeLike '*all-zero key*'
        (Test-DatabaseBackup -BackupPath $real.BackupPath -EncryptionKey $realKey).Verified | Should -BeTrue
    }
}

Describe 'A Test-DisasterRecovery killed with kill -9' {
    It 'leaves a SQLite scratch file that a live run keeps and the next run after the kill removes' {
        $work = New-TestFolder -Prefix ops-drkill -SampleRows 3000
        $scratch = Join-Path $work 'scratch'
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'drtest-restore' -Script "Test-DisasterRecovery -BackupPath '$($backup.ManifestPath)' -ScratchPath '$scratch'"
        try {
            $left = @(Get-ChildItem -LiteralPath $scratch -Filter 'ops_drtest_app_*.db')
            $left.Count | Should -Be 1
            Get-Content -LiteralPath "$($left[0].FullName).owner" -Raw | Should -Match "^opsmodule:drtest host=\S+ pid=$($child.Process.Id) "

            # Another run while the paused one lives passes and leaves the live run's scratch file alone.
            $live = $backup | Test-DisasterRecovery -ScratchPath $scratch -WarningVariable liveWarnings 3>$null
            $live.Passed | Should -BeTrue
            ($liveWarnings -join ' ') | Should -Not -Match ([regex]::Escape($left[0].Name))
            Test-Path -LiteralPath $left[0].FullName | Should -BeTrue
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }
        Test-Path -LiteralPath $left[0].FullName | Should -BeTrue -Because 'kill -9 runs no cleanup'

        $next = $backup | Test-DisasterRecovery -ScratchPath $scratch -WarningVariable warnings 3>$null

        $next.Passed | Should -BeTrue
        ($warnings -join ' ') | Should -Match ([regex]::Escape($left[0].FullName))
        ($warnings -join ' ') | Should -Match "PID $($child.Process.Id)"
        @(Get-ChildItem -LiteralPath $scratch -Force) | Should -BeNullOrEmpty
        Remove-Item $work -Recurse -Force
    }

    It 'leaves a PostgreSQL scratch database that a live run keeps and the next run after the kill drops' -Skip:$noPg {
        $source = New-FilledDatabase -Prefix 'ops_drkill_'
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination (Join-Path $root 'drkill')
        $child = Start-PausedAt -WorkDir $root -ModulePath $manifestPath -Point 'drtest-restore' -Script "Test-DisasterRecovery -BackupPath '$($backup.ManifestPath)' -ScratchConnectionString '$env:OPS_TEST_PG'"
        try {
            $left = @(Get-PgDatabaseLike "ops_drtest_$source")
            $left.Count | Should -Be 1
            Get-PgDatabaseProperty $left[0] | Should -Match "opsmodule:drtest host=\S+ pid=$($child.Process.Id) started=\S+ created=\S+$"

            $live = $backup | Test-DisasterRecovery -ScratchConnectionString $env:OPS_TEST_PG -WarningVariable liveWarnings 3>$null
            $live.Passed | Should -BeTrue
            ($liveWarnings -join ' ') | Should -Not -Match $left[0]
            @(Get-PgDatabaseLike "ops_drtest_$source") | Should -Be $left
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }
        @(Get-PgDatabaseLike "ops_drtest_$source") | Should -Be $left -Because 'kill -9 runs no cleanup'

        $next = $backup | Test-DisasterRecovery -ScratchConnectionString $env:OPS_TEST_PG -WarningVariable warnings 3>$null

        $next.Passed | Should -BeTrue
        ($warnings -join ' ') | Should -Match $left[0]
        ($warnings -join ' ') | Should -Match "PID $($child.Process.Id)"
        Get-PgDatabaseLike "ops_drtest_$source" | Should -BeNullOrEmpty
    }
}

Describe 'Test-DisasterRecovery with a scratch folder this account may not write' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-dr-scratch-denied -SampleRows 100
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $scratch = Join-Path $work 'ro'
        $null = New-Item -ItemType Directory -Path $scratch
        $null = & chmod 555 $scratch
        $manifestPath = Get-BuiltModulePath
    }
    AfterAll {
        $null = & chmod 755 $scratch
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is DestinationNotWritable (PermissionDenied) naming the folder, tests nothing and records nothing against the backup' {
        $script = "Import-Module '$manifestPath'; `$r = Test-DisasterRecovery -BackupPath '$($backup.BackupPath)' -ScratchPath ./ro -ErrorVariable failed -ErrorAction SilentlyContinue; 'RESULTS ' + @(`$r).Count; foreach (`$e in `$failed) { 'ID ' + `$e.FullyQualifiedErrorId; 'CATEGORY ' + `$e.CategoryInfo.Category; 'TARGET ' + `$e.TargetObject; 'MESSAGE ' + `$e.Exception.Message }"

        $output = Invoke-PwshObeyingFileModes -Script $script -WorkDir $work

        $output | Should -Contain 'RESULTS 0'
        $output | Should -Contain 'ID DestinationNotWritable,OpsModule.Cmdlets.TestDisasterRecoveryCommand'
        $output | Should -Contain 'CATEGORY PermissionDenied'
        $output | Should -Contain "TARGET $scratch"
        ($output | Where-Object { $_ -like 'MESSAGE *' }) | Should -BeLike "MESSAGE The scratch folder '$scratch' does not let this account (*) create files, so the recovery test cannot restore into it; the backup was not tested and nothing was recorded against it. Give -ScratchPath a folder this account may write*"
        ($output -join "`n") | Should -Not -Match 'Access to the path'
        @(Get-ChildItem $scratch -Force) | Should -HaveCount 0
        Test-Path ($backup.BackupPath + '.verified.json') | Should -BeFalse
    }
}

Describe 'Test-DatabaseBackup of backups in a folder this account may only read' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-verify-readonly -SampleRows 100
        $folder = Join-Path $work 'backups'
        $first = Backup-Database -Path (Join-Path $work 'app.db') -Destination $folder
        $second = Backup-Database -Path (Join-Path $work 'app.db') -Destination $folder
        $null = & chmod 555 $folder
        $manifestPath = Get-BuiltModulePath
    }
    AfterAll {
        $null = & chmod 755 $folder
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'returns a verification for each backup (a read-only mount, a verifier account) and warns that it was not recorded' {
        # The build before returned nothing: an OperationFailed error per backup with .NET's 'Access to the path ... is denied.'
        $script = "Import-Module '$manifestPath'; `$r = Get-DatabaseBackup -Location ./backups | Test-DatabaseBackup -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue; " +
            "foreach (`$v in `$r) { 'VERIFIED ' + `$v.Verified + ' ' + `$v.Backup.BackupPath }; 'ERRORS ' + `$failed.Count; foreach (`$w in `$warned) { 'WARNING ' + `$w }"

        $output = Invoke-PwshObeyingFileModes -Script $script -WorkDir $work

        @($output | Where-Object { $_ -like 'VERIFIED *' } | Sort-Object) | Should -Be @(@($first, $second) | ForEach-Object { "VERIFIED True $($_.BackupPath)" } | Sort-Object)
        $output | Should -Contain 'ERRORS 0'
        $warnings = @($output | Where-Object { $_ -like 'WARNING *' })
        $warnings.Count | Should -Be 2
        $warnings[0] | Should -BeLike "WARNING The outcome could not be recorded beside '$folder/app-*' (this account may not write in that location); the result is still returned*"
        ($output -join "`n") | Should -Not -Match 'Access to the path'
        @(Get-ChildItem $folder -Filter *.verified.json) | Should -HaveCount 0
    }
}

Describe 'Test-DisasterRecovery of a SQLite backup whose rows already broke a foreign key' {
    It 'passes with Severity Warning, naming the rows, as the source has them too (SQLite enforces foreign keys only when asked)' {
        $work = New-TestFolder -Prefix ops-dr-fk
        try {
            $db = Join-Path $work 'orphans.db'
            $null = sqlite3 $db 'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id)); INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1), (2, 99);'
            $scratch = Join-Path $work 'scratch'

            $result = Backup-Database -Path $db -Destination (Join-Path $work 'bk') | Test-DisasterRecovery -ScratchPath $scratch

            $result.Passed | Should -BeTrue
            $result.Severity | Should -Be 'Warning'
            $integrity = $result.Checks | Where-Object Name -eq 'Integrity'
            $integrity.Passed | Should -BeTrue
            $integrity.Warning | Should -BeTrue
            $integrity.Detail | Should -BeLike '*integrity_check returned ok; PRAGMA foreign_key_check found violations that are in the backup as it was taken*child row 2 -> parent.'
            @($result.Checks | Where-Object { $_.Name -ne 'Integrity' -and $_.Warning }) | Should -BeNullOrEmpty

            # Without orphans: Ok, no warning.
            $null = sqlite3 $db 'DELETE FROM child WHERE id = 2;'
            $clean = Backup-Database -Path $db -Destination (Join-Path $work 'bk') | Test-DisasterRecovery -ScratchPath $scratch
            $clean.Severity | Should -Be 'Ok'
            ($clean.Checks | Where-Object Name -eq 'Integrity').Warning | Should -BeFalse
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A backup whose restore test failed, checked again by Test-DatabaseBackup' {
    It 'stays recorded as failed, and retention keeps an older unchecked backup instead of it (helper-120)' {
        $work = New-TestFolder -Prefix ops-dr-weaker
        try {
            $db = Join-Path $work 'app.db'
            $null = sqlite3 $db 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES (''a''), (''b''), (''c'');'
            $bk = Join-Path $work 'bk'
            $older = Backup-Database -Path $db -Destination $bk
            Start-Sleep -Milliseconds 20
            $newest = Backup-Database -Path $db -Destination $bk
            # The manifest now promises a row the backup does not hold: its bytes still match, its restore test fails.
            $manifestPath = "$($newest.BackupPath).manifest.json"
            (Get-Content -Raw $manifestPath) -replace '"t": 3', '"t": 4' | Set-Content -NoNewline $manifestPath

            $dr = Get-DatabaseBackup -Location $bk -Latest | Test-DisasterRecovery -ScratchPath (Join-Path $work 'scratch') -ErrorAction SilentlyContinue
            $dr.Passed | Should -BeFalse
            $check = Get-DatabaseBackup -Location $bk -Latest | Test-DatabaseBackup -WarningVariable warned -WarningAction SilentlyContinue

            # Not Verified either, so '| Where-Object Verified | Restore-Database' does not pick it (helper-122).
            $check.Verified | Should -BeFalse
            $check.Detail | Should -BeLike '*match the manifest*But its last restore test failed: Failed: RowCounts*'
            "$warned" | Should -BeLike '*its last restore test failed*stays recorded as failed until Test-DisasterRecovery passes*'
            (Get-DatabaseBackup -Location $bk -Latest).LastVerifiedResult | Should -BeFalse
            (Get-Content -Raw "$($newest.BackupPath).verified.json" | ConvertFrom-Json).tool | Should -Be 'Test-DisasterRecovery'

            $plan = Remove-DatabaseBackup -Location $bk -KeepLast 0 -WhatIf
            ($plan | Where-Object Action -eq 'Keep').Backup.BackupPath | Should -Be $older.BackupPath
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'Verification and retention results piped on to the next cmdlet' {
    It 'bind by their Backup property: verify, then restore the newest good one, DR-test it, decide retention (helper-120)' {
        $work = New-TestFolder -Prefix ops-pipe-backup
        try {
            $db = Join-Path $work 'app.db'
            $null = sqlite3 $db 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES (''a''), (''b'');'
            $bk = Join-Path $work 'bk'
            $null = Backup-Database -Path $db -Destination $bk
            $restored = Join-Path $work 'restored.db'

            $restore = Get-DatabaseBackup -Location $bk | Test-DatabaseBackup | Where-Object Verified | Select-Object -First 1 | Restore-Database -TargetPath $restored
            $dr = Get-DatabaseBackup -Location $bk -Latest | Test-DatabaseBackup | Test-DisasterRecovery -ScratchPath (Join-Path $work 'scratch')
            $again = $dr | Test-DatabaseBackup
            $plan = Get-DatabaseBackup -Location $bk | Test-DatabaseBackup | Remove-DatabaseBackup -KeepLast 1 -WhatIf

            $restore.TableCounts['t'] | Should -Be 2
            (sqlite3 $restored 'SELECT count(*) FROM t') | Should -Be '2'
            $dr.Passed | Should -BeTrue
            $again.Verified | Should -BeTrue
            @($plan).Count | Should -Be 1
            $plan.Action | Should -Be 'Keep'
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A restore check that fails on an encrypted backup' {
    It 'names the backup as it is stored, not its decrypted scratch copy (helper-120)' {
        $work = New-TestFolder -Prefix ops-enc-name
        try {
            $db = Join-Path $work 'app.db'
            $null = sqlite3 $db 'CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2);'
            $key = Join-Path $work 'backup.key'
            [IO.File]::WriteAllBytes($key, [byte[]](1..32))
            $backup = Backup-Database -Path $db -Destination (Join-Path $work 'bk') -EncryptionKey $key
            $verbose = Restore-Database -BackupPath $backup.BackupPath -TargetPath (Join-Path $work 'good.db') -EncryptionKey $key -Verbose 4>&1
            "$(@($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n")" | Should -BeLike "*Restored '$($backup.BackupPath)' to *"
            $manifestPath = "$($backup.BackupPath).manifest.json"
            (Get-Content -Raw $manifestPath) -replace '"t": 2', '"t": 3' | Set-Content -NoNewline $manifestPath

            Restore-Database -BackupPath $backup.BackupPath -TargetPath (Join-Path $work 'restored.db') -EncryptionKey $key -ErrorVariable failed -ErrorAction SilentlyContinue

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'RowCountMismatch,*'
            $failed[0].Exception.Message | Should -BeLike "The copy restored from '$($backup.BackupPath)' does not match its manifest*"
            "$($failed[0].TargetObject)" | Should -Be $backup.BackupPath
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A restore test that fails only on time' {
    It 'records the backup as verified: a backup that only grows older would never pass again (helper-122)' {
        $work = New-TestFolder -Prefix ops-dr-rpo
        try {
            $db = Join-Path $work 'app.db'
            $null = sqlite3 $db 'CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);'
            $bk = Join-Path $work 'bk'
            $backup = Backup-Database -Path $db -Destination $bk
            Start-Sleep -Milliseconds 1100

            $dr = $backup | Test-DisasterRecovery -MaxBackupAge 00:00:01 -ScratchPath (Join-Path $work 'scratch') -ErrorAction SilentlyContinue

            $dr.Passed | Should -BeFalse
            @($dr.Checks | Where-Object { -not $_.Passed }).Name | Should -Be @('Rpo')
            $listed = Get-DatabaseBackup -Location $bk -Latest
            $listed.LastVerifiedResult | Should -BeTrue
            $record = Get-Content -Raw "$($backup.BackupPath).verified.json" | ConvertFrom-Json
            $record.verified | Should -BeTrue
            $record.detail | Should -BeLike '*passed every check of its content; the test failed only on Rpo:*'
            ($listed | Test-DatabaseBackup -WarningVariable warned -WarningAction SilentlyContinue).Verified | Should -BeTrue
            $warned | Should -BeNullOrEmpty
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A validation named as a built-in check' {
    It 'is refused with InvalidArgument before anything is tested (helper-123: a failing one named Cleanup was taken for the scratch clean-up)' {
        $work = New-TestFolder -Prefix ops-dr-names
        try {
            $db = Join-Path $work 'app.db'
            $null = sqlite3 $db 'CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);'
            $backup = Backup-Database -Path $db -Destination (Join-Path $work 'bk')

            { $backup | Test-DisasterRecovery -Validation @{ Cleanup = 'select 0' } -ScratchPath (Join-Path $work 'scratch') -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.TestDisasterRecoveryCommand' -ExpectedMessage "*'Cleanup' has the name of a built-in check*"
            Test-Path "$($backup.BackupPath).verified.json" | Should -BeFalse
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
