# Restore-Database against live targets, as users run it: prompts nobody can answer, a sqlite3 process
# holding the database, a restore killed with SIGKILL inside its copy loop, manifests piped from Get-ChildItem.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force

    function Invoke-RestoreInShell {
        # Runs Restore-Database without -Force in a fresh pwsh started by bash with $Redirect (e.g. '</dev/null')
        # and $PwshArguments; returns what it printed.
        param([string] $Redirect, [string[]] $PwshArguments = @(), [switch] $UnderTerminal)
        $script = Join-Path $work 'restore.ps1'
        Set-Content -LiteralPath $script -Value @"
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$manifestPath'
try {
    Restore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath '$live' -ErrorAction Stop | Out-Null
    'OUTCOME: replaced without asking'
}
catch {
    `$_.FullyQualifiedErrorId
    `$_.Exception.Message
}
"@
        $pwsh = (@(Get-PwshCommand) + @('-NoProfile') + $PwshArguments + @('-File', $script) | ForEach-Object { "'$_'" }) -join ' '
        $command = "$pwsh $Redirect"
        if ($UnderTerminal) {
            # A pseudo-terminal on standard input: only -NonInteractive stops the prompt.
            $output = script -qec $command /dev/null 2>&1
        }
        else {
            $output = bash -c $command 2>&1
        }
        return ($output | Out-String)
    }

    function Start-SqliteHolder {
        # A real sqlite3 process that runs $Sql on $Path and keeps its connection (and locks) open.
        param([string] $Path, [string] $Sql)
        $process = (Start-ChildProcess -FilePath sqlite3 -ArgumentList '-batch', '-bail', $Path -RedirectStandardInput -ReadOutput).Process
        $process.StandardInput.WriteLine($Sql)
        $process.StandardInput.WriteLine('.print held')
        $process.StandardInput.Flush()
        while (($line = $process.StandardOutput.ReadLine()) -ne 'held') {
            if ($null -eq $line) { throw "sqlite3 ended before it held '$Path'." }
        }
        return $process
    }
}

Describe 'Restore-Database over an existing database' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-restore -SampleRows 2000
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $live = Join-Path $work 'live.db'
        New-SampleDatabase -Path $live -Rows 10 -JournalMode delete
        $hashBefore = (Get-FileHash $live).Hash
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuses with RestoreTargetNotEmpty when nobody can answer the prompt (<Case>)' -ForEach @(
        @{ Case = 'standard input is /dev/null'; Redirect = '</dev/null'; Arguments = @(); Terminal = $false }
        @{ Case = 'an empty line on standard input'; Redirect = "<<< ''"; Arguments = @(); Terminal = $false }
        @{ Case = '-NonInteractive at a terminal'; Redirect = ''; Arguments = @('-NonInteractive'); Terminal = $true }
    ) {
        $output = Invoke-RestoreInShell -Redirect $Redirect -PwshArguments $Arguments -UnderTerminal:$Terminal

        $output | Should -Match 'RestoreTargetNotEmpty,OpsModule\.Cmdlets\.RestoreDatabaseCommand'
        $output | Should -Match 'Add -Force'
        $output | Should -Not -Match 'OUTCOME: replaced'
        (Get-FileHash $live).Hash | Should -Be $hashBefore
    }

    It 'refuses in this non-interactive test host too, and replaces with -Force' {
        { $backup | Restore-Database -TargetPath $live -ErrorAction Stop } |
            Should -Throw -ErrorId 'RestoreTargetNotEmpty,OpsModule.Cmdlets.RestoreDatabaseCommand'
        (Get-FileHash $live).Hash | Should -Be $hashBefore

        ($backup | Restore-Database -TargetPath $live -Force).Replaced | Should -BeTrue
    }

    It 'waits -BusyTimeout for a writer (a real sqlite3 process, <Lock>), then fails naming it; the writer commits' -ForEach @(
        @{ Lock = 'BEGIN IMMEDIATE'; Hold = 0 }
        # A writer that holds the file exclusively blocks even readers in rollback-journal mode: the restore's first look at
        # the target (its text encoding) waited until it committed, whatever -BusyTimeout said (helper-107: 50 s for 2 s).
        # The holder commits by itself after 25 s, so a restore that waits for it fails the time check instead of hanging.
        @{ Lock = 'BEGIN EXCLUSIVE'; Hold = 25 }
    ) {
        $holder = Start-SqliteHolder -Path $live -Sql "$Lock; INSERT INTO customers(name) VALUES ('in flight');"
        if ($Hold -gt 0) { $holder.StandardInput.WriteLine(".shell sleep $Hold"); $holder.StandardInput.WriteLine('COMMIT;'); $holder.StandardInput.Flush() }
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $backup | Restore-Database -TargetPath $live -Force -BusyTimeout 1 -ErrorVariable failures -ErrorAction SilentlyContinue
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 15

            $failures[0].FullyQualifiedErrorId | Should -Be 'RestoreTargetInUse,OpsModule.Cmdlets.RestoreDatabaseCommand'
            $failures[0].Exception.Message | Should -Match ([regex]::Escape("sqlite3 (PID $($holder.Id))"))
            $failures[0].Exception.Message | Should -Match '-BusyTimeout'
            if ($Hold -eq 0) { $holder.StandardInput.WriteLine('COMMIT;') }
            $holder.StandardInput.WriteLine('.quit')
            $holder.WaitForExit(10000 + 1000 * $Hold) | Should -BeTrue
        }
        finally {
            Stop-ChildProcess $holder
        }
        sqlite3 $live 'SELECT count(*) FROM customers' | Should -Be 51
        sqlite3 $live 'PRAGMA integrity_check' | Should -Be 'ok'
    }
}

Describe 'Restore-Database over a target with another page size or text encoding' {
    BeforeAll {
        function Send-ToHolder {
            # Runs $Sql in a holder's connection and returns what it printed.
            param($Holder, [string] $Sql)
            $Holder.StandardInput.WriteLine($Sql)
            $Holder.StandardInput.WriteLine('.print __done__')
            $Holder.StandardInput.Flush()
            $lines = while (($line = $Holder.StandardOutput.ReadLine()) -ne '__done__') {
                if ($null -eq $line) { throw "sqlite3 ended while running '$Sql'." }
                $line
            }
            return $lines
        }
    }
    BeforeEach {
        $work = New-TestFolder -Prefix ops-restore-format
        $live = Join-Path $work 'target.db'
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'keeps every rowid and the external-content full-text index over a <Mode> target with other pages (then <After> bytes)' -ForEach @(
        @{ Mode = 'delete'; After = '8192' }
        @{ Mode = 'wal'; After = '4096' }
    ) {
        # The adversarial tester's reproduction: rowid 2 deleted from a table without an INTEGER PRIMARY KEY, which a
        # VACUUM renumbers (the restore used one to change the page size, and the index then pointed at the wrong rows).
        $source = Join-Path $work 'src.db'
        $null = @'
PRAGMA page_size=8192;
CREATE TABLE docs (slug TEXT, body TEXT);
CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs', content_rowid='rowid');
CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN INSERT INTO docs_fts(rowid, body) VALUES (new.rowid, new.body); END;
CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN INSERT INTO docs_fts(docs_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END;
INSERT INTO docs VALUES ('a','apple pie'),('b','banana split'),('c','cherry tart'),('d','durian');
DELETE FROM docs WHERE slug='b';
'@ | sqlite3 $source
        $null = sqlite3 $live "PRAGMA page_size=4096; PRAGMA journal_mode=$Mode; CREATE TABLE placeholder(x);"
        $holder = Start-SqliteHolder -Path $live -Sql 'SELECT count(*) FROM placeholder;'
        try {
            $result = Backup-Database -Path $source -Destination (Join-Path $work 'bk') | Restore-Database -TargetPath $live -Force

            sqlite3 $live 'SELECT rowid, slug FROM docs ORDER BY rowid;' | Should -Be @('1|a', '3|c', '4|d')
            $result.Checks.Passed | Should -Not -Contain $false
            ($result.Checks.Name -contains 'Rowids') | Should -Be ($Mode -eq 'wal')
            sqlite3 $live "INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1); SELECT 'index ok';" | Should -Be 'index ok'
            sqlite3 $live 'PRAGMA page_size; PRAGMA journal_mode;' | Should -Be @($After, $Mode)
            Send-ToHolder $holder "SELECT slug FROM docs WHERE rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'cherry');" | Should -Be 'c'
            Send-ToHolder $holder "INSERT INTO docs VALUES ('e', 'elderberry'); SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'elderberry';" | Should -Be '5'
        }
        finally {
            Stop-ChildProcess $holder
        }
        @(Get-ChildItem $work -Filter 'target.db.tmp-*') | Should -BeNullOrEmpty
    }

    It 'refuses with RestoreTargetPageSizeMismatch, changing nothing, a rollback target switched to WAL (other pages) mid-restore' {
        $source = Join-Path $work 'src.db'
        New-SampleDatabase -Path $source -Rows 200 -JournalMode delete
        $backup = Backup-Database -Path $source -Destination (Join-Path $work 'bk')
        $null = sqlite3 $live "PRAGMA page_size=8192; CREATE TABLE z(a); INSERT INTO z VALUES ('old');"
        $child = Start-PausedAt -Point 'restore-before-replace' -WorkDir $work -ModulePath $manifestPath -Script @"
try { Restore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath '$live' -Force -ErrorAction Stop | Out-Null; 'OUTCOME: restored' }
catch { "ID `$(`$_.FullyQualifiedErrorId)"; `$_.Exception.Message }
"@
        try {
            # The copy was checked for a rollback-journal target (which takes the backup's page size); now it is WAL.
            sqlite3 $live 'PRAGMA journal_mode=wal;' | Should -Be 'wal'
            Remove-Item -LiteralPath $child.Signal
            $child.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            Stop-ChildProcess $child.Process
        }
        $output = $child.Output.Result
        $output | Should -Match 'ID RestoreTargetPageSizeMismatch,OpsModule\.Cmdlets\.RestoreDatabaseCommand'
        $output | Should -Match 'switched to WAL mode'
        $output | Should -Not -Match 'OUTCOME'
        sqlite3 $live 'SELECT a FROM z; PRAGMA page_size; PRAGMA journal_mode;' | Should -Be @('old', '8192', 'wal')
        @(Get-ChildItem $work -Filter 'target.db.tmp-*') | Should -BeNullOrEmpty
    }

    It 'refuses a <Mode> target in another text encoding with RestoreTargetEncodingMismatch and leaves it working' -ForEach @(
        @{ Mode = 'wal' }
        @{ Mode = 'delete' }
    ) {
        $source = Join-Path $work 'src.db'
        $null = sqlite3 $source "PRAGMA encoding='UTF-16le'; CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t(name) VALUES ('Zoë');"
        $null = sqlite3 $live "PRAGMA page_size=512; PRAGMA journal_mode=$Mode; CREATE TABLE z(a); INSERT INTO z VALUES ('old');"
        $hashBefore = (Get-FileHash $live).Hash
        $holder = Start-SqliteHolder -Path $live -Sql 'SELECT count(*) FROM z;'
        try {
            $result = Backup-Database -Path $source -Destination (Join-Path $work 'bk') |
                Restore-Database -TargetPath $live -Force -ErrorVariable failures -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'RestoreTargetEncodingMismatch,OpsModule.Cmdlets.RestoreDatabaseCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $failures[0].Exception.Message | Should -Match 'UTF-16le .* UTF-8 database'
            $failures[0].Exception.Message | Should -Match 'The target was not touched'
            if ($Mode -eq 'delete') {
                (Get-FileHash $live).Hash | Should -Be $hashBefore
            }
            Send-ToHolder $holder "INSERT INTO z VALUES ('after'); SELECT group_concat(a, ',') FROM z; PRAGMA encoding;" | Should -Be @('old,after', 'UTF-8')
        }
        finally {
            Stop-ChildProcess $holder
        }
        @(Get-ChildItem $work -Filter 'target.db.tmp-*') | Should -BeNullOrEmpty
    }
}

Describe 'A restore killed inside its copy into the target' {
    BeforeEach {
        # Big enough (about 5 MB) that the first copy step spills restored pages into the target file.
        $work = New-TestFolder -Prefix ops-kill-copy -SampleRows 14000
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'leaves the old database, whole, in <Mode> mode' -ForEach @(
        @{ Mode = 'delete' }
        @{ Mode = 'wal' }
    ) {
        $live = Join-Path $work 'live.db'
        New-SampleDatabase -Path $live -Rows 10 -JournalMode $Mode
        $before = Get-TableDigest -Path $live | ConvertTo-Json
        $signal = Join-Path $work 'copying.reached'
        $child = Start-ChildPwsh -WorkDir $work -Script "Import-Module '$manifestPath'`nRestore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath ./live.db -Force" -Environment @{
            OPSMODULE_TEST_PAUSE        = 'restore-copying'
            OPSMODULE_TEST_PAUSE_SIGNAL = $signal
        }
        try {
            Wait-ForFile -Path $signal -Process $child.Process -TimeoutSeconds 90
            if ($Mode -eq 'delete') {
                # The copy is under way: the target holds restored pages and its journal the old ones.
                (Get-Item "$live-journal").Length | Should -BeGreaterThan 0
            }
        }
        finally {
            $child.Process.Kill()
            $child.Process.WaitForExit()
        }

        # The next connection rolls the hot journal back (or ignores the uncommitted log): the old database.
        sqlite3 $live 'PRAGMA integrity_check' | Should -Be 'ok'
        Get-TableDigest -Path $live | ConvertTo-Json | Should -Be $before
        Test-Path "$live-journal" | Should -BeFalse

        # The killed run's copy is still beside the target; the next restore removes it, and the journal SQLite may
        # have left beside it (a kill while the copy was being changed), and completes.
        $leftover = @(Get-ChildItem $work -Filter 'live.db.tmp-*')
        $leftover.Count | Should -Be 1
        Set-Content -LiteralPath "$($leftover[0].FullName)-journal" -Value 'journal of the killed copy'
        ($backup | Restore-Database -TargetPath $live -Force).TableCounts['orders'] | Should -Be 14000
        @(Get-ChildItem $work -Filter 'live.db*').Name | Should -Be @('live.db')
    }
}

Describe 'Restore-Database from files' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-restore-files -SampleRows 500
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'takes manifests from Get-ChildItem; a malformed one is an InvalidManifest error and the next still restores' {
        $first = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $manifest = Get-Content $first.ManifestPath -Raw | ConvertFrom-Json -AsHashtable
        $manifest['tables'] = $null
        $manifest | ConvertTo-Json -Depth 5 | Set-Content $first.ManifestPath
        $null = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')

        $results = Get-ChildItem (Join-Path $work 'backups') -Filter *.manifest.json | Sort-Object Name |
            Restore-Database -TargetPath (Join-Path $work 'restored.db') -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidManifest,OpsModule.Cmdlets.RestoreDatabaseCommand'
        $failures[0].TargetObject | Should -Be $first.ManifestPath
        @($results).Count | Should -Be 1
        $results.TableCounts['orders'] | Should -Be 500
    }

    It 'gives a new target the journal mode of the database that was backed up (<Mode>), with its user_version' -ForEach @(
        @{ Mode = 'wal' }
        @{ Mode = 'delete' }
    ) {
        $source = Join-Path $work "$Mode.db"
        New-SampleDatabase -Path $source -Rows 50 -JournalMode $Mode
        $null = sqlite3 $source 'PRAGMA user_version = 42;'
        $backup = Backup-Database -Path $source -Destination (Join-Path $work "backups-$Mode")

        $target = Join-Path $work "new-$Mode/app.db"
        $null = $backup | Restore-Database -TargetPath $target

        sqlite3 $target 'PRAGMA journal_mode;' | Should -Be $Mode
        sqlite3 $target 'PRAGMA user_version;' | Should -Be '42'
        (Get-ChildItem (Split-Path $target) -Name) | Should -Be @('app.db')
    }
}

Describe 'Restore-Database given several backups, no target, or files that are not backups' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-restore-misuse -SampleRows 100
        $source = Join-Path $work 'app.db'
        $backups = Join-Path $work 'backups'
        $taken = foreach ($version in 1..3) {
            $null = sqlite3 $source "CREATE TABLE IF NOT EXISTS marker(v INTEGER); DELETE FROM marker; INSERT INTO marker VALUES ($version);"
            Backup-Database -Path $source -Destination $backups
            Start-Sleep -Milliseconds 20
        }
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'restores only the first of a listing piped into one target (the newest); the others are errors naming it' {
        $target = Join-Path $work 'restored.db'

        $results = Get-DatabaseBackup -Location $backups | Restore-Database -TargetPath $target -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        @($results).Count | Should -Be 1
        sqlite3 $target 'SELECT v FROM marker;' | Should -Be '3'
        $failures.Count | Should -Be 2
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand' }
        $failures[0].Exception.Message | Should -BeLike "*already restored '$($taken[2].BackupPath)' into*"
        $failures[0].TargetObject | Should -Be $taken[1].BackupPath
    }

    It 'gives advice that works: the -TargetPath its error suggests restores every backup of a listing into a target of its own, also for same-named databases' {
        # A second app.db from another folder, backed up into the same location: the same Database name.
        $other = Join-Path $work 'other'
        $null = New-Item -ItemType Directory -Path $other
        Copy-Item $source (Join-Path $other 'app.db')
        $null = sqlite3 (Join-Path $other 'app.db') 'DELETE FROM marker; INSERT INTO marker VALUES (9);'
        $null = Backup-Database -Path (Join-Path $other 'app.db') -Destination $backups
        $null = Get-DatabaseBackup -Location $backups | Restore-Database -TargetPath (Join-Path $work 'one.db') -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match ([regex]::Escape('-TargetPath { "/restore/$(Split-Path -LeafBase $_.BackupPath)" }'))
        $restoreTo = Join-Path $work 'restored'
        $null = New-Item -ItemType Directory -Path $restoreTo

        $results = Get-DatabaseBackup -Location $backups | Restore-Database -TargetPath { Join-Path $restoreTo (Split-Path -LeafBase $_.BackupPath) } -Force

        @($results).Count | Should -Be 4
        @(Get-ChildItem $restoreTo -File | ForEach-Object { sqlite3 $_.FullName 'SELECT v FROM marker;' } | Sort-Object) | Should -Be @('1', '2', '3', '9')
    }

    It 'after a failed first restore (a damaged newest backup) restores the next one piped in' {
        $target = Join-Path $work 'restored.db'
        $bytes = [IO.File]::ReadAllBytes($taken[2].BackupPath)
        $bytes[$bytes.Length - 10] = $bytes[$bytes.Length - 10] -bxor 0xFF
        [IO.File]::WriteAllBytes($taken[2].BackupPath, $bytes)

        $results = Get-DatabaseBackup -Location $backups | Restore-Database -TargetPath $target -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        @($results).Count | Should -Be 1
        sqlite3 $target 'SELECT v FROM marker;' | Should -Be '2'
        $failures.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -Be 'BackupChecksumMismatch,OpsModule.Cmdlets.RestoreDatabaseCommand'
        $failures[1].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand'
    }

    It 'restores each backup piped in into the target a -TargetPath script block computes for it' {
        $other = Join-Path $work 'other.db'
        $null = sqlite3 $other "CREATE TABLE marker(v INTEGER); INSERT INTO marker VALUES (9);"
        $null = Backup-Database -Path $other -Destination $backups
        $restored = Join-Path $work 'restored'

        $results = Get-DatabaseBackup -Location $backups -Latest | Restore-Database -TargetPath { Join-Path $restored "$($_.Database).db" }

        @($results).Count | Should -Be 2
        sqlite3 (Join-Path $restored 'app.db') 'SELECT v FROM marker;' | Should -Be '3'
        sqlite3 (Join-Path $restored 'other.db') 'SELECT v FROM marker;' | Should -Be '9'
    }

    It 'says so under -WhatIf too, and changes nothing' {
        $target = Join-Path $work 'restored.db'

        $null = Get-DatabaseBackup -Location $backups | Restore-Database -TargetPath $target -WhatIf -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 2
        Test-Path $target | Should -BeFalse
    }

    It 'without a target names -TargetPath and -TargetConnectionString' {
        { Restore-Database -BackupPath $taken[0].BackupPath -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage '*-TargetPath <file>*-TargetConnectionString*'
    }

    It 'given the backup folder says it is a folder and how to pick a backup from it' {
        { Restore-Database -BackupPath $backups -TargetPath (Join-Path $work 'r.db') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage "*is a folder, not a backup*Get-DatabaseBackup -Location*"
    }

    It 'given a database file says it is not a backup; a verification record names its backup' {
        { Get-Item $source | Restore-Database -TargetPath (Join-Path $work 'r.db') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage '*is not a backup made by Backup-Database*'
        Test-Path (Join-Path $work 'r.db') | Should -BeFalse

        $null = Test-DatabaseBackup -BackupPath $taken[0].BackupPath
        $record = "$($taken[0].BackupPath).verified.json"
        Test-Path $record | Should -BeTrue
        $result = Get-Item $record | Restore-Database -TargetPath (Join-Path $work 'r.db')
        $result.Backup.BackupPath | Should -Be $taken[0].BackupPath
        sqlite3 (Join-Path $work 'r.db') 'SELECT v FROM marker;' | Should -Be '1'
    }
}

Describe 'Restore-Database of a backup this account may not read' -Skip:($IsWindows -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-restore-denied -SampleRows 100
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is BackupNotReadable (PermissionDenied), not OperationFailed, when the <What> cannot be read' -ForEach @(
        @{ What = 'artifact' }
        @{ What = 'manifest' }
    ) {
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $denied = if ($What -eq 'artifact') { $backup.BackupPath } else { $backup.ManifestPath }
        $null = & chmod 000 $denied
        # Without CAP_DAC_OVERRIDE even root obeys file modes, as a service account does.
        $script = "Import-Module '$manifestPath'; try { Restore-Database -BackupPath '$($backup.ManifestPath)' -TargetPath ./r.db -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.TargetObject }"
        $pwsh = @(Get-PwshCommand)
        Push-Location $work
        try {
            $output = & setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search @pwsh -NoProfile -NonInteractive -Command $script
        }
        finally {
            Pop-Location
        }

        $output[0] | Should -Be 'BackupNotReadable,OpsModule.Cmdlets.RestoreDatabaseCommand'
        $output[1] | Should -Be 'PermissionDenied'
        $output[2] | Should -Be $denied
        Test-Path (Join-Path $work 'r.db') | Should -BeFalse
    }
}

Describe 'Restore-Database into a target this account may not read' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-restore-target-denied -SampleRows 100
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'backups')
        $target = Join-Path $work 'target.db'
        Copy-Item (Join-Path $work 'app.db') $target
        $null = & chmod 000 $target
        $manifestPath = Get-BuiltModulePath
    }
    AfterAll {
        $null = & chmod 644 $target
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is RestoreTargetNotWritable (PermissionDenied) naming the account and the target, and leaves it alone' {
        $before = & stat -c '%s %Y %a' $target
        $script = "Import-Module '$manifestPath'; try { Restore-Database -BackupPath '$($backup.BackupPath)' -TargetPath ./target.db -Force -ErrorAction Stop | Out-Null; 'NO ERROR' } catch { 'ID ' + `$_.FullyQualifiedErrorId; 'CATEGORY ' + `$_.CategoryInfo.Category; 'TARGET ' + `$_.TargetObject; 'MESSAGE ' + `$_.Exception.Message }"

        $output = Invoke-PwshObeyingFileModes -Script $script -WorkDir $work

        $output | Should -Contain 'ID RestoreTargetNotWritable,OpsModule.Cmdlets.RestoreDatabaseCommand'
        $output | Should -Contain 'CATEGORY PermissionDenied'
        $output | Should -Contain "TARGET $target"
        ($output | Where-Object { $_ -like 'MESSAGE *' }) | Should -BeLike "MESSAGE This account (*) may not read or write the restore target '$target'*nothing was changed. Run the restore as the database's owner, or grant this account read and write access to the file and its folder."
        ($output -join "`n") | Should -Not -Match 'Access to the path'
        & stat -c '%s %Y %a' $target | Should -Be $before
    }
}

Describe 'Restore-Database of an encrypted backup' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-encrestore
        $keyFile = Join-Path $work 'backup.key'
        [IO.File]::WriteAllBytes($keyFile, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $null = sqlite3 (Join-Path $work 'app.db') 'CREATE TABLE t(v); INSERT INTO t VALUES (1), (2);'
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination (Join-Path $work 'bk') -EncryptionKey $keyFile
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'quotes in its Checksum check the SHA-256 the manifest holds (that sha256sum of the artifact gives), and says what else was hashed' {
        $manifestSha = (Get-Content -Raw -LiteralPath $backup.ManifestPath | ConvertFrom-Json).sha256
        $stored = (Get-FileHash -LiteralPath $backup.BackupPath -Algorithm SHA256).Hash.ToLowerInvariant()
        $stored | Should -Be $manifestSha

        $result = Restore-Database -InputObject $backup -TargetPath (Join-Path $work 'restored.db') -EncryptionKey $keyFile

        $detail = ($result.Checks | Where-Object Name -eq 'Checksum').Detail
        $detail | Should -BeLike "The stored artifact's SHA-256 matches the manifest ($manifestSha), hashed as it was read and decrypted into a scratch copy; that copy (the decrypted bytes, SHA-256 *) was hashed again as it was restored and had not changed."
        sqlite3 (Join-Path $work 'restored.db') 'SELECT count(*) FROM t' | Should -Be '2'
    }
}
