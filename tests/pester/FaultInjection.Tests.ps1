# A backup or restore killed with SIGKILL at a deterministic point (the engine's OPSMODULE_TEST_PAUSE hook)
# must leave nothing that counts as a backup, and must leave a restore target as it was.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force

    function Invoke-KilledAt {
        # Runs $Script in a child pwsh paused at $Point, kills it with SIGKILL once it gets there.
        param([string] $Point, [string] $Script)
        Stop-AtPause -Point $Point -Script $Script -WorkDir $work -ModulePath $manifestPath | Should -Not -Be 0
    }
}

Describe 'A backup killed part way' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-kill -SampleRows 3000
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'leaves nothing that counts as a backup when killed at <Point>' -ForEach @(
        @{ Point = 'backup-streaming' }
        @{ Point = 'backup-before-commit' }
        @{ Point = 'backup-before-manifest' }
    ) {
        Invoke-KilledAt -Point $Point -Script 'Backup-Database -Path ./app.db -Destination ./backups'

        $files = @(Get-ChildItem (Join-Path $work 'backups') -File)
        $files.Count | Should -BeGreaterThan 0 -Because 'the backup was killed after it started writing'
        $files | Where-Object Name -like '*.manifest.json' | Should -BeNullOrEmpty
        foreach ($file in $files) {
            Restore-Database -BackupPath $file.FullName -TargetPath (Join-Path $work 'r.db') -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -Be 'BackupIncomplete,OpsModule.Cmdlets.RestoreDatabaseCommand'
        }
        Test-Path (Join-Path $work 'r.db') | Should -BeFalse

        # The database itself is untouched and the next backup succeeds.
        sqlite3 (Join-Path $work 'app.db') 'PRAGMA integrity_check' | Should -Be 'ok'
        (Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')).TableCounts['orders'] | Should -Be 3000
    }
}

Describe 'A restore killed part way' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-kill -SampleRows 3000
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        New-SampleDatabase -Path (Join-Path $work 'live.db') -Rows 10
        $liveBefore = Get-TableDigest -Path (Join-Path $work 'live.db') | ConvertTo-Json
        $hashBefore = (Get-FileHash (Join-Path $work 'live.db')).Hash
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'leaves the target intact when killed at <Point>' -ForEach @(
        @{ Point = 'restore-decompressing' }
        @{ Point = 'restore-before-replace' }
    ) {
        Invoke-KilledAt -Point $Point -Script "Restore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath ./live.db -Force"

        (Get-FileHash (Join-Path $work 'live.db')).Hash | Should -Be $hashBefore
        Get-TableDigest -Path (Join-Path $work 'live.db') | ConvertTo-Json | Should -Be $liveBefore
        sqlite3 (Join-Path $work 'live.db') 'PRAGMA integrity_check' | Should -Be 'ok'

        # A later restore completes and replaces it.
        ($backup | Restore-Database -TargetPath (Join-Path $work 'live.db') -Force).TableCounts['orders'] | Should -Be 3000
    }
}

Describe 'A backup or restore stopped with Ctrl+C' {
    BeforeAll {
        function Invoke-StoppedAt {
            # Runs $Script in a new runspace of this process, paused at $Point, then stops it as Ctrl+C does.
            param([string] $Point, [string] $Script)
            $signal = Join-Path $work "$Point.reached"
            $env:OPSMODULE_TEST_PAUSE = $Point
            $env:OPSMODULE_TEST_PAUSE_SIGNAL = $signal
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("Import-Module '$manifestPath'; Set-Location '$work'; $Script")
                $async = $shell.BeginInvoke()
                Wait-ForFile -Path $signal -TimeoutSeconds 60
                $shell.Stop()
                $stopped = $null
                try { $shell.EndInvoke($async) } catch { $stopped = $_.Exception.InnerException }
                $stopped | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
            }
            finally {
                Remove-Item Env:OPSMODULE_TEST_PAUSE, Env:OPSMODULE_TEST_PAUSE_SIGNAL -ErrorAction SilentlyContinue
                $shell.Dispose()
            }
        }
    }
    BeforeEach {
        $work = New-TestFolder -Prefix ops-stop -SampleRows 3000
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'removes the in-flight artifact and the staging copy of a stopped backup' {
        Invoke-StoppedAt -Point 'backup-streaming' -Script 'Backup-Database -Path ./app.db -Destination ./backups'

        @(Get-ChildItem (Join-Path $work 'backups') -Force).Name | Should -BeNullOrEmpty
    }

    It 'removes the in-flight copy of a stopped restore and leaves the target as it was' {
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        New-SampleDatabase -Path (Join-Path $work 'live.db') -Rows 10
        $before = (Get-FileHash (Join-Path $work 'live.db')).Hash

        Invoke-StoppedAt -Point 'restore-decompressing' -Script "Restore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath ./live.db -Force"

        (Get-FileHash (Join-Path $work 'live.db')).Hash | Should -Be $before
        @(Get-ChildItem $work -Filter 'live.db*').Name | Should -Be @('live.db')
    }
}
