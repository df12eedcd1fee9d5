# Backup-Database as users run it: separate pwsh processes at once, kill -9 in the middle, staging files,
# and sources this account may not read; then backup folders where one manifest or verification record cannot be
# read, as Get-DatabaseBackup, Test-DisasterRecovery and Remove-DatabaseBackup list them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force

    function Start-PausedBackup {
        # A child pwsh running $Script, paused at $Point (alive), once it got there.
        param([string] $Point, [string] $Script)
        $signal = Join-Path $work "$Point-$([guid]::NewGuid().ToString('N').Substring(0, 6)).reached"
        $child = Start-ChildPwsh -WorkDir $work -Script "Import-Module '$manifestPath'`n$Script" -Environment @{
            OPSMODULE_TEST_PAUSE        = $Point
            OPSMODULE_TEST_PAUSE_SIGNAL = $signal
        }
        Wait-ForFile -Path $signal -Process $child.Process -TimeoutSeconds 90
        return $child
    }

    function Stop-Killed([object] $Child) {
        # SIGKILL: no finally block, no clean-up of its own.
        $Child.Process.Kill()
        $Child.Process.WaitForExit()
    }
}

Describe 'Backup-Database staging files' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-staging -SampleRows 3000
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'leaves a full staging copy, 0600, when killed during the copy, and the next backup removes it' {
        $child = Start-PausedBackup -Point 'backup-copying' -Script 'Backup-Database -Path ./app.db -Destination ./backups'
        Stop-Killed $child

        $left = @(Get-ChildItem (Join-Path $work 'backups') -Filter '*.tmp-*')
        $left.Count | Should -BeGreaterThan 0
        $snapshot = $left | Where-Object Name -like 'app.snapshot.tmp-*'
        $snapshot.Length | Should -Be (Get-Item (Join-Path $work 'app.db')).Length
        if (-not $IsWindows) {
            $left | ForEach-Object { $_.UnixMode | Should -Be '-rw-------' }
        }

        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')

        $backup.TableCounts['orders'] | Should -Be 3000
        @(Get-ChildItem (Join-Path $work 'backups') -Filter '*.tmp-*').Name | Should -BeNullOrEmpty
    }

    It 'stages an encrypted backup''s unencrypted copy in the temp folder, owner-only, never in the destination (helper-120)' {
        $key = Join-Path $work 'backup.key'
        [IO.File]::WriteAllBytes($key, [byte[]](1..32))
        $tmp = New-Item -ItemType Directory -Path (Join-Path $work 'tmp')
        $signal = Join-Path $work "encrypted-$([guid]::NewGuid().ToString('N').Substring(0, 6)).reached"
        $child = Start-ChildPwsh -WorkDir $work -Script "Import-Module '$manifestPath'`nBackup-Database -Path ./app.db -Destination ./backups -EncryptionKey ./backup.key" -Environment @{
            OPSMODULE_TEST_PAUSE        = 'backup-copying'
            OPSMODULE_TEST_PAUSE_SIGNAL = $signal
            TMPDIR                      = $tmp.FullName
        }
        try {
            Wait-ForFile -Path $signal -Process $child.Process -TimeoutSeconds 90

            @(Get-ChildItem (Join-Path $work 'backups') -Filter '*snapshot*').Name | Should -BeNullOrEmpty
            $staged = @(Get-ChildItem $tmp -Filter 'app.snapshot.tmp-*')
            $staged.Count | Should -Be 1
            if (-not $IsWindows) { $staged[0].UnixMode | Should -Be '-rw-------' }
        }
        finally { Stop-Killed $child }

        # The killed run's unencrypted copy is removed by the next backup, an unencrypted one too (helper-122), and nothing
        # else there: a restore test's fetched copy of a backup is not a staging copy (helper-123).
        $fetched = Join-Path $tmp 'app-20261120T000000000Z.db.zst.tmp-0123456789ab'
        Set-Content -LiteralPath $fetched -Value 'fetched'
        $next = Invoke-ChildPwsh -WorkDir $work -Script "Import-Module '$manifestPath'`n`$null = Backup-Database -Path ./app.db -Destination ./plain" -Environment @{ TMPDIR = $tmp.FullName }
        $next.ExitCode | Should -Be 0 -Because ($next.Errors -join "`n")
        @(Get-ChildItem $tmp -Filter '*.snapshot*.tmp-*').Name | Should -BeNullOrEmpty
        Test-Path -LiteralPath $fetched | Should -BeTrue
    }

    It 'removes what a run killed while compressing left in -StagingPath and in the destination' {
        $child = Start-PausedBackup -Point 'backup-streaming' -Script 'Backup-Database -Path ./app.db -Destination ./backups -StagingPath ./staging'
        Stop-Killed $child
        @(Get-ChildItem (Join-Path $work 'staging') -Filter '*.tmp-*').Count | Should -BeGreaterThan 0

        $null = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups') -StagingPath (Join-Path $work 'staging')

        @(Get-ChildItem (Join-Path $work 'staging') -Force).Name | Should -BeNullOrEmpty
        @(Get-ChildItem (Join-Path $work 'backups') -Filter '*.tmp-*').Name | Should -BeNullOrEmpty
    }

    It 'keeps the staging files of a backup that is still running' {
        # A same-named database from another folder: a second run of the same database to the same place
        # is refused with OperationInProgress (issue 6), this one may run and must leave the live run's files.
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'other')
        Copy-Item (Join-Path $work 'app.db') (Join-Path $work 'other/app.db')
        $child = Start-PausedBackup -Point 'backup-copying' -Script 'Backup-Database -Path ./app.db -Destination ./backups'
        try {
            $before = @(Get-ChildItem (Join-Path $work 'backups') -Filter '*.tmp-*').Name
            $before.Count | Should -BeGreaterThan 0

            { Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups') -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.BackupDatabaseCommand'
            $null = Backup-Database -Path (Join-Path $work 'other/app.db') -Destination (Join-Path $work 'backups')

            foreach ($name in $before) {
                Test-Path -LiteralPath (Join-Path $work 'backups' $name) | Should -BeTrue -Because 'its owner is alive'
            }
        }
        finally {
            Stop-Killed $child
        }
    }
}

Describe 'What a killed backup or verification leaves, as Get-DatabaseBackup and Remove-DatabaseBackup see it' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-killed -SampleRows 3000
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'lists a staging copy with its last write time, and retention never removes it by age' {
        $child = Start-PausedBackup -Point 'backup-copying' -Script 'Backup-Database -Path ./app.db -Destination ./backups'
        Stop-Killed $child
        $snapshot = Get-Item (Join-Path $work 'backups' 'app.snapshot.tmp-*')
        $written = [datetime]::UtcNow.AddDays(-40)
        $snapshot.LastWriteTimeUtc = $written

        $listed = @(Get-DatabaseBackup -Location (Join-Path $work 'backups') -IncludeIncomplete | Where-Object BackupPath -eq $snapshot.FullName)

        $listed | Should -HaveCount 1
        $listed[0].Created | Should -Be $written -Because 'the file''s last write time, not 01/01/0001'
        $listed[0].Created.Kind | Should -Be 'Utc'
        $decision = Remove-DatabaseBackup -Location (Join-Path $work 'backups') -OlderThan 30d -Confirm:$false | Where-Object { $_.Backup.BackupPath -eq $snapshot.FullName }
        $decision.Action | Should -Be 'Keep'
        $decision.Removed | Should -BeFalse
        $decision.Reason | Should -BeLike ('*a staging copy with no time in its name (last written {0:yyyy-MM-dd HH:mm}Z), so never removed by age*' -f $written)
        $snapshot.FullName | Should -Exist
    }

    It 'does not take a verification record that Test-DatabaseBackup left half written for a backup, and the next Test-DatabaseBackup removes it' {
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $child = Start-PausedBackup -Point 'write-before-rename' -Script "Test-DatabaseBackup -BackupPath '$($backup.BackupPath)'"
        Stop-Killed $child
        $leftover = @(Get-Item "$($backup.BackupPath).verified.json.tmp-*")
        $leftover | Should -HaveCount 1 -Because 'the killed run wrote its record under an in-flight name'

        $listed = Get-DatabaseBackup -Location (Join-Path $work 'backups') -IncludeIncomplete -Verbose 4>&1
        @($listed | Where-Object { $_ -is [OpsModule.BackupInfo] }).BackupPath | Should -Be @($backup.BackupPath)
        @($listed | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Where-Object { $_ -like "Ignoring '$($leftover[0].FullName)': it is an in-flight verification record*" } | Should -Not -BeNullOrEmpty
        @(Remove-DatabaseBackup -Location (Join-Path $work 'backups') -OlderThan 1s -WhatIf).Backup.BackupPath | Should -Be @($backup.BackupPath)

        $verification = $backup | Test-DatabaseBackup

        $verification.Verified | Should -BeTrue
        $leftover[0].FullName | Should -Not -Exist
        (Get-DatabaseBackup -Location (Join-Path $work 'backups')).LastVerifiedResult | Should -BeTrue
    }
}

Describe 'Backup-Database run by several processes at once' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-parallel
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'backs up same-named databases from different folders into one destination, every one' {
        $count = 3
        foreach ($i in 1..$count) {
            $null = New-Item -ItemType Directory (Join-Path $work "site$i")
            New-SampleDatabase -Path (Join-Path $work "site$i" 'app.db') -Rows (100 + $i)
        }
        # Each child waits for a go file, so all start their backup together.
        $go = Join-Path $work 'go'
        $children = foreach ($i in 1..$count) {
            Start-ChildPwsh -WorkDir $work -Script @"
Import-Module '$manifestPath'
while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 20 }
Backup-Database -Path ./site$i/app.db -Destination ./backups -ErrorAction Stop | Out-Null
"@
        }
        Start-Sleep -Seconds 1
        $null = New-Item -ItemType File $go
        foreach ($child in $children) {
            $child.Process.WaitForExit(120000) | Should -BeTrue
            $child.Process.ExitCode | Should -Be 0 -Because $child.Errors.Result
        }

        $backups = Get-ChildItem (Join-Path $work 'backups') -Filter '*.manifest.json' | ForEach-Object { Get-Content $_ -Raw | ConvertFrom-Json }
        @($backups).Count | Should -Be $count
        ($backups | ForEach-Object { $_.tables.orders } | Sort-Object) | Should -Be @(101..(100 + $count))
        @(Get-ChildItem (Join-Path $work 'backups') -Filter '*.tmp-*').Name | Should -BeNullOrEmpty
    }
}

Describe 'Backup-Database of a database this account may not read' -Skip:($IsWindows -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-denied -SampleRows 100
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is SourceNotReadable, not OperationFailed' {
        $null = & chmod 000 (Join-Path $work 'app.db')
        # Without CAP_DAC_OVERRIDE even root obeys file modes, as a service account does.
        $pwsh = @(Get-PwshCommand)
        $script = "Import-Module '$manifestPath'; try { Backup-Database -Path ./app.db -Destination ./backups -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
        Push-Location $work
        try {
            $output = & setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search @pwsh -NoProfile -NonInteractive -Command $script
        }
        finally {
            Pop-Location
        }

        $output[0] | Should -Be 'SourceNotReadable,OpsModule.Cmdlets.BackupDatabaseCommand'
        $output[1] | Should -Be 'PermissionDenied'
    }
}

Describe 'A connection string given where a SQLite path goes' {
    It '<Command> shows it with the password masked' -ForEach @(
        @{ Command = 'Backup-Database'; Call = { param($cs, $work) Backup-Database $cs (Join-Path $work 'b') -ErrorAction Stop } }
        @{ Command = 'Invoke-DbMaintenance'; Call = { param($cs, $work) Invoke-DbMaintenance -Path $cs -Task QuickCheck -ErrorAction Stop } }
        @{ Command = 'Repair-Database'; Call = { param($cs, $work) Repair-Database -Path $cs -WhatIf -ErrorAction Stop } }
        @{ Command = 'Backup-Database (a wildcard character in the password)'; Call = { param($cs, $work) Backup-Database -Path ($cs -replace 'S3cret', 'S3cret*?') -Destination (Join-Path $work 'b') -ErrorAction Stop } }
    ) {
        $work = New-TestFolder -Prefix ops-cs-path
        $cs = 'Host=db1;Username=app;Password=Sup3r-S3cret;Database=shop'
        try {
            $caught = $null
            try { & $Call $cs $work } catch { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty
            "$($caught.Exception.Message) $($caught.TargetObject) $($caught.ErrorDetails)" | Should -Not -BeLike '*Sup3r-S3cret*'
            $caught.Exception.Message | Should -BeLike '*Password=`*`*`**'
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'shows a mistyped s3:KEY:SECRET@bucket without its secret' {
        $work = New-TestFolder -Prefix ops-cs-s3 -SampleRows 5
        try {
            $caught = $null
            try { Backup-Database -Path (Join-Path $work 'app.db') -Destination 's3:AKIAEXAMPLE:Sup3r-S3cret@bucket/app' -ErrorAction Stop } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.BackupDatabaseCommand'
            "$($caught.Exception.Message) $($caught.TargetObject)" | Should -Not -BeLike '*Sup3r-S3cret*'
            $caught.Exception.Message | Should -BeLike '*s3://*'
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A backup location that is neither a folder nor s3://' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-scheme -SampleRows 5
        $app = Join-Path $work 'app.db'
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It '<Cmdlet> refuses <Location> with InvalidArgument saying only folders and s3:// are supported' -ForEach @(
        @{ Cmdlet = 'Backup-Database'; Location = 'gs://bucket/x'; Call = { param($l) Backup-Database -Path $app -Destination $l -ErrorAction Stop } }
        @{ Cmdlet = 'Get-DatabaseBackup'; Location = 'ftp://host/x'; Call = { param($l) Get-DatabaseBackup -Location $l -ErrorAction Stop } }
        @{ Cmdlet = 'Get-DatabaseBackup'; Location = 'https://user:Sup3r-S3cret@host/x'; Call = { param($l) Get-DatabaseBackup -Location $l -ErrorAction Stop } }
        @{ Cmdlet = 'Remove-DatabaseBackup'; Location = 'gs://bucket/x'; Call = { param($l) Remove-DatabaseBackup -Location $l -KeepLast 1 -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'Test-DisasterRecovery'; Location = 'gs://bucket/x'; Call = { param($l) Test-DisasterRecovery -Location $l -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'Test-DisasterRecovery'; Location = 'https://host/x/app-20261126T093000123Z.db.zst'; Call = { param($l) Test-DisasterRecovery -BackupPath $l -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'Restore-Database'; Location = 'gs://bucket/x/app-20261126T093000123Z.db.zst'; Call = { param($l) Restore-Database -BackupPath $l -TargetPath (Join-Path $work 'r.db') -Confirm:$false -ErrorAction Stop } }
        @{ Cmdlet = 'Test-DatabaseBackup'; Location = 'ftp://host/x/app-20261126T093000123Z.db.zst'; Call = { param($l) Test-DatabaseBackup -BackupPath $l -ErrorAction Stop } }
    ) {
        # Before, PowerShell's "Cannot find drive. A drive with the name 'gs' does not exist." (DriveNotFound).
        $command = (Get-Command $Cmdlet).ImplementingType.Name
        Push-Location $work
        try {
            { & $Call $Location } | Should -Throw -ErrorId "InvalidArgument,OpsModule.Cmdlets.$command" -ExpectedMessage '*is not a location OpsModule can read or write*folder*s3://bucket/prefix*'
        }
        finally { Pop-Location }
        try { & $Call $Location } catch { "$($_.Exception.Message) $($_.TargetObject)" | Should -Not -BeLike '*Sup3r-S3cret*' }
        Get-ChildItem $work -Name | Sort-Object | Should -Be @('app.db')
    }

    It 'Get-ServiceHealth -Location <Location> is an InvalidArgument error for that check, and the other checks still run' -ForEach @(
        @{ Location = 'gs://bucket/x' }
        @{ Location = 'file:///var/backups' }
    ) {
        $results = Get-ServiceHealth -Location $Location, $work -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'
        $failed[0].Exception.Message | Should -BeLike "Backup check '$Location'*is not a location OpsModule can read or write*"
        @($results).Count | Should -Be 1
        $results.Target | Should -Be $work

        $definition = Join-Path $work 'checks.json'
        Set-Content -LiteralPath $definition -Value (@{ Checks = @(@{ Name = 'offsite'; Kind = 'Backup'; Location = $Location }) } | ConvertTo-Json -Depth 4)
        $fromFile = Get-ServiceHealth -Definition $definition
        Remove-Item -LiteralPath $definition
        $fromFile.Status | Should -Be 'Unknown'
        $fromFile.Message | Should -BeLike "*'$Location' is not a location OpsModule can read or write*"
    }

    It 'keeps a one-letter drive (X:\backups, X://backups) a folder' {
        # A Windows drive letter is not a URI scheme; here a PowerShell drive X: stands for it.
        $null = New-PSDrive -Name X -PSProvider FileSystem -Root $work -Scope Global
        try {
            $one = Backup-Database -Path $app -Destination 'X:\one'
            $two = Backup-Database -Path $app -Destination 'X://two'

            $one.Location | Should -Be (Join-Path $work 'one')
            $two.Location | Should -Be (Join-Path $work 'two')
            @(Get-DatabaseBackup -Location 'X://two').Count | Should -Be 1
        }
        finally {
            Remove-PSDrive -Name X -Scope Global
            Remove-Item (Join-Path $work 'one'), (Join-Path $work 'two') -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'A backup named by -BackupPath whose manifest is broken' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-badmanifest
        $null = sqlite3 (Join-Path $work 'a.db') "CREATE TABLE t(v); INSERT INTO t VALUES (1);"
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is InvalidManifest in every cmdlet, saying where it breaks, not .NET''s text (<Case>)' -ForEach @(
        @{ Case = 'cut-short JSON'; Edit = { param($t) '{ "formatVersion": 1, "broken": ' }; Why = 'it is not valid JSON at line 2, byte 1|its value ''broken'' cannot be read at line 2, byte 1' }
        @{ Case = 'a size that is no number'; Edit = { param($t) $t -replace '"size":\s*\d+', '"size": "x"' }; Why = "its value 'size' cannot be read at line \d+, byte \d+" }
    ) {
        $backup = Backup-Database -Path (Join-Path $work 'a.db') -Destination (Join-Path $work "bk-$($Case -replace '\W')")
        Set-Content -LiteralPath $backup.ManifestPath -Value (& $Edit (Get-Content -Raw -LiteralPath $backup.ManifestPath))
        # The build before: SourceNotFound 'No complete backup ... was found (its manifest or artifact is missing)' from
        # Test-DatabaseBackup and Remove-DatabaseBackup, BackupIncomplete from Test-DisasterRecovery, and System.Text.Json's text.
        $calls = [ordered]@{
            TestDatabaseBackupCommand    = { Test-DatabaseBackup -BackupPath $backup.BackupPath -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; $failed }
            RemoveDatabaseBackupCommand  = { Remove-DatabaseBackup -BackupPath $backup.BackupPath -KeepLast 0 -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; $failed }
            RestoreDatabaseCommand       = { Restore-Database -BackupPath $backup.BackupPath -TargetPath (Join-Path $work 'r.db') -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
            TestDisasterRecoveryCommand  = { Test-DisasterRecovery -BackupPath $backup.BackupPath -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; $failed }
        }
        foreach ($call in $calls.GetEnumerator()) {
            $errors = @(& $call.Value | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
            $errors.Count | Should -Be 1 -Because $call.Key
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidManifest,OpsModule.Cmdlets.$($call.Key)"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].Exception.Message | Should -Match ("^The manifest '" + [regex]::Escape($backup.ManifestPath) + "' cannot be read: ($Why)\. ")
            $errors[0].Exception.Message | Should -Not -Match 'Path: \$|LineNumber|BytePositionInLine|Expected depth'
        }
        $backup.BackupPath | Should -Exist
        Join-Path $work 'r.db' | Should -Not -Exist
    }
}

Describe 'A backup folder where one manifest cannot be read' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-unreadable
        foreach ($name in 'a', 'b') {
            $null = sqlite3 (Join-Path $work "$name.db") "CREATE TABLE t(v); INSERT INTO t VALUES (1);"
        }
        $bk = Join-Path $work 'bk'
        $a = Backup-Database -Path (Join-Path $work 'a.db') -Destination $bk
        $b = Backup-Database -Path (Join-Path $work 'b.db') -Destination $bk
        # Reported per command, one line each: what was emitted, warned and failed.
        $report = @'
function Show([string] $What, [scriptblock] $Run) {
    foreach ($o in (& $Run 3>&1 2>&1)) {
        if ($o -is [Management.Automation.WarningRecord]) { "$What WARNING $o" }
        elseif ($o -is [Management.Automation.ErrorRecord]) { "$What ERROR $($o.FullyQualifiedErrorId) $o" }
        elseif ($o -is [OpsModule.DisasterRecoveryResult]) { "$What OUT $($o.Backup.BackupPath) $($o.Passed)" }
        elseif ($o -is [OpsModule.RetentionDecision]) { "$What OUT $($o.Backup.BackupPath) $($o.Action)" }
        else { "$What OUT $($o.BackupPath) $($o.Complete)" }
    }
}
'@
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is skipped with a warning naming it and why by Get-DatabaseBackup, Test-DisasterRecovery and Remove-DatabaseBackup, which go on with the rest (<Case>)' -ForEach @(
        @{ Case = 'no read permission'; Why = 'cannot be read \(permission denied for \w+\)' }
        @{ Case = 'broken JSON'; Why = 'the manifest is unreadable' }
    ) {
        if ($Case -eq 'broken JSON') { Set-Content -LiteralPath $a.ManifestPath -Value '{ "engine": ' } else { $null = & chmod 000 $a.ManifestPath }
        # Old enough for -OlderThan 1s, which removes incomplete leftovers: the skipped backup's artifact is none.
        Start-Sleep -Seconds 2
        $script = "Import-Module '$manifestPath'`n$report`n" + @'
Show GET { Get-DatabaseBackup -Location ./bk }
Show INCOMPLETE { Get-DatabaseBackup -Location ./bk -IncludeIncomplete }
Show DR { Test-DisasterRecovery -Location ./bk }
Show REMOVE { Remove-DatabaseBackup -Location ./bk -OlderThan 1s -Confirm:$false }
'@

        $output = Invoke-PwshObeyingFileModes -Script $script -WorkDir $work

        $output | Where-Object { $_ -match '^\w+ ERROR' } | Should -BeNullOrEmpty
        $output | Should -Contain "GET OUT $($b.BackupPath) True"
        $output | Should -Contain "INCOMPLETE OUT $($b.BackupPath) True"
        $output | Should -Contain "DR OUT $($b.BackupPath) True"
        $output | Should -Contain "REMOVE OUT $($b.BackupPath) Keep"
        ($output | Where-Object { $_ -match '^\w+ OUT' } | Where-Object { $_ -match [regex]::Escape($a.BackupPath) }) | Should -BeNullOrEmpty -Because 'the backup whose manifest cannot be read is neither listed, nor an incomplete leftover, nor removed'
        foreach ($command in 'GET', 'INCOMPLETE', 'REMOVE') {
            @($output | Where-Object { $_ -like "$command WARNING Skipping '$($a.ManifestPath)': *" }) | Should -HaveCount 1
        }
        ($output | Where-Object { $_ -like "GET WARNING *" }) | Should -Match $Why
        ($output | Where-Object { $_ -like "DR WARNING *" }) | Should -Match ([regex]::Escape($a.ManifestPath))
        $a.BackupPath | Should -Exist
        $a.ManifestPath | Should -Exist
        $b.BackupPath | Should -Exist
    }

    It 'keeps a backup whose verification record cannot be read: it may be the newest one that passed (<How>)' -ForEach @(
        @{ How = '-Location'; Command = 'Remove-DatabaseBackup -Location ./bk -KeepLast 1 -Confirm:$false' }
        @{ How = 'Get-DatabaseBackup piped in'; Command = 'Get-DatabaseBackup -Location ./bk -WarningAction SilentlyContinue | Remove-DatabaseBackup -KeepLast 1 -Confirm:$false' }
    ) {
        $app = Join-Path $work 'app.db'
        $null = sqlite3 $app "CREATE TABLE t(v); INSERT INTO t VALUES (1);"
        $apps = 1..3 | ForEach-Object { Start-Sleep -Milliseconds 20; Backup-Database -Path $app -Destination $bk }
        # The middle one passed verification, the newest was never tested: with the record readable, KeepLast 1 keeps the
        # newest and the verified one, and removes the oldest.
        $verified = Test-DatabaseBackup -InputObject $apps[1]
        $verified.Verified | Should -BeTrue
        $record = $apps[1].BackupPath + '.verified.json'
        $null = & chmod 000 $record
        $script = "Import-Module '$manifestPath'`n$report`nShow REMOVE { $Command }"

        $output = Invoke-PwshObeyingFileModes -Script $script -WorkDir $work

        $output | Where-Object { $_ -match '^\w+ ERROR' } | Should -BeNullOrEmpty
        $output | Should -Contain "REMOVE OUT $($apps[2].BackupPath) Keep"
        $output | Should -Contain "REMOVE OUT $($apps[1].BackupPath) Keep"
        $output | Should -Contain "REMOVE OUT $($apps[0].BackupPath) Remove"
        $apps[1].BackupPath | Should -Exist
        $apps[1].ManifestPath | Should -Exist
        $apps[0].BackupPath | Should -Not -Exist
        if ($How -eq '-Location') {
            ($output | Where-Object { $_ -like 'REMOVE WARNING *' }) -join "`n" | Should -Match ([regex]::Escape("The verification record '$record' cannot be read"))
        }
    }
}

Describe 'Backup-Database to an S3 location with a slash or colon missing' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-s3typo -SampleRows 10
        Push-Location $work
    }
    AfterEach {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuses <Destination> with InvalidArgument that shows the s3:// form, and writes nothing' -TestCases @(
        @{ Destination = 's3//ops/backups' }
        @{ Destination = 's3:/ops/backups' }
        @{ Destination = 's3:ops/backups' }
    ) {
        param($Destination)
        $caught = $null
        try { Backup-Database -Path ./app.db -Destination $Destination -ErrorAction Stop } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.BackupDatabaseCommand'
        $caught.Exception.Message | Should -Match 's3://ops/backups'
        Get-ChildItem $work -Name | Where-Object { $_ -notlike 'app.db*' } | Should -BeNullOrEmpty
        # The same mistake in a location to read is refused the same way.
        { Get-DatabaseBackup -Location $Destination -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.GetDatabaseBackupCommand'
    }
}

Describe 'A backup folder that also holds files Backup-Database did not write' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-foreign
        $bk = Join-Path $work 'bk'
        $null = sqlite3 (Join-Path $work 'app.db') 'CREATE TABLE t(v); INSERT INTO t VALUES (1);'
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination $bk
        # A user's files, eleven months old: notes, a report, and a plain SQLite database.
        Set-Content -LiteralPath (Join-Path $bk 'notes.txt') -Value 'notes'
        Set-Content -LiteralPath (Join-Path $bk 'report.csv') -Value 'a,b'
        $null = sqlite3 (Join-Path $bk 'customers.db') 'CREATE TABLE c(v);'
        $old = [datetime]::UtcNow.AddDays(-335)
        foreach ($name in 'notes.txt', 'report.csv', 'customers.db') { (Get-Item -LiteralPath (Join-Path $bk $name)).LastWriteTimeUtc = $old }
        # What interrupted backups leave: an artifact without its manifest (stamped 40 days ago), and an in-flight file of today.
        $orphanStamp = [datetime]::UtcNow.AddDays(-40)
        $orphan = Join-Path $bk ('app-{0:yyyyMMdd}T{0:HHmmssfff}Z.db.zst' -f $orphanStamp)
        Copy-Item -LiteralPath $backup.BackupPath -Destination $orphan
        $inFlight = Join-Path $bk ('app-{0:yyyyMMdd}T{0:HHmmssfff}Z.db.zst.tmp-0123456789ab' -f [datetime]::UtcNow)
        Set-Content -LiteralPath $inFlight -Value 'partial'
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'Get-DatabaseBackup -IncludeIncomplete lists the backup and the two leftovers with their own times, and only says in verbose that it ignored the rest' {
        $listed = Get-DatabaseBackup -Location $bk -IncludeIncomplete -Verbose 4>&1
        $verbose = @($listed | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $infos = @($listed | Where-Object { $_ -is [OpsModule.BackupInfo] })

        @($infos.BackupPath | Sort-Object) | Should -Be @(@($backup.BackupPath, $orphan, $inFlight) | Sort-Object)
        ($infos | Where-Object BackupPath -eq $orphan).Created | Should -Be ([datetime]::ParseExact(('{0:yyyyMMdd}T{0:HHmmssfff}' -f $orphanStamp), 'yyyyMMddTHHmmssfff', $null))
        ($infos | Where-Object BackupPath -eq $inFlight).Created.Date | Should -Be ([datetime]::UtcNow.Date)
        @($infos | Where-Object { -not $_.Complete }).Database | Should -Be @('app', 'app')
        foreach ($name in 'notes.txt', 'report.csv', 'customers.db') {
            $verbose | Where-Object { $_ -like "Ignoring '$(Join-Path $bk $name)': its name is not one Backup-Database writes*" } | Should -Not -BeNullOrEmpty
        }
    }

    It 'Remove-DatabaseBackup -OlderThan 30d decides only about backups and leftovers, says why with their times, and leaves the user''s files' {
        $preview = Remove-DatabaseBackup -Location $bk -OlderThan 30d -WhatIf

        @($preview.Backup.BackupPath | Sort-Object) | Should -Be @(@($backup.BackupPath, $orphan, $inFlight) | Sort-Object)
        $forOrphan = $preview | Where-Object { $_.Backup.BackupPath -eq $orphan }
        $forOrphan.Action | Should -Be 'Remove'
        $forOrphan.Reason | Should -Match ('^incomplete \(an artifact without a manifest: its backup was interrupted\), made {0:yyyy-MM-dd HH:mm}Z \(40 d ago\): older than -OlderThan 30 d$' -f $orphanStamp)
        $forInFlight = $preview | Where-Object { $_.Backup.BackupPath -eq $inFlight }
        $forInFlight.Action | Should -Be 'Keep'
        $forInFlight.Reason | Should -Match '^incomplete \(an in-flight file of a backup that was interrupted or is still running\), made .*: not older than -OlderThan 30 d$'

        $done = Remove-DatabaseBackup -Location $bk -OlderThan 30d -Confirm:$false
        ($done | Where-Object { $_.Backup.BackupPath -eq $orphan }).Removed | Should -BeTrue
        $orphan | Should -Not -Exist
        foreach ($name in 'notes.txt', 'report.csv', 'customers.db') { Join-Path $bk $name | Should -Exist }
        $backup.BackupPath | Should -Exist
        $inFlight | Should -Exist
    }

    It 'Remove-DatabaseBackup without -OlderThan keeps a leftover and says that only -OlderThan removes it' {
        $decision = Remove-DatabaseBackup -Location $bk -KeepLast 5 -WhatIf | Where-Object { $_.Backup.BackupPath -eq $orphan }

        $decision.Action | Should -Be 'Keep'
        $decision.Reason | Should -BeLike '*(40 d ago); incomplete backups are removed only by -OlderThan, which was not given'
    }
}

Describe 'Test-DatabaseBackup help Example 2 with several databases under the location' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-example2
        $bk = Join-Path $work 'multi'
        foreach ($name in 'app', 'shop') { $null = sqlite3 (Join-Path $work "$name.db") 'CREATE TABLE t(v); INSERT INTO t VALUES (1);' }
        $app = Backup-Database -Path (Join-Path $work 'app.db') -Destination $bk
        $shop = Backup-Database -Path (Join-Path $work 'shop.db') -Destination $bk
        # The help's script, on this folder instead of S3 (no region, no key).
        $example = @((Get-Help Test-DatabaseBackup -Full).examples.example | Where-Object { $_.title -match 'Example 2:' })[0].code
        $script = [scriptblock]::Create(($example -replace 's3://ops-backups/app', $bk -replace ' -Region eu-west-1' -replace ' -EncryptionKey /etc/opsmodule/backup.key'))
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'passes when every newest backup is sound' {
        { & $script } | Should -Not -Throw
    }

    It 'fails the script when one of the two newest backups is damaged' {
        $bytes = [IO.File]::ReadAllBytes($shop.BackupPath)
        $bytes[$bytes.Length - 3] = $bytes[$bytes.Length - 3] -bxor 0xFF
        [IO.File]::WriteAllBytes($shop.BackupPath, $bytes)

        { & $script } | Should -Throw "1 backup(s) failed verification: $($shop.BackupPath)"
    }
}

Describe 'The location lock in a lock folder others can write to' -Skip:$IsWindows {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-loclock -SampleRows 10
        $backups = Join-Path $work 'backups'
        $null = Backup-Database -Path (Join-Path $work 'app.db') -Destination $backups
        # A folder another user made first (after a reboot, in a shared /tmp): anyone may write to it, and a link waits at
        # the location lock's predictable name, pointing where the run must never create a file.
        $locks = Join-Path $work 'shared-locks'
        $null = New-Item -ItemType Directory -Path $locks
        & chmod 777 $locks
        $victim = Join-Path $work 'created-through-link'
        $key = 'location|' + [IO.Path]::GetFullPath($backups).TrimEnd('/')
        $name = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($key))).Substring(0, 32).ToLowerInvariant()
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $locks "$name.location.lock") -Target $victim
        $env:OPSMODULE_LOCK_DIR = $locks
    }
    AfterEach {
        Remove-Item Env:OPSMODULE_LOCK_DIR -ErrorAction SilentlyContinue
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It '<Command> refuses it, removes nothing and creates no file through a link planted in it' -ForEach @(
        @{ Command = 'Remove-DatabaseBackup'; Call = { Remove-DatabaseBackup -Location $backups -KeepLast 0 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue } }
        @{ Command = 'Backup-Database'; Call = { Backup-Database -Path (Join-Path $work 'app.db') -Destination $backups -ErrorVariable failed -ErrorAction SilentlyContinue } }
    ) {
        $before = @(Get-ChildItem $backups -Name | Sort-Object)

        $result = . $Call

        $result | Should -BeNullOrEmpty
        $failed[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failed[0].Exception.Message | Should -Match 'lock folder'
        Test-Path -LiteralPath $victim | Should -BeFalse
        @(Get-ChildItem $backups -Name | Sort-Object) | Should -Be $before
    }
}

Describe 'The location lock file, across runs' -Skip:(-not $IsLinux) {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-locfile -SampleRows 10
        New-SampleDatabase -Path (Join-Path $work 'other.db') -Rows 10
        $backups = Join-Path $work 'backups'
        $locks = Join-Path $work 'locks'
        $null = New-Item -ItemType Directory -Path $locks
        & chmod 700 $locks
        $env:OPSMODULE_LOCK_DIR = $locks
        function Get-LocationLockFile { @(Get-ChildItem -LiteralPath $locks -Filter '*.location.lock' -Name) }
    }
    AfterEach {
        Remove-Item Env:OPSMODULE_LOCK_DIR -ErrorAction SilentlyContinue
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is shared by backups while one writes there, left by them, and removed by the next retention run' {
        # Before, the lock folder kept one empty file per location ever backed up to or cleaned (8,067 of them). Backups
        # leave it (removing it would take the lock exclusively, which a stopped backup must never hold); retention removes it.
        $child = Start-PausedAt -Point 'backup-before-commit' -Script 'Backup-Database -Path ./app.db -Destination ./backups -ErrorAction Stop | Out-Null' -WorkDir $work -ModulePath $manifestPath
        try {
            { Remove-DatabaseBackup -Location $backups -KeepLast 0 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.RemoveDatabaseBackupCommand'
            $other = Backup-Database -Path (Join-Path $work 'other.db') -Destination $backups
            $other.Database | Should -Be 'other'
            Get-LocationLockFile | Should -HaveCount 1 -Because 'the paused backup still holds the location'
        }
        finally {
            Remove-Item -LiteralPath $child.Signal -ErrorAction SilentlyContinue
            $child.Process.WaitForExit(120000) | Should -BeTrue
        }
        $child.Process.ExitCode | Should -Be 0 -Because $child.Errors.Result
        Get-LocationLockFile | Should -HaveCount 1

        $decisions = Remove-DatabaseBackup -Location $backups -KeepLast 1 -Confirm:$false
        @($decisions | Where-Object Removed).Count | Should -Be 0
        @($decisions).Count | Should -Be 2
        Get-LocationLockFile | Should -BeNullOrEmpty
    }

    It 'is held by retention from its listing on, so a backup cannot finish between the listing and the removals' {
        # helper-98: retention listed the location before it took the lock, so a backup that finished meanwhile (its
        # artifact written before its manifest) was in the listing as an interrupted one and removed.
        $null = Backup-Database -Path (Join-Path $work 'other.db') -Destination $backups
        $child = Start-PausedAt -Point 'retention-listed' -Script 'Remove-DatabaseBackup -Location ./backups -KeepLast 5 -Confirm:$false -ErrorAction Stop | Out-Null' -WorkDir $work -ModulePath $manifestPath
        try {
            { Backup-Database -Path (Join-Path $work 'app.db') -Destination $backups -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.BackupDatabaseCommand'
        }
        finally {
            Remove-Item -LiteralPath $child.Signal -ErrorAction SilentlyContinue
            $child.Process.WaitForExit(120000) | Should -BeTrue
        }
        $child.Process.ExitCode | Should -Be 0 -Because $child.Errors.Result
        @(Get-DatabaseBackup -Location $backups).Count | Should -Be 1
    }

    It 'is one lock for a folder and a symlink to it: retention on the folder waits for a backup through the link' {
        # helper-99: the lock was named by the path as written, so a backup to ./via-link and retention on ./backups took two
        # locks; retention removed the backup's artifact as an interrupted one while the backup wrote its manifest, and the
        # backup still reported it.
        $null = New-Item -ItemType Directory -Path $backups -Force
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work 'via-link') -Target $backups
        $child = Start-PausedAt -Point 'backup-before-manifest' -Script 'Backup-Database -Path ./app.db -Destination ./via-link -ErrorAction Stop | Out-Null' -WorkDir $work -ModulePath $manifestPath
        try {
            Start-Sleep -Milliseconds 1100
            { Remove-DatabaseBackup -Location $backups -OlderThan 1s -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.RemoveDatabaseBackupCommand'
        }
        finally {
            Remove-Item -LiteralPath $child.Signal -ErrorAction SilentlyContinue
            $child.Process.WaitForExit(120000) | Should -BeTrue
        }
        $child.Process.ExitCode | Should -Be 0 -Because $child.Errors.Result
        $backup = @(Get-DatabaseBackup -Location $backups)
        $backup | Should -HaveCount 1
        Test-Path -LiteralPath $backup[0].BackupPath | Should -BeTrue
    }

    It 'is one lock for a new folder under a linked parent: retention on the real path waits for the first backup there' {
        # helper-102: the backup locked before it created the folder, so the path with the link did not resolve.
        $real = Join-Path $work 'real-parent'
        $null = New-Item -ItemType Directory -Path $real
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work 'linked-parent') -Target $real
        $child = Start-PausedAt -Point 'backup-before-manifest' -Script 'Backup-Database -Path ./app.db -Destination ./linked-parent/new -ErrorAction Stop | Out-Null' -WorkDir $work -ModulePath $manifestPath
        try {
            Start-Sleep -Milliseconds 1100
            { Remove-DatabaseBackup -Location (Join-Path $real 'new') -OlderThan 1s -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'OperationInProgress,OpsModule.Cmdlets.RemoveDatabaseBackupCommand'
        }
        finally {
            Remove-Item -LiteralPath $child.Signal -ErrorAction SilentlyContinue
            $child.Process.WaitForExit(120000) | Should -BeTrue
        }
        $child.Process.ExitCode | Should -Be 0 -Because $child.Errors.Result
        @(Get-DatabaseBackup -Location (Join-Path $real 'new')) | Should -HaveCount 1
    }

    It 'left by a backup killed with kill -9 is taken over by the next backup and removed by retention' {
        $child = Start-PausedBackup -Point 'backup-before-commit' -Script 'Backup-Database -Path ./app.db -Destination ./backups -ErrorAction Stop | Out-Null'
        Stop-Killed $child
        Get-LocationLockFile | Should -HaveCount 1

        $null = Backup-Database -Path (Join-Path $work 'other.db') -Destination $backups
        Get-LocationLockFile | Should -HaveCount 1
        $null = Remove-DatabaseBackup -Location $backups -KeepLast 5 -Confirm:$false
        Get-LocationLockFile | Should -BeNullOrEmpty
    }
}

Describe 'Backup-Database of a WAL database on a read-only location' -Skip:(-not $IsLinux) {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-ro-wal
        $ro = Join-Path $work 'ro'
        $mounted = Mount-TestTmpfs -Path $ro -Size 5m
    }
    AfterEach {
        if ($mounted) { $null = & umount -l $ro 2>&1 }
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is SourceNotReadable naming the sidecar file that is missing (<Case>)' -ForEach @(
        @{ Case = 'the -wal is there, the -shm is not'; Wal = $true; Expected = "its '-shm' file does not exist (its '-wal' does)" }
        @{ Case = 'neither is there'; Wal = $false; Expected = "its '-wal' and '-shm' files do not exist" }
    ) {
        if (-not $mounted) { Set-ItResult -Skipped -Because 'a tmpfs cannot be mounted here (not root)'; return }
        $db = Join-Path $ro 'app.db'
        $null = sqlite3 $db 'PRAGMA journal_mode=WAL; CREATE TABLE t(v); INSERT INTO t VALUES (1);'
        Remove-Item "$db-wal", "$db-shm" -ErrorAction SilentlyContinue
        # Before: "its '-wal' and '-shm' files do not exist" whatever was there (helper-106).
        if ($Wal) { $null = New-Item -ItemType File -Path "$db-wal" }
        $null = & mount -o remount,ro $ro 2>&1

        Backup-Database -Path $db -Destination (Join-Path $work 'bk') -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'SourceNotReadable,OpsModule.Cmdlets.BackupDatabaseCommand'
        $failed[0].Exception.Message | Should -BeLike "*is a WAL-mode database on a read-only location, and $Expected`: SQLite cannot read*"
    }
}
