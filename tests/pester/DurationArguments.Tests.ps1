# Ages and points in time as users type them, across the cmdlets that take them: an age that decides what is
# deleted (Remove-DatabaseBackup -OlderThan, Invoke-LogRotation -MaxAge, Remove-DatabaseRecord -OlderThan) needs a
# unit, so a bare 30 next to -Keep 30 is refused instead of meaning 30 seconds; every -Since/-Until takes a span ago.
# Real backups, real rotated gzip files and a real SQLite table made with the sqlite3 shell.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force

    function New-AgedBackups {
        # Three backups of one database in ./bk; the oldest made to look 40 days old (its manifest's created time).
        param([string] $Work)
        sqlite3 (Join-Path $Work 'r.db') 'CREATE TABLE t(v); INSERT INTO t VALUES (1);'
        $backups = 1..3 | ForEach-Object { Backup-Database -Path (Join-Path $Work 'r.db') -Destination (Join-Path $Work 'bk') }
        $manifest = Get-Content -Raw -LiteralPath $backups[0].ManifestPath | ConvertFrom-Json
        $manifest.created = [datetime]::UtcNow.AddDays(-40).ToString('o')
        $manifest | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $backups[0].ManifestPath
        return $backups
    }
}

Describe 'An age that decides what is deleted' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-age
        Push-Location $work
    }
    AfterEach {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'Remove-DatabaseBackup refuses -OlderThan <Value> (no unit) and removes nothing' -ForEach @(
        @{ Value = 1 }, @{ Value = '1' }, @{ Value = 1.5 }
    ) {
        $backups = New-AgedBackups -Work $work
        Start-Sleep -Seconds 2

        { Remove-DatabaseBackup -Location ./bk -OlderThan $Value -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.RemoveDatabaseBackupCommand' -ExpectedMessage "*'$Value' has no unit (it could be seconds or days); write ${Value}d*"
        $backups | ForEach-Object { Test-Path -LiteralPath $_.BackupPath | Should -BeTrue }
    }

    It 'refuses a negative number without a unit (-OlderThan <Value>) without suggesting a negative value with a unit' -ForEach @(
        @{ Value = -1 }, @{ Value = '-90' }
    ) {
        # Before: "write -1d, -1h, -1m or -1s", which it then refused as negative (helper-106).
        $backups = New-AgedBackups -Work $work

        { Remove-DatabaseBackup -Location ./bk -OlderThan $Value -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.RemoveDatabaseBackupCommand' -ExpectedMessage "*'$Value' has no unit and is negative; give an age or limit of zero or more with a unit, such as 30d*"
        $backups | ForEach-Object { Test-Path -LiteralPath $_.BackupPath | Should -BeTrue }
        # '-0' is no negative number (helper-109).
        { Remove-DatabaseBackup -Location ./bk -OlderThan '-0' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*'-0' has no unit (it could be seconds or days)*"
    }

    It 'Remove-DatabaseBackup takes an unquoted 30d and ''30d'' as 30 days' {
        $backups = New-AgedBackups -Work $work

        $unquoted = Remove-DatabaseBackup -Location ./bk -OlderThan 30d -WhatIf
        $quoted = Remove-DatabaseBackup -Location ./bk -OlderThan '30d' -Confirm:$false

        foreach ($decisions in $unquoted, $quoted) {
            ($decisions | Where-Object Action -eq 'Remove').Backup.BackupPath | Should -Be $backups[0].BackupPath
            @($decisions | Where-Object Action -eq 'Keep').Count | Should -Be 2
        }
        Test-Path -LiteralPath $backups[0].BackupPath | Should -BeFalse
        Test-Path -LiteralPath $backups[2].BackupPath | Should -BeTrue
    }

    It 'Remove-DatabaseBackup takes an unquoted 2s (PowerShell''s short literal 2) as 2 seconds' {
        $backups = New-AgedBackups -Work $work
        Start-Sleep -Seconds 3
        # The newest is made now: only it is younger than 2 s.
        $newest = Backup-Database -Path (Join-Path $work 'r.db') -Destination (Join-Path $work 'bk')

        $decisions = Remove-DatabaseBackup -Location ./bk -OlderThan 2s -WhatIf

        @($decisions | Where-Object Action -eq 'Remove').Count | Should -Be 3
        ($decisions | Where-Object Action -eq 'Keep').Backup.BackupPath | Should -Be $newest.BackupPath
    }

    It 'Invoke-LogRotation refuses -MaxAge 30 (no unit) and removes no rotation; 30d and ''30d'' remove only older ones' {
        New-Item -ItemType Directory logs | Out-Null
        Set-Content logs/app.log 'live line'
        foreach ($n in 1..3) {
            $stream = [IO.Compression.GZipStream]::new([IO.File]::Create("$work/logs/app.log.$n.gz"), [IO.Compression.CompressionMode]::Compress)
            $stream.Dispose()
            (Get-Item "logs/app.log.$n.gz").LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-$n * 20)
        }

        { Invoke-LogRotation -Path ./logs/app.log -Keep 30 -MaxAge 30 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.InvokeLogRotationCommand' -ExpectedMessage "*'30' has no unit*"
        { Invoke-LogRotation -Path ./logs/app.log -MaxAge '30' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.InvokeLogRotationCommand'
        (Get-ChildItem logs -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz', 'app.log.2.gz', 'app.log.3.gz')

        (Invoke-LogRotation -Path ./logs/app.log -Keep 30 -MaxAge 50d).Source | Should -Be "$work/logs/app.log.3.gz"
        (Invoke-LogRotation -Path ./logs/app.log -Keep 30 -MaxAge '30d').Source | Should -Be "$work/logs/app.log.2.gz"
        (Get-ChildItem logs -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
    }

    It 'Remove-DatabaseRecord refuses -OlderThan 90 and OlderThan = 90 in a -Definition file, and takes an unquoted 90d as 90 days' {
        sqlite3 app.db "CREATE TABLE ev(at TEXT); INSERT INTO ev VALUES (datetime('now', '-100 days')), (datetime('now', '-10 minutes'));"

        { Remove-DatabaseRecord -Path app.db -Table ev -Column at -OlderThan 90 -MinimumAge 1m -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -ExpectedMessage "*'90' has no unit*"
        Set-Content retention.psd1 "@{ Purges = @( @{ Table = 'ev'; Column = 'at'; OlderThan = 90 } ) }"
        { Remove-DatabaseRecord -Path app.db -Definition retention.psd1 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -ExpectedMessage "*OlderThan of table 'ev': '90' has no unit*"
        sqlite3 app.db 'SELECT count(*) FROM ev;' | Should -Be 2

        # An unquoted 90d in the definition file is PowerShell's decimal 90 too: 90 days, as on the command line.
        Set-Content retention.psd1 "@{ Purges = @( @{ Table = 'ev'; Column = 'at'; OlderThan = 90d } ) }"
        (Remove-DatabaseRecord -Path app.db -Definition retention.psd1 -Confirm:$false).RowsDeleted | Should -Be 1
        sqlite3 app.db "INSERT INTO ev VALUES (datetime('now', '-100 days'));"
        (Remove-DatabaseRecord -Path app.db -Table ev -Column at -OlderThan 90d -Confirm:$false).RowsDeleted | Should -Be 1
        sqlite3 app.db 'SELECT count(*) FROM ev;' | Should -Be 1
    }
}

Describe 'Get-DatabaseBackup -Since' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-since
        $backups = New-AgedBackups -Work $work
        $location = Join-Path $work 'bk'
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'takes a span ago as Measure-LogErrors does: <Since>' -ForEach @(
        @{ Since = '24h' }, @{ Since = '30d' }, @{ Since = 'yesterday' }
    ) {
        @(Get-DatabaseBackup -Location $location -Since $Since).Count | Should -Be 2
    }

    It 'takes an unquoted 1d (PowerShell''s decimal 1) as a day ago, and 50d as fifty' {
        @(Get-DatabaseBackup -Location $location -Since 1d).Count | Should -Be 2
        @(Get-DatabaseBackup -Location $location -Since 50d).Count | Should -Be 3
    }

    It 'still takes a date and a DateTime' {
        @(Get-DatabaseBackup -Location $location -Since ([datetime]::UtcNow.AddDays(-41))).Count | Should -Be 3
        @(Get-DatabaseBackup -Location $location -Since ([datetime]::UtcNow.AddDays(-2).ToString('yyyy-MM-dd'))).Count | Should -Be 2
    }

    It 'reads a year-first date the same in every culture and calendar (<Culture>), and a span with a decimal' -ForEach @(
        @{ Culture = 'th-TH' }, @{ Culture = 'fa-IR' }, @{ Culture = 'ar-SA' }, @{ Culture = 'de-DE' }, @{ Culture = 'en-US' }
    ) {
        $lines = '2026-03-11T12:00:00Z ERROR march', '2026-11-03T12:00:00Z ERROR november', '2027-06-01T12:00:00Z ERROR next year'
        $twoDaysAgo = [datetime]::UtcNow.AddDays(-2).ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)
        $before = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            ($lines | Measure-LogErrors -Summary -Since '2026-11-01' -TimeZone UTC).Entries | Should -Be 2
            ($lines | Measure-LogErrors -Summary -Since '2026-11-01T00:00:00Z' -Until '2026/12/31 23:00' -TimeZone UTC).Entries | Should -Be 1
            @(Get-DatabaseBackup -Location $location -Since $twoDaysAgo).Count | Should -Be 2
            @(Get-DatabaseBackup -Location $location -Since '1.5d').Count | Should -Be 2
            # (only the line of 2027 is after 1.5 hours ago)
            ($lines | Measure-LogErrors -Summary -Since '1.5h' -TimeZone UTC).Entries | Should -Be 1
        }
        finally {
            [cultureinfo]::CurrentCulture = $before
        }
    }

    It 'matches -Database names without regard to case in every culture (tr-TR''s dotted and dotless i too)' {
        sqlite3 (Join-Path $work 'INVENTORY.db') 'CREATE TABLE t(v); INSERT INTO t VALUES (1);'
        $null = Backup-Database -Path (Join-Path $work 'INVENTORY.db') -Destination (Join-Path $work 'inv')
        $before = [cultureinfo]::CurrentCulture
        try {
            foreach ($culture in 'tr-TR', 'az', 'en-US') {
                [cultureinfo]::CurrentCulture = $culture
                foreach ($name in 'INVENTORY', 'inventory', 'Inv*', 'i*') {
                    @(Get-DatabaseBackup -Location (Join-Path $work 'inv') -Database $name).Count | Should -Be 1 -Because "-Database $name under $culture"
                }
            }
        }
        finally {
            [cultureinfo]::CurrentCulture = $before
        }
    }

    It 'refuses a bare number, which PowerShell would read as ticks' {
        { Get-DatabaseBackup -Location $location -Since 30 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.GetDatabaseBackupCommand' -ExpectedMessage "*'30' is not a point in time*"
    }
}

Describe 'Durations in a Get-ServiceHealth definition file' {
    It 'reads an unquoted 2d as two days and 30s as thirty seconds, as parameters do' {
        $work = New-TestFolder -Prefix ops-healthdef
        try {
            $file = Join-Path $work 'recent.txt'
            'x' | Set-Content $file
            (Get-Item $file).LastWriteTime = (Get-Date).AddHours(-1)
            Set-Content (Join-Path $work 'checks.psd1') @"
@{
  Checks = @(
    @{ Name = 'quoted';   Kind = 'File'; Path = '$file'; AgeWarning = '1d'; AgeCritical = '2d' }
    @{ Name = 'unquoted'; Kind = 'File'; Path = '$file'; AgeWarning = 1d; AgeCritical = 2d }
    @{ Name = 'seconds';  Kind = 'File'; Path = '$file'; AgeWarning = 30s; AgeCritical = 60s }
  )
}
"@
            # Before, the unquoted 2d was 2 seconds: an hour-old file was Unhealthy.
            $results = Get-ServiceHealth -Definition (Join-Path $work 'checks.psd1')

            ($results | Where-Object Name -eq 'quoted').Status | Should -Be 'Healthy'
            ($results | Where-Object Name -eq 'unquoted').Status | Should -Be 'Healthy'
            ($results | Where-Object Name -eq 'seconds').Status | Should -Be 'Unhealthy'
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'An age that decides what is deleted, given as a negative span or a number with another suffix' {
    It 'Remove-DatabaseBackup refuses -OlderThan <Shown>' -ForEach @(
        @{ Shown = '(-1d)'; Value = -1d }
        @{ Shown = '(-30s)'; Value = [int16]-30 }
        @{ Shown = '30u'; Value = [uint32]30 }
        @{ Shown = '30y'; Value = [sbyte]30 }
    ) {
        { Remove-DatabaseBackup -Location $TestDrive -OlderThan $Value -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.RemoveDatabaseBackupCommand'
    }
}

Describe 'A recovery objective of Test-DisasterRecovery' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-rpo
        sqlite3 (Join-Path $work 'r.db') 'CREATE TABLE t(v); INSERT INTO t VALUES (1);'
        $backup = Backup-Database -Path (Join-Path $work 'r.db') -Destination (Join-Path $work 'bk')
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuses -<Parameter> <Value> (no unit) instead of reading it as seconds, and tests nothing' -ForEach @(
        @{ Parameter = 'MaxBackupAge'; Value = 26 }, @{ Parameter = 'MaxBackupAge'; Value = '26' }, @{ Parameter = 'MaxRestoreTime'; Value = 900 }
    ) {
        $arguments = @{ $Parameter = $Value }
        { Test-DisasterRecovery -InputObject $backup -ScratchPath $work @arguments -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.TestDisasterRecoveryCommand' -ExpectedMessage "*'$Value' has no unit (it could be seconds or days); write ${Value}d, ${Value}h*"
        Test-Path -LiteralPath "$($backup.BackupPath).verified.json" | Should -BeFalse
    }

    It 'takes -MaxBackupAge 26h and says the limit as 26 h in the Rpo check' {
        $result = Test-DisasterRecovery -InputObject $backup -ScratchPath $work -MaxBackupAge 26h -MaxRestoreTime '15m'

        $result.RpoMet | Should -BeTrue
        ($result.Checks | Where-Object Name -eq 'Rpo').Detail | Should -Match 'the limit \(-MaxBackupAge\) is 26 h\.$'
        ($result.Checks | Where-Object Name -eq 'Rto').Detail | Should -Match 'the limit \(-MaxRestoreTime\) is 15 min\.$'
    }
}
