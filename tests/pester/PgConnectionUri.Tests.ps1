# postgres:// URIs with raw (not percent-encoded) passwords through the built module (adv85's F1, F5, F10): every
# parameter that takes a PostgreSQL connection refuses an unreadable one with InvalidArgument before connecting,
# showing no part of the password; a readable raw password (spaces, '%', '\') logs in to the real cluster.
BeforeDiscovery {
    $noPg = -not $env:OPS_TEST_PG
    # Passwords the tester typed raw; each has a '@', '/', '?' or '#', so its host cannot be told from it.
    $unreadable = @(
        @{ Password = 'my p@ss/word?100% sure' }
        @{ Password = 'Zx@9/q?%& z' }
        @{ Password = 'a@127.0.0.1:5432/postgres#%& z' }
        @{ Password = 'Sx@1:/?#%& z;''"\end' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PgTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/ChildProcess.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
    $root = New-TestFolder -Prefix ops-pguri

    function Assert-Refused {
        # The error is InvalidArgument of the cmdlet and shows the URI as postgres://user:***@host..., and its
        # message is word for word the one for a password of other letters (Jq@Xz/Kv): so no fragment of the
        # password is in it. (A fragment check alone would trip on words like 'wor' of 'keyword'.)
        param([object[]] $Errors, [string] $Cmdlet, [string] $Password, [string] $User, [string] $HostPart)
        $shown = "postgres://${User}:***@$HostPart"
        $reference = $null
        try { Backup-Database -ConnectionString "postgres://${User}:Jq@Xz/Kv@$HostPart" -Destination (Join-Path $root 'none') -ErrorAction Stop } catch { $reference = $_ }
        $Errors.Count | Should -BeGreaterThan 0
        $failure = $Errors[0]
        $failure.FullyQualifiedErrorId | Should -Be "InvalidArgument,OpsModule.Cmdlets.$Cmdlet"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.TargetObject | Should -Be $shown
        $failure.Exception.Message | Should -BeLike "The connection string '$([WildcardPattern]::Escape($shown))' cannot be read: *percent-encoded*-Credential*"
        $failure.Exception.Message | Should -BeExactly $reference.Exception.Message
        for ($i = 0; $i -le $Password.Length - 3; $i++) {
            $fragment = $Password.Substring($i, 3)
            # '127', '0.0', ':54', ... of the host are shown as the host, not as the password.
            if ($shown.Contains($fragment)) { continue }
            "$($failure.TargetObject) $($failure.ErrorDetails)".Contains($fragment) | Should -BeFalse -Because "'$fragment' is part of the password"
        }
    }
}

AfterAll {
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A postgres:// URI with a raw password that hides its host' {
    BeforeAll {
        $hostPart = '127.0.0.1:5432/Pagila-Prod'
        $sqlite = Join-Path $root 'app.db'
        New-SampleDatabase -Path $sqlite -Rows 10
        $sqliteBackup = Backup-Database -Path $sqlite -Destination (Join-Path $root 'bk')
    }

    It 'Backup-Database -ConnectionString refuses [<Password>] with InvalidArgument and no part of it' -TestCases $unreadable {
        $uri = "postgres://opsbk:$Password@127.0.0.1:5432/Pagila-Prod"
        $out = Backup-Database -ConnectionString $uri -Destination (Join-Path $root 'frag') -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-Refused -Errors $failed -Cmdlet BackupDatabaseCommand -Password $Password -User opsbk -HostPart $hostPart
        Test-Path (Join-Path $root 'frag') | Should -BeFalse
    }

    It 'Restore-Database -TargetConnectionString refuses [<Password>] the same way' -TestCases $unreadable {
        $uri = "postgres://opsbk:$Password@127.0.0.1:5432/Pagila-Prod"
        $failure = $null
        try { Restore-Database -BackupPath $sqliteBackup.BackupPath -TargetConnectionString $uri -Force -ErrorAction Stop } catch { $failure = $_ }
        Assert-Refused -Errors @($failure) -Cmdlet RestoreDatabaseCommand -Password $Password -User opsbk -HostPart $hostPart
    }

    It 'Invoke-DbMaintenance and Remove-DatabaseRecord -ConnectionString refuse [<Password>] the same way' -TestCases $unreadable {
        $uri = "postgres://opsbk:$Password@127.0.0.1:5432/Pagila-Prod"
        Invoke-DbMaintenance -ConnectionString $uri -Task Analyze -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-Refused -Errors $failed -Cmdlet InvokeDbMaintenanceCommand -Password $Password -User opsbk -HostPart $hostPart
        Remove-DatabaseRecord -ConnectionString $uri -Table payment -Column payment_date -OlderThan 90d -WhatIf -ErrorVariable failed2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-Refused -Errors $failed2 -Cmdlet RemoveDatabaseRecordCommand -Password $Password -User opsbk -HostPart $hostPart
    }
}

Describe 'postgres:// URIs against the real cluster' -Skip:$noPg {
    BeforeAll {
        $savedEnv = Initialize-PgTest -ConnectionString $env:OPS_TEST_PG -WorkDir $root
        $settings = Get-PgSetting $env:OPS_TEST_PG
        $server = "$($settings['Host']):$($settings['Port'])"
        # A login whose password has a space, '%', ':', ';', quotes and '\' (readable raw) and one with '@ / ? #' too.
        $role = New-PgName 'ops_uri_'
        $rawPassword = 'my pass: 100% ;''"\x'
        $hardPassword = 'my p@ss/word?100% sure#'
        $hardRole = New-PgName 'ops_urihard_'
        $database = New-PgName 'ops_uridb_'
        Invoke-Psql -Database postgres -Sql @"
CREATE ROLE $role LOGIN SUPERUSER PASSWORD '$($rawPassword -replace "'", "''")';
CREATE ROLE $hardRole LOGIN SUPERUSER PASSWORD '$($hardPassword -replace "'", "''")';
CREATE DATABASE $database;
"@ | Out-Null
        Invoke-Psql -Database $database -Sql 'CREATE TABLE items(id int PRIMARY KEY, at timestamptz NOT NULL); INSERT INTO items SELECT g, now() - g * interval ''1 day'' + interval ''12 hours'' FROM generate_series(1, 50) g;' | Out-Null
        $source = Backup-Database -ConnectionString (Get-PgConnectionString -Database $database) -Destination (Join-Path $root 'pgbk')
    }

    AfterAll {
        Invoke-Psql -Database postgres -Sql "DROP DATABASE IF EXISTS $database WITH (FORCE); DROP ROLE IF EXISTS $role; DROP ROLE IF EXISTS $hardRole;" | Out-Null
        Reset-PgTest $savedEnv
    }

    It 'Test-DisasterRecovery -ScratchConnectionString refuses a raw password with @ / ? # before touching the server' {
        $uri = "postgres://${hardRole}:$hardPassword@$server/postgres"
        $result = $source | Test-DisasterRecovery -ScratchConnectionString $uri -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        Assert-Refused -Errors $failed -Cmdlet TestDisasterRecoveryCommand -Password $hardPassword -User $hardRole -HostPart "$server/postgres"
    }

    It 'reads the same password percent-encoded: Test-DisasterRecovery passes with it' {
        $uri = "postgres://${hardRole}:$([uri]::EscapeDataString($hardPassword))@$server/postgres"
        $result = $source | Test-DisasterRecovery -ScratchConnectionString $uri
        $result.Passed | Should -BeTrue
    }

    It 'logs in with a raw password of spaces, % and \ (read as written), and -WhatIf of Invoke-DbMaintenance shows postgres://user@host:port/db' {
        $uri = "postgres://${role}:$rawPassword@$server/$database"
        # -WhatIf talks to the host only: a child pwsh shows it on its output. The URI goes there in the environment.
        $pwsh = @(Get-PwshCommand)
        $env:OPS_TEST_URI = $uri
        try {
            $whatIf = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module '$(Get-BuiltModulePath)'; Invoke-DbMaintenance -ConnectionString `$env:OPS_TEST_URI -Task Analyze -WhatIf" 2>&1 | ForEach-Object { "$_" }
        }
        finally {
            Remove-Item Env:OPS_TEST_URI
        }
        # Before: on target "Host=...;Port=...;Username=...;Password=***;Database=...;Pooling=False;Application Name=OpsModule".
        $whatIf | Should -Be "What if: Performing the operation `"Analyze`" on target `"postgres://$role@$server/$database`"."
        $result = Invoke-DbMaintenance -ConnectionString $uri -Task VacuumAge -Confirm:$false | Where-Object { $_ -is [OpsModule.MaintenanceResult] }
        $result.Status | Should -Be 'Succeeded'
        $result.Source | Should -Be "postgres://$role@$server/$database"
        $purge = Remove-DatabaseRecord -ConnectionString $uri -Table items -Column at -OlderThan 30d -Confirm:$false
        $purge.RowsDeleted | Should -Be 20
    }
}

Describe 'A keyword-form connection string that cannot be read' {
    It '<Cmdlet> says which setting is wrong on the redacted text, not .NET''s index into the unredacted one' -ForEach @(
        @{ Cmdlet = 'BackupDatabaseCommand'; Call = { param($cs) Backup-Database -ConnectionString $cs -Destination (Join-Path $root 'kw') -ErrorAction Stop } }
        @{ Cmdlet = 'InvokeDbMaintenanceCommand'; Call = { param($cs) Invoke-DbMaintenance -ConnectionString $cs -Task Analyze -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'RemoveDatabaseRecordCommand'; Call = { param($cs) Remove-DatabaseRecord -ConnectionString $cs -Table t -Column c -OlderThan 1d -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'GetServiceHealthCommand'; Call = { param($cs) Get-ServiceHealth -ConnectionString $cs -ErrorAction Stop } }
    ) {
        # Before: "... cannot be read: Format of the initialization string does not conform to specification starting at
        # index 26." (DbConnectionStringBuilder's count over the unredacted text: it tells the password's length).
        $cases = [ordered]@{
            'Hostx=;;=='                      = @{ Shown = 'Hostx=;;=='; Says = "*setting 2 has no keyword before its '='*" }
            'Host=db1;Password=Sekr3t;;==x'   = @{ Shown = 'Host=db1;Password=***;;***'; Says = "*setting 3, after the Password setting, has no keyword before its '='*single quotes*" }
            'Host=db1;Port'                   = @{ Shown = 'Host=db1;Port'; Says = "*setting 2 has no '='*" }
            'Host=db1;Password=Sek;r3t;Port=5' = @{ Shown = 'Host=db1;Password=***;***;Port=5'; Says = "*setting 3, after the Password setting, has no '='*single quotes*" }
            'Host=db1;Password=Sek;r3=t'      = @{ Shown = 'Host=db1;Password=***;***'; Says = '*setting 3, after the Password setting, is not a setting PostgreSQL connections know*' }
            "Host=db1;Password='Sekr3t"       = @{ Shown = 'Host=db1;Password=***'; Says = "*setting 2 opens a quote (') for the value of 'Password' that is not closed*" }
            'Host=db1;Port=5x'                = @{ Shown = 'Host=db1;Port=5x'; Says = "*the value given for 'Port' is not one that setting takes*" }
            'Host=db1;Bogus=1'                = @{ Shown = 'Host=db1;Bogus=1'; Says = "*'Bogus' (setting 2) is not a setting PostgreSQL connections know*" }
        }
        foreach ($cs in $cases.Keys) {
            $caught = $null
            try { & $Call $cs } catch { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty -Because $cs
            $caught.FullyQualifiedErrorId | Should -Be "InvalidArgument,OpsModule.Cmdlets.$Cmdlet" -Because $cs
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $message = $caught.Exception.Message
            $message | Should -BeLike "*'$([WildcardPattern]::Escape($cases[$cs].Shown))'*" -Because $cs
            $message | Should -BeLike $cases[$cs].Says -Because $cs
            $message | Should -BeLike "*keyword form 'Host=db1;Port=5432;Database=app;Username=ops'*postgres://user@host:5432/database*" -Because $cs
            $message | Should -Not -Match 'index \d|initialization string|Couldn''t set' -Because $cs
            foreach ($secret in 'Sekr3t', 'Sek', 'r3t', 'r3=t') {
                "$message $($caught.TargetObject)" | Should -Not -BeLike "*$secret*" -Because "$cs ($secret)"
            }
        }
    }
}
