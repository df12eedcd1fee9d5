# Invoke-DbMaintenance, Remove-DatabaseRecord and Repair-Database as users run them: the built module, real
# SQLite files made and checked with the sqlite3 shell, real sqlite3 processes holding locks and writing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force

    function Invoke-Sqlite([string] $Path, [string] $Sql) {
        $output = $Sql | sqlite3 $Path
        if ($LASTEXITCODE -ne 0) { throw "sqlite3 failed on '$Path': $output" }
        $output
    }

    function Write-GarbagePage([string] $Path, [int] $Page, [int] $Seed) {
        # Overwrites one page of a SQLite file with random bytes, as a failing disk or a stray write would.
        $pageSize = [int](Invoke-Sqlite $Path 'PRAGMA page_size;')
        $stream = [IO.File]::Open($Path, 'Open', 'ReadWrite')
        try {
            $stream.Position = ($Page - 1) * $pageSize
            $garbage = [byte[]]::new($pageSize)
            [Random]::new($Seed).NextBytes($garbage)
            $stream.Write($garbage, 0, $garbage.Length)
        }
        finally { $stream.Dispose() }
    }

    function Start-Sqlite3([string] $Path, [string] $Script) {
        # A real sqlite3 process reading $Script from stdin, which stays open until Stop-Sqlite3.
        $child = Start-ChildProcess -FilePath sqlite3 -ArgumentList $Path -RedirectStandardInput
        $child.Process.StandardInput.WriteLine($Script)
        $child.Process.StandardInput.Flush()
        $child
    }

    function Start-WriteLockHolder([string] $Path) {
        # A real sqlite3 process that holds the write lock of $Path, returned once another sqlite3 cannot take it
        # (busy timeout 0: it fails at once while the lock is held).
        $holder = Start-Sqlite3 -Path $Path -Script "BEGIN IMMEDIATE; INSERT INTO customers(name) VALUES ('held'); SELECT 'locked';"
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        do {
            if ([DateTime]::UtcNow -gt $deadline) { $null = Stop-Sqlite3 $holder; throw 'sqlite3 did not take the lock.' }
            Start-Sleep -Milliseconds 50
            $null = 'BEGIN IMMEDIATE; ROLLBACK;' | sqlite3 $Path 2>&1
        } while ($LASTEXITCODE -eq 0)
        return $holder
    }

    function Start-WalReader([string] $Path) {
        # A real sqlite3 process that holds a read snapshot of the WAL database $Path, returned once it reads.
        $reader = Start-Sqlite3 -Path $Path -Script "BEGIN; SELECT count(*) FROM t; SELECT 'reading';"
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ($reader.Output.IsCompleted -or -not (Get-Content -Raw -ErrorAction Ignore "$Path-shm")) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'sqlite3 did not start reading.' }
            Start-Sleep -Milliseconds 50
        }
        Start-Sleep -Milliseconds 300
        $reader
    }

    function Stop-Sqlite3($Child, [int] $TimeoutSeconds = 60) {
        $Child.Process.StandardInput.Close()
        if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) { Stop-ChildProcess $Child; throw 'sqlite3 did not finish.' }
        [pscustomobject]@{ ExitCode = $Child.Process.ExitCode; Errors = $Child.Errors.Result; Output = $Child.Output.Result }
    }
}

Describe 'Invoke-DbMaintenance on SQLite' {
    BeforeAll {
        $sqliteTasks = 'IntegrityCheck, QuickCheck, ForeignKeyCheck, Reindex, Vacuum, Analyze, Optimize, Checkpoint'
        $allTasks = "SQLite tasks: $sqliteTasks; PostgreSQL tasks: IntegrityCheck, VacuumAnalyze, Analyze, Reindex, TableSize, UnusedIndex, Bloat, VacuumAge, Wraparound; and the presets Daily and Weekly (-Task completes them with Tab)."
    }
    BeforeEach {
        $work = New-TestFolder -Prefix ops-maint
        Push-Location $work
    }
    AfterEach {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'vacuums a database with 40% free pages (smaller, still sound) and skips one with 1%' {
        foreach ($case in @(@{ Name = 'forty.db'; Drop = 400 }, @{ Name = 'one.db'; Drop = 10 })) {
            Invoke-Sqlite $case.Name @"
CREATE TABLE keep(id INTEGER PRIMARY KEY, payload BLOB);
CREATE TABLE scratch(id INTEGER PRIMARY KEY, payload BLOB);
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 600) INSERT INTO keep(payload) SELECT randomblob(3000) FROM s;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < $($case.Drop)) INSERT INTO scratch(payload) SELECT randomblob(3000) FROM s;
DROP TABLE scratch;
"@ | Out-Null
        }
        $freeRatio = [double](Invoke-Sqlite forty.db 'SELECT 1.0 * (SELECT freelist_count FROM pragma_freelist_count) / (SELECT page_count FROM pragma_page_count);')
        $freeRatio | Should -BeGreaterThan 0.35
        $sizeBefore = (Get-Item forty.db).Length

        $forty = Invoke-DbMaintenance -Path forty.db -Task Vacuum -Confirm:$false
        $one = Invoke-DbMaintenance -Path one.db -Task Vacuum -Confirm:$false

        $forty | Should -BeOfType ([OpsModule.MaintenanceResult])
        $forty.Status | Should -Be 'Succeeded'
        $forty.SizeBefore | Should -Be $sizeBefore
        $forty.SizeAfter | Should -BeLessThan $forty.SizeBefore
        (Get-Item forty.db).Length | Should -Be $forty.SizeAfter
        Invoke-Sqlite forty.db 'PRAGMA integrity_check;' | Should -Be 'ok'
        Invoke-Sqlite forty.db 'SELECT count(*) FROM keep;' | Should -Be 600
        $one.Status | Should -Be 'Skipped'
        $one.Detail | Should -Match 'not above the threshold of 10'
        $one.SizeAfter | Should -Be $one.SizeBefore
        $one.Severity | Should -Be 'Ok'
    }

    It 'rebuilds an external-content full-text index whose content table VACUUM renumbers, and leaves a stable one alone' {
        Invoke-Sqlite fts.db @"
CREATE TABLE docs(title TEXT, body TEXT);
CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs');
CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN INSERT INTO docs_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END;
CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id');
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 8000)
  INSERT INTO docs SELECT 'title ' || x, 'body ' || x || ' ' || hex(randomblob(50)) FROM c;
INSERT INTO notes(body) VALUES ('stable note');
INSERT INTO notes_fts(rowid, body) SELECT id, body FROM notes;
DELETE FROM docs WHERE rowid % 2 = 0 OR rowid < 2000;
"@ | Out-Null

        $result = Invoke-DbMaintenance -Path fts.db -Task Vacuum -Confirm:$false

        $result.Status | Should -Be 'Succeeded'
        $result.Detail | Should -Match 'Rebuilt the full-text index\(es\) docs_fts:'
        $result.Detail | Should -Not -Match 'notes_fts'
        # VACUUM renumbered docs (its rowids start at 1 again); the index finds the row by its new rowid.
        Invoke-Sqlite fts.db 'SELECT min(rowid) FROM docs;' | Should -Be '1'
        Invoke-Sqlite fts.db "SELECT title FROM docs WHERE rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH '""7001""');" | Should -Be 'title 7001'
        Invoke-Sqlite fts.db "INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1); SELECT 'fts ok';" | Should -Be 'fts ok'
        Invoke-Sqlite fts.db "SELECT body FROM notes WHERE id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'stable');" | Should -Be 'stable note'
    }

    It 'fails only the tasks that need the lock a real sqlite3 process holds, with DatabaseLocked, within the busy timeout' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 500
        Invoke-Sqlite app.db 'CREATE INDEX orders_by_customer ON orders(customer_id);' | Out-Null
        $holder = Start-WriteLockHolder (Join-Path $work 'app.db')
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $results = Invoke-DbMaintenance -Path app.db -Task IntegrityCheck, QuickCheck, ForeignKeyCheck, Reindex, Analyze, Checkpoint -BusyTimeout 1 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $clock.Stop()
        }
        finally {
            $null = Stop-Sqlite3 $holder
        }

        $byTask = @{}
        $results | ForEach-Object { $byTask[$_.Task] = $_ }
        $byTask.Keys.Count | Should -Be 6
        foreach ($task in 'IntegrityCheck', 'QuickCheck', 'ForeignKeyCheck') { $byTask[$task].Status | Should -Be 'Succeeded' -Because "$task only reads" }
        foreach ($task in 'Reindex', 'Analyze', 'Checkpoint') {
            $byTask[$task].Status | Should -Be 'Failed' -Because "$task needs the write lock"
            $byTask[$task].ErrorId | Should -Be 'DatabaseLocked'
            $byTask[$task].Severity | Should -Be 'Critical'
            $byTask[$task].Duration.TotalSeconds | Should -BeLessThan 3 -Because 'the busy timeout is 1 s'
            # Not measured after a task that failed: empty, in the object and the table, never '0 B'.
            $byTask[$task].SizeAfter | Should -BeNullOrEmpty
            ($byTask[$task] | Format-Table | Out-String -Width 200) | Should -Not -Match '\b0 B\b'
        }
        $byTask['Analyze'].SizeBefore | Should -BeGreaterThan 0
        $byTask['QuickCheck'].SizeAfter | Should -BeGreaterThan 0
        $failures.Count | Should -Be 3
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'DatabaseLocked,OpsModule.Cmdlets.InvokeDbMaintenanceCommand' }
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        # Three lock waits of about 1 s each (Microsoft.Data.Sqlite retries within the same timeout), never the 30 s default.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 12
    }

    It 'emits a task''s Failed result before its error, so -ErrorAction Stop ends the call with that result already out' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 200
        Invoke-Sqlite app.db 'CREATE INDEX orders_by_customer ON orders(customer_id);' | Out-Null
        $holder = Start-WriteLockHolder (Join-Path $work 'app.db')
        try {
            $stopped = $null
            try {
                Invoke-DbMaintenance -Path app.db -Task QuickCheck, Analyze, Reindex -BusyTimeout 1 -Confirm:$false -ErrorAction Stop -OutVariable kept | Out-Null
            }
            catch {
                $stopped = $_
            }
            # Without Stop, results and errors in the order they were written: each Failed result, then its error.
            $written = Invoke-DbMaintenance -Path app.db -Task QuickCheck, Analyze, Reindex -BusyTimeout 1 -Confirm:$false -ErrorAction Continue 2>&1
        }
        finally {
            $null = Stop-Sqlite3 $holder
        }

        $stopped.FullyQualifiedErrorId | Should -Be 'DatabaseLocked,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        ($kept | ForEach-Object { "$($_.Task)=$($_.Status) $($_.ErrorId)".Trim() }) | Should -Be @('QuickCheck=Succeeded', 'Reindex=Failed DatabaseLocked')
        ($written | ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { "error $($_.FullyQualifiedErrorId)" } else { "$($_.Task)=$($_.Status)" } }) | Should -Be @(
            'QuickCheck=Succeeded'
            'Reindex=Failed'
            'error DatabaseLocked,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
            'Analyze=Failed'
            'error DatabaseLocked,OpsModule.Cmdlets.InvokeDbMaintenanceCommand')
    }

    It 'says a Vacuum of a WAL database whose checkpoint a reader''s snapshot held up has not shrunk the file yet (helper-125)' {
        # Before, "Vacuumed ...; now 1792 pages" while the files were larger than before: the checkpoint's result was ignored.
        Invoke-Sqlite walv.db @"
PRAGMA journal_mode = wal; CREATE TABLE t(v);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t SELECT randomblob(1000) FROM n;
DELETE FROM t WHERE rowid > 1000; PRAGMA wal_checkpoint(TRUNCATE);
"@ | Out-Null
        $reader = Start-WalReader -Path (Join-Path $work 'walv.db')
        try {
            $held = Invoke-DbMaintenance -Path walv.db -Task Vacuum -Confirm:$false
        }
        finally {
            $null = Stop-Sqlite3 $reader
        }
        $done = Invoke-DbMaintenance -Path walv.db -Task Checkpoint -Confirm:$false

        $held.Status | Should -Be 'Succeeded'
        $held.Detail | Should -BeLike '*The file has not shrunk yet: another connection still reads an older snapshot*Task Checkpoint*'
        $done.Status | Should -Be 'Succeeded'
        (Get-Item walv.db).Length | Should -BeLessThan $held.SizeBefore
    }

    It 'says a Checkpoint held up by a WAL reader''s open snapshot waited for another connection, not for a writer' {
        Invoke-Sqlite wal.db "PRAGMA journal_mode = wal; CREATE TABLE t(v); INSERT INTO t VALUES (1);" | Out-Null
        $reader = Start-WalReader -Path (Join-Path $work 'wal.db')
        try {
            Invoke-Sqlite wal.db "INSERT INTO t VALUES (2);" | Out-Null
            $result = Invoke-DbMaintenance -Path wal.db -Task Checkpoint -BusyTimeout 1 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally {
            $null = Stop-Sqlite3 $reader
        }

        $result.Status | Should -Be 'Failed'
        $failures[0].FullyQualifiedErrorId | Should -Be 'DatabaseLocked,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        $failures[0].Exception.Message | Should -Not -BeLike '*writer is done*'
        $failures[0].Exception.Message | Should -BeLike "*Retry when that connection is done (a writer's transaction, or for a checkpoint also a reader's open snapshot)*"
    }

    It 'fails a Vacuum on a full disk with DestinationNotWritable, says how much space it needs, and leaves the database sound' -Skip:(-not $IsLinux) {
        $small = Join-Path $work 'small'
        if (-not (Mount-TestTmpfs -Path $small -Size 20m)) {
            Set-ItResult -Skipped -Because 'cannot mount a tmpfs here (needs Linux and root)'; return
        }
        try {
            $db = Join-Path $small 'n.db'
            Invoke-Sqlite $db "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB); WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000) INSERT INTO t SELECT n, randomblob(3000) FROM g; DELETE FROM t WHERE id % 2 = 0;" | Out-Null
            # Fill the file system but for about 1 MB: the rewrite through the journal cannot fit.
            $free = [IO.DriveInfo]::new($small).AvailableFreeSpace
            $null = & fallocate -l ($free - 1MB) (Join-Path $small 'filler')
            $before = Invoke-Sqlite $db 'SELECT count(*), sum(length(v)) FROM t;'

            $result = Invoke-DbMaintenance -Path $db -Task Vacuum -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

            $result.Status | Should -Be 'Failed'
            $result.ErrorId | Should -Be 'DestinationNotWritable'
            $failures[0].FullyQualifiedErrorId | Should -Be 'DestinationNotWritable,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
            $failures[0].Exception.Message | Should -BeLike "*the disk is full*free space of about the database's size (*MB) in '$small' and in the temporary folder*"
            Invoke-Sqlite $db 'PRAGMA integrity_check;' | Should -Be 'ok'
            Invoke-Sqlite $db 'SELECT count(*), sum(length(v)) FROM t;' | Should -Be $before
        }
        finally {
            $null = & umount -l $small 2>&1
        }
    }

    It 'spends one -TimeLimit over all the databases of the call: the second starts no task once the first used it up' {
        Invoke-Sqlite a.db @"
CREATE TABLE events(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, kind TEXT);
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 400000) INSERT INTO events(created_at, kind) SELECT datetime('now', '-' || (v % 80) || ' days'), 'k' || (v % 3) FROM s;
CREATE INDEX events_created ON events(created_at); CREATE INDEX events_kind ON events(kind, created_at);
"@ | Out-Null
        Copy-Item a.db b.db

        # Each integrity check takes about 0.3 s here; the limit is 0.05 s for the whole call.
        $results = Invoke-DbMaintenance -Path a.db, b.db -Task IntegrityCheck, Analyze -TimeLimit 0.05 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed

        ($results | ForEach-Object { '{0} {1} {2}' -f $_.Database, $_.Task, $_.Status }) | Should -Be @('a IntegrityCheck Failed', 'a Analyze Skipped', 'b IntegrityCheck Skipped', 'b Analyze Skipped')
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'TimeLimitReached,*'
    }

    It 'lists the plan under -WhatIf and changes nothing; expands presets' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 200
        $before = (Get-FileHash app.db).Hash

        $output = Invoke-DbMaintenance -Path app.db -Task Weekly -WhatIf 6>&1 | Out-String

        (Get-FileHash app.db).Hash | Should -Be $before
        $output | Should -BeNullOrEmpty -Because 'WhatIf messages go to the host, and no task ran'
        $plan = Invoke-DbMaintenance -Path app.db -Task Daily -Confirm:$false
        ($plan.Task -join ',') | Should -Be 'QuickCheck,Vacuum,Analyze,Optimize,Checkpoint'
    }

    It 'stops at a mistyped task (<Case>) before any task runs, also under -WhatIf, with one error that lists the task names' -ForEach @(
        @{ Case = 'Vacum beside QuickCheck'; Task = @('QuickCheck', 'Vacum'); Named = "'Vacum' is not a SQLite or PostgreSQL maintenance task"; AnyEngine = $true }
        @{ Case = 'Weeklyy'; Task = @('Weeklyy'); Named = "'Weeklyy' is not a SQLite or PostgreSQL maintenance task"; AnyEngine = $true }
        @{ Case = 'two typos'; Task = @('Vacum', 'Analyse'); Named = "'Vacum' and 'Analyse' are not SQLite or PostgreSQL maintenance tasks"; AnyEngine = $true }
        @{ Case = 'a PostgreSQL-only task'; Task = @('QuickCheck', 'VacuumAnalyze'); Named = "'VacuumAnalyze' is not a SQLite maintenance task"; AnyEngine = $false }
    ) {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 100 -JournalMode delete
        Invoke-Sqlite app.db 'DELETE FROM orders WHERE id % 2 = 0;' | Out-Null
        $before = (Get-FileHash app.db).Hash

        foreach ($whatIf in $false, $true) {
            $failures = $null
            $failure = $null
            $results = [Collections.Generic.List[object]]::new()
            try { Invoke-DbMaintenance -Path app.db -Task $Task -WhatIf:$whatIf -Confirm:$false -ErrorVariable failures -ErrorAction Continue | ForEach-Object { $results.Add($_) } }
            catch { $failure = $_ }

            $results | Should -HaveCount 0 -Because 'no task may run, and the typo is not also a result row'
            $failures | Should -HaveCount 1 -Because 'the typo is reported once'
            $failure.FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception.Message | Should -BeLike ($AnyEngine ? "$Named, so no task ran. $allTasks" : "$Named, so no task ran.*SQLite tasks: $sqliteTasks, and the presets Daily and Weekly*")
        }
        { Invoke-DbMaintenance -Path app.db -Task $Task -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        (Get-FileHash app.db).Hash | Should -Be $before -Because 'the Vacuum (or anything else) must not have run'
    }

    It 'stops at a mistyped task before the first database when a pipeline brings SQLite and PostgreSQL databases (<Case>)' -ForEach @(
        @{ Case = 'a typo beside a task'; Task = @('Vacuum', 'Vacum') }
        @{ Case = 'a typo of a PostgreSQL task'; Task = @('Vacuum', 'VacuumAnalyse') }
    ) {
        foreach ($name in 'first.db', 'second.db') {
            New-SampleDatabase -Path (Join-Path $work $name) -Rows 400 -JournalMode delete
            Invoke-Sqlite $name 'DELETE FROM orders WHERE id % 2 = 0;' | Out-Null
        }
        $old = [datetime]::UtcNow.AddHours(-1)
        foreach ($name in 'first.db', 'second.db') { (Get-Item $name).LastWriteTimeUtc = $old }
        $before = Get-FileHash first.db, second.db | ForEach-Object Hash
        $databases = @(
            [pscustomobject]@{ Path = Join-Path $work 'first.db' }
            [pscustomobject]@{ ConnectionString = 'Host=127.0.0.1;Port=1;Database=shop;Username=ops;Timeout=1' }
            [pscustomobject]@{ Path = Join-Path $work 'second.db' }
        )

        $results = [Collections.Generic.List[object]]::new()
        $failure = { $databases | Invoke-DbMaintenance -Task $Task -VacuumThreshold 0 -Confirm:$false -ErrorAction Continue | ForEach-Object { $results.Add($_) } } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeDbMaintenanceCommand' -PassThru

        $results | Should -HaveCount 0 -Because 'no database may have run a task before the typo was found'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -BeLike "'$($Task[1])' is not a SQLite or PostgreSQL maintenance task, so no task ran. $allTasks"
        Get-FileHash first.db, second.db | ForEach-Object Hash | Should -Be $before
        (Get-Item first.db, second.db).LastWriteTimeUtc | Should -Be @($old, $old) -Because 'neither file was written'
    }

    It 'stops at the first database whose engine lacks a task, saying that the databases before it ran it' {
        foreach ($name in 'first.db', 'second.db') { New-SampleDatabase -Path (Join-Path $work $name) -Rows 10 }
        $databases = @(
            [pscustomobject]@{ Path = Join-Path $work 'first.db' }
            [pscustomobject]@{ Path = Join-Path $work 'second.db' }
            [pscustomobject]@{ ConnectionString = 'Host=127.0.0.1;Port=1;Database=shop;Username=ops;Timeout=1' }
        )

        $results = [Collections.Generic.List[object]]::new()
        $failure = { $databases | Invoke-DbMaintenance -Task QuickCheck -Confirm:$false | ForEach-Object { $results.Add($_) } } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeDbMaintenanceCommand' -PassThru

        ($results | ForEach-Object { "$($_.Database) $($_.Task) $($_.Status)" }) | Should -Be @('first QuickCheck Succeeded', 'second QuickCheck Succeeded')
        $failure.Exception.Message | Should -BeLike "'QuickCheck' is not a PostgreSQL maintenance task, so the call stopped at this database; the 2 SQLite databases before it had already run their tasks. 'QuickCheck' is a SQLite task only. PostgreSQL tasks: *"
    }

    It 'reports a mistyped task also when no database comes (<Case>)' -ForEach @(
        @{ Case = 'an empty pipeline'; Run = { @() | Invoke-DbMaintenance -Task Vacum -Confirm:$false } }
        @{ Case = 'a wildcard that matches nothing'; Run = { Invoke-DbMaintenance -Path ./none-*.db -Task Vacum -Confirm:$false } }
        @{ Case = 'a missing file before a real one'; Run = { Invoke-DbMaintenance -Path ./missing.db, ./app.db -Task Vacum -Confirm:$false } }
    ) {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 10
        $written = [Collections.Generic.List[object]]::new()

        $failure = { & $Run 2>&1 | ForEach-Object { $written.Add($_) } } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeDbMaintenanceCommand' -PassThru

        $failure.Exception.Message | Should -BeLike "'Vacum' is not a SQLite or PostgreSQL maintenance task, so no task ran. $allTasks"
        $written | Should -HaveCount 0 -Because 'the typo is found before any path is resolved, and nothing ran'
    }

    It 'says a PostgreSQL-only task name is one' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 10

        $failure = { Invoke-DbMaintenance -Path app.db -Task VacuumAnalyze -Confirm:$false } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeDbMaintenanceCommand' -PassThru

        $failure.Exception.Message | Should -BeLike "*'VacuumAnalyze' is a PostgreSQL task only.*"
    }

    It 'offers the task names and presets as tab completions' {
        $completion = TabExpansion2 -inputScript 'Invoke-DbMaintenance -Task Vac' -cursorColumn 'Invoke-DbMaintenance -Task Vac'.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'Vacuum'
        $completion.CompletionMatches.CompletionText | Should -Contain 'VacuumAnalyze'
        (TabExpansion2 -inputScript 'Invoke-DbMaintenance -Task W' -cursorColumn 'Invoke-DbMaintenance -Task W'.Length).CompletionMatches.CompletionText | Should -Contain 'Weekly'
    }
}

Describe 'Invoke-DbMaintenance on a PostgreSQL server it cannot reach' {
    It 'writes one DatabaseConnectionFailed error and Skips the tasks after it, instead of one error per task (helper-125)' {
        # Before, Daily wrote four identical connection errors, Weekly nine.
        $results = Invoke-DbMaintenance -ConnectionString 'Host=127.0.0.1;Port=1;Database=app;Username=ops;Password=not-shown-pw;Timeout=3' -Task Daily -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

        ($results | ForEach-Object { '{0}:{1}' -f $_.Task, $_.Status }) -join ',' | Should -Be 'VacuumAnalyze:Failed,Analyze:Skipped,VacuumAge:Skipped,Wraparound:Skipped'
        @($results | Where-Object Status -eq 'Skipped' | ForEach-Object ErrorId) | Should -Be @('DatabaseConnectionFailed', 'DatabaseConnectionFailed', 'DatabaseConnectionFailed')
        $results[1].Detail | Should -BeLike '*VacuumAnalyze could not connect*'
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'DatabaseConnectionFailed,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        ($failed[0] | Out-String) + ($results | Out-String) | Should -Not -Match 'not-shown-pw'
    }
}

Describe 'A SQLite file with one overwritten page' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-repair
        $damaged = Join-Path $work 'app.db'
        New-SampleDatabase -Path $damaged -Rows 3000 -JournalMode delete
        $null = Invoke-Sqlite $damaged 'PRAGMA user_version = 42; PRAGMA application_id = 1234;'
        # A leaf page in the middle of orders, found with the dbstat virtual table of the sqlite3 shell.
        $page = [int](Invoke-Sqlite $damaged "SELECT pageno FROM dbstat WHERE name = 'orders' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 20;")
        $customerDigest = Invoke-Sqlite $damaged 'SELECT count(*), group_concat(id || name) FROM customers;'
        Write-GarbagePage -Path $damaged -Page $page -Seed 7
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'fails IntegrityCheck with the detail of the damage (a finding: no error)' {
        $result = Invoke-DbMaintenance -Path $damaged -Task IntegrityCheck -Confirm:$false -ErrorVariable failures

        $result.Status | Should -Be 'Failed'
        $result.Severity | Should -Be 'Critical'
        $result.Detail | Should -Match 'damaged'
        $result.Detail | Should -Match "page $page|malformed|corrupt|btreeInitPage"
        $failures | Should -BeNullOrEmpty
    }

    It 'writes nothing to the file once Daily''s QuickCheck found it damaged: the tasks that write are Skipped (helper-125)' {
        # Before, Analyze and Optimize ran after the failed check and rewrote the damaged file (a page added).
        $copy = Join-Path $work 'daily.db'
        Copy-Item -LiteralPath $damaged -Destination $copy
        $before = (Get-FileHash -LiteralPath $copy).Hash

        $results = Invoke-DbMaintenance -Path $copy -Task Daily -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        ($results | ForEach-Object { '{0}:{1}' -f $_.Task, $_.Status }) -join ',' | Should -Be 'QuickCheck:Failed,Vacuum:Skipped,Analyze:Skipped,Optimize:Skipped,Checkpoint:Skipped'
        $results[1].Detail | Should -BeLike '*QuickCheck found the database damaged*Repair-Database*'
        $results[1].ErrorId | Should -Be 'SourceIntegrityFailed'
        (Get-FileHash -LiteralPath $copy).Hash | Should -Be $before
        # One error for the tasks that did not run, so a job with -ErrorAction Stop notices (helper-127: before the skip, the
        # failing write tasks had written three).
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SourceIntegrityFailed,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        $failures[0].Exception.Message | Should -BeLike '*QuickCheck found*damaged, so the task(s) that write to it were skipped (Vacuum, Analyze, Optimize, Checkpoint)*'
    }

    It 'says under -WhatIf what it would salvage, and writes nothing (<Case>)' -ForEach @(
        @{ Case = 'sqlite3 .recover first'; Switch = @{}; Method = 'sqlite3 .recover', 'row copy' }
        @{ Case = '-NoRecoverCommand'; Switch = @{ NoRecoverCommand = $true }; Method = @('row copy') }
    ) {
        # Before, -WhatIf left the salvaged copy (all the database's rows, mode 0644) beside the database.
        $before = (Get-FileHash $damaged).Hash
        $files = @(Get-ChildItem $work -Force).Name

        $result = Repair-Database -Path $damaged -WhatIf @Switch -WarningAction SilentlyContinue

        $result | Should -BeOfType ([OpsModule.RepairResult])
        $result.Method | Should -BeIn $Method
        $result.Swapped | Should -BeFalse
        $result.RecoveredDatabase | Should -BeNullOrEmpty
        (Get-FileHash $damaged).Hash | Should -Be $before
        @(Get-ChildItem $work -Force).Name | Should -Be $files
        $result.IntegrityOk | Should -BeTrue
        $result.TableCounts['customers'] | Should -Be 50
        $result.TableCounts['orders'] | Should -BeLessThan 3000
        $result.TableCounts['orders'] | Should -BeGreaterThan 2800 -Because 'only the rows on the overwritten page are lost'
    }

    It 'salvages every row of the undamaged tables into a sound copy' {
        $copy = Join-Path $work 'salvage.db'
        Copy-Item $damaged $copy

        $result = Repair-Database -LiteralPath $copy -Confirm:$false -WarningAction SilentlyContinue

        $result.Swapped | Should -BeTrue
        $result.IntegrityOk | Should -BeTrue
        Invoke-Sqlite $copy 'PRAGMA integrity_check;' | Should -Be 'ok'
        Invoke-Sqlite $copy 'SELECT count(*), group_concat(id || name) FROM customers;' | Should -Be $customerDigest
        $result.TableCounts['customers'] | Should -Be 50
        $result.TableCounts['orders'] | Should -BeLessThan 3000
        $result.TableCounts['orders'] | Should -BeGreaterThan 2800 -Because 'only the rows on the overwritten page are lost'
        $result.DamagedTables | Should -Be @('orders')
        # Rows after the damaged page were read backwards from the end: the last order survives.
        Invoke-Sqlite $copy 'SELECT max(id) FROM orders;' | Should -Be 3000
        # The header's schema version and application id survive (applications run their migrations by user_version).
        Invoke-Sqlite $copy 'PRAGMA user_version;' | Should -Be '42'
        Invoke-Sqlite $copy 'PRAGMA application_id;' | Should -Be '1234'
        Invoke-Sqlite $copy 'PRAGMA journal_mode;' | Should -Be 'delete'
    }

    It 'gives the salvaged copy of a WAL database WAL mode' {
        $wal = Join-Path $work 'wal.db'
        Copy-Item $damaged $wal
        $null = Invoke-Sqlite $wal 'PRAGMA journal_mode = wal;'

        $result = Repair-Database -Path $wal -Confirm:$false -WarningAction SilentlyContinue

        $result.Swapped | Should -BeTrue
        Invoke-Sqlite $wal 'PRAGMA journal_mode;' | Should -Be 'wal'
        Invoke-Sqlite $wal 'PRAGMA user_version;' | Should -Be '42'
    }

    It 'swaps the salvaged copy in when confirmed, keeping the damaged file as <name>.corrupt-<stamp>' {
        $copy = Join-Path $work 'swap.db'
        Copy-Item $damaged $copy
        $before = (Get-FileHash $copy).Hash

        $result = Repair-Database -LiteralPath $copy -Confirm:$false

        $result.Swapped | Should -BeTrue
        $result.RecoveredDatabase | Should -Be $copy
        $result.CorruptCopy | Should -BeLike "$copy.corrupt-*"
        (Get-FileHash $result.CorruptCopy).Hash | Should -Be $before
        Invoke-Sqlite $copy 'PRAGMA integrity_check;' | Should -Be 'ok'
        Invoke-Sqlite $copy 'SELECT count(*), group_concat(id || name) FROM customers;' | Should -Be $customerDigest

        # Run again on the now sound database: nothing to repair, nothing swapped or renamed; -Force salvages anyway.
        $sound = (Get-FileHash $copy).Hash
        $again = Repair-Database -LiteralPath $copy -Confirm:$false

        $again.Method | Should -Be 'none'
        $again.Swapped | Should -BeFalse
        $again.Severity | Should -Be 'Ok'
        $again.TableCounts['customers'] | Should -Be 50
        (Get-FileHash $copy).Hash | Should -Be $sound
        @(Get-ChildItem $work -Filter 'swap.db.corrupt-*').Count | Should -Be 1
        Get-ChildItem $work -Filter 'swap.recovered-*' | Should -BeNullOrEmpty

        $forced = Repair-Database -LiteralPath $copy -Force -WhatIf -WarningAction SilentlyContinue
        $forced.Method | Should -Not -Be 'none'
        $forced.RecoveredDatabase | Should -BeNullOrEmpty
        Get-ChildItem $work -Filter 'swap.recovered-*' | Should -BeNullOrEmpty
    }

    It 'keeps an earlier damaged copy of the same second: the new one gets the next serial' {
        $copy = Join-Path $work 'twice.db'
        Copy-Item $damaged $copy
        # Damaged copies already kept under every stamp of the next minute (a swap earlier in the same second).
        $start = [datetime]::UtcNow.AddSeconds(-2)
        $taken = foreach ($s in 0..62) {
            $name = "$copy.corrupt-" + $start.AddSeconds($s).ToString('yyyyMMddTHHmmssZ', [cultureinfo]::InvariantCulture)
            Set-Content -LiteralPath $name -Value "earlier $s"
            $name
        }

        $result = Repair-Database -LiteralPath $copy -Confirm:$false

        $result.Swapped | Should -BeTrue
        $result.CorruptCopy | Should -BeLike "$copy.corrupt-*-2"
        $taken | Should -Contain ($result.CorruptCopy -replace '-2$')
        (Get-FileHash $result.CorruptCopy).Hash | Should -Be (Get-FileHash $damaged).Hash
        foreach ($s in 0..62) { Get-Content -LiteralPath $taken[$s] | Should -Be "earlier $s" }
        Invoke-Sqlite $copy 'PRAGMA integrity_check;' | Should -Be 'ok'
    }

    It 'reads a WITHOUT ROWID table whose key has its own collation and direction (<Key>) on both sides of a damaged page' -ForEach @(
        @{ Key = 'name COLLATE NOCASE' }
        @{ Key = 'name COLLATE NOCASE, v DESC' }
    ) {
        # An ORDER BY on the key columns without the key's collation made SQLite sort, reading every row first: 0 rows.
        $db = Join-Path $work ("kn-{0}.db" -f ($Key -replace '\W', ''))
        $null = Invoke-Sqlite $db @"
PRAGMA journal_mode = delete;
CREATE TABLE kn(name TEXT NOT NULL, v INTEGER NOT NULL, pad TEXT, PRIMARY KEY ($Key)) WITHOUT ROWID;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 5999)
INSERT INTO kn SELECT printf('Name%05d', i), i, printf('%0100d', i) FROM c;
"@
        $page = [int](Invoke-Sqlite $db "SELECT pageno FROM dbstat WHERE name = 'kn' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10;")
        Write-GarbagePage -Path $db -Page $page -Seed 13

        $result = Repair-Database -LiteralPath $db -Confirm:$false -NoRecoverCommand -WarningAction SilentlyContinue

        $result.Swapped | Should -BeTrue
        $result.TableCounts['kn'] | Should -BeGreaterThan 5800 -Because 'only the rows on the overwritten page are lost'
        Invoke-Sqlite $db "SELECT count(*) FROM kn WHERE name IN ('Name00000', 'Name05999');" | Should -Be 2
        Invoke-Sqlite $db 'PRAGMA integrity_check;' | Should -Be 'ok'
    }

    It 'reads a WITHOUT ROWID table with a damaged page backwards by its primary key, keeping the rows after the page' {
        # Before, only rowid tables were read backwards: every row after the bad page of this table was lost, silently.
        $kv = Join-Path $work 'kv.db'
        $null = Invoke-Sqlite $kv @"
PRAGMA journal_mode = delete;
CREATE TABLE kv(region TEXT NOT NULL, id INTEGER NOT NULL, v TEXT, PRIMARY KEY (region, id)) WITHOUT ROWID;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 5999)
INSERT INTO kv SELECT 'r' || (i / 1000), i, printf('%0100d', i) FROM c;
"@
        $page = [int](Invoke-Sqlite $kv "SELECT pageno FROM dbstat WHERE name = 'kv' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10;")
        Write-GarbagePage -Path $kv -Page $page -Seed 11

        $result = Repair-Database -LiteralPath $kv -Confirm:$false -NoRecoverCommand -WarningVariable warnings -WarningAction SilentlyContinue

        $result.Swapped | Should -BeTrue
        $result.DamagedTables | Should -Be @('kv')
        $result.TableCounts['kv'] | Should -BeGreaterThan 5800 -Because 'only the rows on the overwritten page are lost'
        $result.TableCounts['kv'] | Should -BeLessThan 6000
        Invoke-Sqlite $kv "SELECT region, id FROM kv ORDER BY region DESC, id DESC LIMIT 1;" | Should -Be 'r5|5999'
        Invoke-Sqlite $kv 'PRAGMA integrity_check;' | Should -Be 'ok'
        ($warnings -join "`n") | Should -BeLike "*'kv' has unreadable rows after * rows in primary-key order; reading it backwards*"
    }
}

Describe 'Remove-DatabaseRecord on SQLite' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-purge
        Push-Location $work
    }
    AfterEach {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'says "Delete 1 row" (and "Delete 2 rows") under -WhatIf, deleting nothing' {
        Invoke-Sqlite log.db "CREATE TABLE log(at TEXT); INSERT INTO log VALUES (datetime('now', '-40 days')), (datetime('now', '-50 days')), (datetime('now'));" | Out-Null
        $pwsh = @(Get-PwshCommand)
        $script = "Set-Location '$work'; Import-Module '$(Get-BuiltModulePath)'; Remove-DatabaseRecord -Path ./log.db -Table log -Column at -OlderThan 45d -WhatIf | Out-Null; Remove-DatabaseRecord -Path ./log.db -Table log -Column at -OlderThan 30d -WhatIf | Out-Null"

        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }

        $output | Where-Object { $_ -like 'What if:*' } | Should -HaveCount 2
        ($output | Where-Object { $_ -like 'What if: *Delete 1 row of log where at*' }) | Should -Not -BeNullOrEmpty
        ($output | Where-Object { $_ -like 'What if: *Delete 2 rows of log where at*' }) | Should -Not -BeNullOrEmpty
        Invoke-Sqlite log.db 'SELECT count(*) FROM log;' | Should -Be 3
    }

    It 'answers -OlderThan 0d with the -MinimumAge guard, not as if -OlderThan were missing, and removes nothing' {
        Invoke-Sqlite log.db "CREATE TABLE log(at TEXT); INSERT INTO log VALUES (datetime('now', '-40 days')), (datetime('now'));" | Out-Null

        $null = Remove-DatabaseRecord -Path ./log.db -Table log -Column at -OlderThan 0d -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue

        $refused[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $refused[0].Exception.Message | Should -BeLike '*-OlderThan 00:00:00 is less than -MinimumAge 1.00:00:00*'
        Invoke-Sqlite log.db 'SELECT count(*) FROM log;' | Should -Be 2
    }

    It 'deletes exactly the old rows of 1,000,000 in batches of 5000 while a sqlite3 writer with a 5 s busy timeout keeps inserting' {
        Invoke-Sqlite events.db @"
PRAGMA journal_mode = wal;
CREATE TABLE events(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, kind TEXT);
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 1000000)
INSERT INTO events(created_at, kind) SELECT CASE WHEN v <= 300000 THEN datetime('now', '-' || (100 + v % 50) || ' days') ELSE datetime('now', '-' || (v % 80) || ' days') END, 'k' || (v % 3) FROM s;
"@ | Out-Null
        $keep = [long](Invoke-Sqlite events.db "SELECT count(*) FROM events WHERE created_at >= datetime('now', '-90 days');")
        $keep | Should -Be 700000
        # The writer paces itself with a small CPU-bound query between inserts, so its inserts spread over the purge.
        $pace = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT count(*) FROM c;"
        $inserts = 1..120 | ForEach-Object { "INSERT INTO events(created_at, kind) VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now'), 'writer');`n$pace" }
        $writer = Start-Sqlite3 -Path (Join-Path $work 'events.db') -Script (".timeout 5000`n.bail on`n" + ($inserts -join "`n") + "`n.quit")
        $purgeStarted = [DateTime]::UtcNow

        $result = Remove-DatabaseRecord -Path events.db -Table events -Column created_at -OlderThan '90d' -BatchDelay 0.02 -Confirm:$false
        $purgeEnded = [DateTime]::UtcNow
        $done = Stop-Sqlite3 $writer

        $done.ExitCode | Should -Be 0
        $done.Errors | Should -BeNullOrEmpty
        $during = Invoke-Sqlite events.db ("SELECT count(*) FROM events WHERE kind = 'writer' AND created_at BETWEEN '{0:yyyy-MM-dd HH:mm:ss.fff}' AND '{1:yyyy-MM-dd HH:mm:ss.fff}';" -f $purgeStarted, $purgeEnded)
        [int] $during | Should -BeGreaterThan 10 -Because 'the writer must have been inserting between the batches'
        $result.RowsMatched | Should -Be 300000
        $result.RowsDeleted | Should -Be 300000
        $result.RowsLeft | Should -Be 0
        $result.Completed | Should -BeTrue
        $result.Batches | Should -Be 60
        Invoke-Sqlite events.db "SELECT count(*) FROM events WHERE kind = 'writer';" | Should -Be 120
        Invoke-Sqlite events.db "SELECT count(*) FROM events WHERE kind <> 'writer';" | Should -Be $keep
        Invoke-Sqlite events.db "SELECT count(*) FROM events WHERE created_at < datetime('now', '-90 days');" | Should -Be 0

        # The same 700,000-row file shows Invoke-DbMaintenance's -TimeLimit interrupting a running task and skipping the rest.
        # Two indexes make its integrity check take about 0.5 s here (36 ms without them: under the limit on a fast machine).
        Invoke-Sqlite events.db 'CREATE INDEX events_created ON events(created_at); CREATE INDEX events_kind ON events(kind, created_at);' | Out-Null
        $limited = Invoke-DbMaintenance -Path events.db -Task IntegrityCheck, Analyze -TimeLimit 0.05 -Confirm:$false -ErrorVariable limitErrors -ErrorAction SilentlyContinue
        $limited[0].Task | Should -Be 'IntegrityCheck'
        $limited[0].Status | Should -Be 'Failed'
        $limited[0].ErrorId | Should -Be 'TimeLimitReached'
        $limited[1].Status | Should -Be 'Skipped'
        $limitErrors[0].FullyQualifiedErrorId | Should -Be 'TimeLimitReached,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        Invoke-Sqlite events.db 'PRAGMA quick_check;' | Should -Be 'ok'
    }

    It 'names the tables whose foreign keys still reference rows to purge, keeps the referenced batch, and reports the rows already deleted' {
        Invoke-Sqlite shop.db @"
CREATE TABLE orders(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE invoices(id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(id));
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 300) INSERT INTO orders SELECT n, '2020-01-01' FROM g;
INSERT INTO invoices(order_id) VALUES (250);
"@ | Out-Null

        $result = Remove-DatabaseRecord -Path shop.db -Table orders -Column created_at -OlderThan 365d -BatchSize 100 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -Be 'OperationFailed,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failed[0].Exception.Message | Should -BeLike "*still referenced by rows of 'invoices'*"
        $failed[0].Exception.Message | Should -BeLike "*200 rows of 'orders' deleted by the 2 batch(es) before it stay deleted*"
        # The purge stopped part-way still reports what it deleted, marked so that it stands out.
        @($result).Count | Should -Be 1
        $result.RowsMatched | Should -Be 300
        $result.RowsDeleted | Should -Be 200
        $result.Batches | Should -Be 2
        $result.RowsLeft | Should -Be 100
        $result.Completed | Should -BeFalse
        $result.ErrorId | Should -Be 'OperationFailed'
        ($result | Format-Table | Out-String -Width 200) | Should -Match 'No: OperationFailed'
        $result.Severity | Should -Be 'Critical'
        # The two batches before the referenced row were deleted; the batch that holds order 250 was rolled back whole.
        Invoke-Sqlite shop.db 'SELECT count(*), min(id) FROM orders;' | Should -Be '100|201'
        Invoke-Sqlite shop.db 'SELECT count(*) FROM invoices;' | Should -Be '1'
    }

    It 'refuses a column whose values are not times (a quantity, an id, numbers in text), even under -WhatIf, and deletes nothing' {
        Invoke-Sqlite shop.db @"
CREATE TABLE [Order Details](OrderID INTEGER, ProductID INTEGER, Quantity INTEGER, Code TEXT, PRIMARY KEY (OrderID, ProductID));
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 500) INSERT INTO [Order Details] SELECT n, n % 77 + 1, n % 50 + 1, CAST(n AS TEXT) FROM g;
"@ | Out-Null

        foreach ($column in 'Quantity', 'ProductID', 'Code') {
            { Remove-DatabaseRecord -Path shop.db -Table 'Order Details' -Column $column -OlderThan 90d -WhatIf -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        }
        $refused = $null
        $result = Remove-DatabaseRecord -Path shop.db -Table 'Order Details' -Column ProductID -OlderThan 90d -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $refused[0].Exception.Message | Should -BeLike "*column 'ProductID' does not look like a time column*read as Unix seconds, is 1970-01-01 00:01:17, before 2000-01-01*"
        Invoke-Sqlite shop.db 'SELECT count(*) FROM [Order Details];' | Should -Be 500
    }

    It 'refuses a text column none of whose values reads as a time (an e-mail, a name), even under -WhatIf, and still takes ISO text, partly readable text and an empty table' {
        Invoke-Sqlite shop.db @"
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, email TEXT, created TEXT);
CREATE TABLE products(sku TEXT PRIMARY KEY, title TEXT) WITHOUT ROWID;
CREATE TABLE empty(at TEXT);
INSERT INTO customers(name, email, created) VALUES ('Ada Lovelace', 'ada@example.com', datetime('now', '-100 days')), ('Alan Turing', 'alan@example.com', 'not recorded'), ('Grace Hopper', 'grace@example.com', datetime('now', '-1 days'));
INSERT INTO products VALUES ('A-1', 'Widget'), ('B-2', 'Gadget');
"@ | Out-Null

        foreach ($case in @('customers', 'email'), @('customers', 'name'), @('products', 'title')) {
            $refused = $null
            $preview = Remove-DatabaseRecord -Path shop.db -Table $case[0] -Column $case[1] -OlderThan 30d -WhatIf -ErrorVariable refused -ErrorAction SilentlyContinue
            $preview | Should -BeNullOrEmpty
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused[0].Exception.Message | Should -BeLike "Refusing to purge '$($case[0])': column '$($case[1])' does not look like a time column. It holds text values, but none of them reads as a time*Give the column that holds the rows' times."
        }
        { Remove-DatabaseRecord -Path shop.db -Table customers -Column email -OlderThan 30d -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'

        $empty = Remove-DatabaseRecord -Path shop.db -Table empty -Column at -OlderThan 30d -Confirm:$false
        $purged = Remove-DatabaseRecord -Path shop.db -Table customers -Column created -OlderThan 30d -Confirm:$false

        '{0}/{1}/{2}' -f $empty.RowsDeleted, $empty.RowsLeft, $empty.Completed | Should -Be '0/0/True'
        '{0}/{1}/{2}' -f $purged.RowsDeleted, $purged.RowsLeft, $purged.Completed | Should -Be '1/0/True'
        Invoke-Sqlite shop.db 'SELECT group_concat(name, ",") FROM customers; SELECT count(*) FROM products;' | Should -Be @('Alan Turing,Grace Hopper', '2')
    }

    It 'still purges recent Unix seconds, Unix milliseconds and ISO text' {
        Invoke-Sqlite times.db @"
CREATE TABLE s(at INTEGER); CREATE TABLE ms(at INTEGER); CREATE TABLE iso(at TEXT);
INSERT INTO s VALUES (unixepoch('now', '-100 days')), (unixepoch('now', '-1 days'));
INSERT INTO ms VALUES (unixepoch('now', '-100 days') * 1000), (unixepoch('now', '-1 days') * 1000);
INSERT INTO iso VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-100 days')), (strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'));
"@ | Out-Null

        $results = 's', 'ms', 'iso' | ForEach-Object { Remove-DatabaseRecord -Path times.db -Table $_ -Column at -OlderThan 90d -Confirm:$false }

        ($results | ForEach-Object { '{0}:{1}/{2}' -f $_.Table, $_.RowsDeleted, $_.RowsLeft }) -join ',' | Should -Be 's:1/0,ms:1/0,iso:1/0'
        Invoke-Sqlite times.db 'SELECT (SELECT count(*) FROM s) + (SELECT count(*) FROM ms) + (SELECT count(*) FROM iso);' | Should -Be 3
    }

    It 'leaves "never" sentinels (9999-12-31, 253402300799) out of the time-column check, keeps their rows, and still refuses a quantity' {
        Invoke-Sqlite never.db @"
CREATE TABLE s(at INTEGER); CREATE TABLE ms(at INTEGER); CREATE TABLE iso(at TEXT); CREATE TABLE ids(at INTEGER);
INSERT INTO s VALUES (unixepoch('now', '-100 days')), (unixepoch('now', '-1 days')), (253402300799);
INSERT INTO ms VALUES (unixepoch('now', '-100 days') * 1000), (unixepoch('now', '-1 days') * 1000), (253402300799000);
INSERT INTO iso VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-100 days')), (strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days')), ('9999-12-31 23:59:59');
INSERT INTO ids VALUES (5), (77), (253402300799);
CREATE TABLE sizes(bytes INTEGER);
INSERT INTO sizes VALUES (500), (12000), (3500000), (250000000), (1900000000), (2000000000), (300000000000);
"@ | Out-Null

        $results = 's', 'ms', 'iso' | ForEach-Object { Remove-DatabaseRecord -Path never.db -Table $_ -Column at -OlderThan 90d -Confirm:$false }

        # Before, each was refused: its newest value, 9999-12-31 (or 1978 for seconds read as milliseconds), is past 2100.
        ($results | ForEach-Object { '{0}:{1}/{2}' -f $_.Table, $_.RowsDeleted, $_.RowsLeft }) -join ',' | Should -Be 's:1/0,ms:1/0,iso:1/0'
        Invoke-Sqlite never.db "SELECT (SELECT count(*) FROM s WHERE at = 253402300799) + (SELECT count(*) FROM ms WHERE at = 253402300799000) + (SELECT count(*) FROM iso WHERE at LIKE '9999%');" | Should -Be 3
        # A column of ids is still refused when a sentinel is among them.
        { Remove-DatabaseRecord -Path never.db -Table ids -Column at -OlderThan 90d -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        # Only the year 9999 is a sentinel: a byte count of 3e11 (1979 in milliseconds) still makes the column refused
        # (helper-65: with every value from the year 9000 on left out, 2e9 passed for 2033 and four rows were deleted).
        { Remove-DatabaseRecord -Path never.db -Table sizes -Column bytes -OlderThan 30d -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        Invoke-Sqlite never.db 'SELECT count(*) FROM sizes;' | Should -Be 7
    }

    It 'names the tables whose rows ON DELETE CASCADE and SET NULL also delete or change, under -WhatIf and in the result' {
        Invoke-Sqlite fk.db @"
CREATE TABLE parent(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);
CREATE TABLE grandchild(id INTEGER PRIMARY KEY, child_id INTEGER REFERENCES child(id) ON DELETE CASCADE);
CREATE TABLE note(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE SET NULL);
CREATE TABLE other(id INTEGER PRIMARY KEY, created_at TEXT);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 10) INSERT INTO parent SELECT n, datetime('now', '-400 days') FROM g;
INSERT INTO child SELECT id, id FROM parent; INSERT INTO grandchild SELECT id, id FROM child; INSERT INTO note SELECT id, id FROM parent;
INSERT INTO other VALUES (1, datetime('now', '-400 days'));
"@ | Out-Null
        $expected = @('child (rows deleted by ON DELETE CASCADE)', 'grandchild (rows deleted by ON DELETE CASCADE)', 'note (rows changed by ON DELETE SET NULL)')

        $preview = Remove-DatabaseRecord -Path fk.db -Table parent -Column created_at -OlderThan 365d -WhatIf -WarningVariable previewWarnings 3>$null
        $result = Remove-DatabaseRecord -Path fk.db -Table parent -Column created_at -OlderThan 365d -Confirm:$false -WarningVariable warnings 3>$null
        $plain = Remove-DatabaseRecord -Path fk.db -Table other -Column created_at -OlderThan 365d -Confirm:$false -WarningVariable plainWarnings 3>$null

        $preview.Cascades | Should -Be $expected
        "$previewWarnings" | Should -BeLike "Deleting rows of 'parent' also deletes or changes rows of child (rows deleted by ON DELETE CASCADE), grandchild (*), note (*) through foreign keys (not counted in RowsMatched or RowsDeleted; triggers not included)."
        $result.Cascades | Should -Be $expected
        $result.RowsDeleted | Should -Be 10
        ($result | Format-Table | Out-String -Width 200) | Should -Match "parent \(\+$($expected.Count) by FK\)"
        $warnings.Count | Should -Be 1
        Invoke-Sqlite fk.db 'SELECT (SELECT count(*) FROM child), (SELECT count(*) FROM grandchild), (SELECT count(*) FROM note WHERE parent_id IS NULL);' | Should -Be '0|0|10'
        $plain.Cascades | Should -BeNullOrEmpty
        $plainWarnings | Should -BeNullOrEmpty
    }

    It 'stops cleanly at -TimeLimit and reports the rows left' {
        Invoke-Sqlite events.db @"
CREATE TABLE events(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL);
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 50000) INSERT INTO events(created_at) SELECT unixepoch('now', '-200 days') + v FROM s;
"@ | Out-Null

        $result = Remove-DatabaseRecord -Path events.db -Table events -Column created_at -OlderThan '30d' -BatchSize 1000 -BatchDelay 0.1 -TimeLimit 0.5 -Confirm:$false

        $result.Completed | Should -BeFalse
        $result.Severity | Should -Be 'Warning'
        $result.RowsDeleted | Should -BeGreaterThan 0
        ($result.RowsDeleted % 1000) | Should -Be 0 -Because 'every batch either committed whole or not at all'
        $result.RowsLeft | Should -Be (50000 - $result.RowsDeleted)
        Invoke-Sqlite events.db 'SELECT count(*) FROM events;' | Should -Be $result.RowsLeft
    }

    It 'counts under -WhatIf and deletes nothing' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 10
        Invoke-Sqlite app.db "CREATE TABLE log(at TEXT, level INTEGER); INSERT INTO log VALUES (datetime('now', '-40 days'), 1), (datetime('now', '-40 days'), 2), (datetime('now'), 1);" | Out-Null
        $before = (Get-FileHash app.db).Hash

        $result = Remove-DatabaseRecord -Path app.db -Table log -Column at -OlderThan '30d' -Where 'level = 1' -WhatIf

        $result.WhatIf | Should -BeTrue
        $result.RowsMatched | Should -Be 1
        $result.RowsDeleted | Should -Be 0
        (Get-FileHash app.db).Hash | Should -Be $before
    }

    It 'rejects injection attempts in -Table and -Column with InvalidIdentifier, and a statement separator in -Where' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 10
        Invoke-Sqlite app.db "CREATE TABLE y(at TEXT); INSERT INTO y VALUES (datetime('now', '-40 days'));" | Out-Null

        { Remove-DatabaseRecord -Path app.db -Table 'x; DROP TABLE y' -Column at -OlderThan '30d' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidIdentifier,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        { Remove-DatabaseRecord -Path app.db -Table y -Column 'at; DROP TABLE y' -OlderThan '30d' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidIdentifier,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        { Remove-DatabaseRecord -Path app.db -Table y -Column at -OlderThan '30d' -Where '1 = 1; DROP TABLE y' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        { Remove-DatabaseRecord -Path app.db -Table y -Column at -OlderThan '1h' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        Invoke-Sqlite app.db 'SELECT count(*) FROM y;' | Should -Be 1
    }

    It 'names a table''s cascade to itself (replies deleted with the post they answer)' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 10
        Invoke-Sqlite app.db @"
PRAGMA foreign_keys = ON;
CREATE TABLE comments(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE, at TEXT);
INSERT INTO comments VALUES (1, NULL, datetime('now', '-400 days')), (2, 1, datetime('now')), (3, 2, datetime('now'));
"@ | Out-Null

        # Before, -WhatIf said 1 row and nothing else; the purge deleted the two new replies too.
        $result = Remove-DatabaseRecord -Path app.db -Table comments -Column at -OlderThan '30d' -Confirm:$false -WarningAction SilentlyContinue

        $result.RowsDeleted | Should -Be 1
        $result.Cascades | Should -Be @('comments (more of its own rows, which reference deleted ones, deleted by ON DELETE CASCADE)')
        Invoke-Sqlite app.db 'SELECT count(*) FROM comments;' | Should -Be 0
    }

    It 'refuses a -Where that would escape its parentheses or comment out the rest, and takes one with a quoted paren' {
        New-SampleDatabase -Path (Join-Path $work 'app.db') -Rows 10
        Invoke-Sqlite app.db @"
CREATE TABLE ev(at TEXT, note TEXT);
INSERT INTO ev VALUES (datetime('now', '-40 days'), 'a(b'), (datetime('now', '-40 days'), 'keep'), (datetime('now'), 'new');
"@ | Out-Null

        # Before, '1=1) OR (1=1' closed the parentheses around -Where and matched every row, the new one too.
        foreach ($where in "1=1) OR (1=1", "note = 'x' --", "note = 'x' /* c */", "(note = 'x'", 'note = $$''$$) OR (1=1 OR note = $$''$$', "note = E'\'') OR (1=1 OR note = '") {
            { Remove-DatabaseRecord -Path app.db -Table ev -Column at -OlderThan '30d' -Where $where -WhatIf -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -ExpectedMessage '*one SQL condition*'
        }

        $result = Remove-DatabaseRecord -Path app.db -Table ev -Column at -OlderThan '30d' -Where "note = 'a(b'" -Confirm:$false
        $result.RowsDeleted | Should -Be 1
        Invoke-Sqlite app.db 'SELECT group_concat(note) FROM (SELECT note FROM ev ORDER BY note);' | Should -Be 'keep,new'
    }

    It 'deletes only the matched rows of a table with a column named rowid, and refuses one whose columns take every row id name (helper-125)' {
        # Before, the batches ran DELETE ... WHERE rowid IN (SELECT rowid ...): rowid was the user's column (5 values
        # shared by 100 rows), and all 100 rows went where 70 matched.
        Invoke-Sqlite rid.db @"
CREATE TABLE imported(rowid TEXT, created_at TEXT);
WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 99) INSERT INTO imported SELECT 'ORA-' || (i % 5), datetime('now', '-' || i || ' days', '-1 hours') FROM g;
CREATE TABLE shadowed(rowid INTEGER, _rowid_ INTEGER, oid INTEGER, at TEXT);
INSERT INTO shadowed VALUES (1, 1, 1, datetime('now', '-60 days')), (1, 1, 1, datetime('now'));
"@ | Out-Null

        $result = Remove-DatabaseRecord -Path rid.db -Table imported -Column created_at -OlderThan 30d -BatchSize 10 -Confirm:$false

        '{0}/{1}/{2}' -f $result.RowsMatched, $result.RowsDeleted, $result.RowsLeft | Should -Be '70/70/0'
        Invoke-Sqlite rid.db "SELECT count(*) FROM imported; SELECT count(*) FROM imported WHERE created_at > datetime('now', '-30 days');" | Should -Be @('30', '30')
        { Remove-DatabaseRecord -Path rid.db -Table shadowed -Column at -OlderThan 30d -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -ExpectedMessage '*rowid, _rowid_ and oid*'
        Invoke-Sqlite rid.db 'SELECT count(*) FROM shadowed;' | Should -Be 2
    }

    It 'reads each number in its own unit (seconds beside milliseconds), keeps 0 and "never", and takes old text and old numbers of one column (helper-125)' {
        # Before, one millisecond value made every seconds value read as milliseconds (1970): the hour-old rows went; and the
        # first value's kind decided, so integer rows beside text rows were never read.
        Invoke-Sqlite units.db @"
CREATE TABLE units(ts INTEGER);
INSERT INTO units VALUES (unixepoch('now', '-1 hours')), (unixepoch('now', '-1 hours')), (unixepoch('now', '-1 hours') * 1000),
  (unixepoch('now', '-90 days')), (unixepoch('now', '-90 days') * 1000), (0), (253402300799), (253402300799000);
CREATE TABLE mixed(at);
INSERT INTO mixed VALUES (datetime('now')), (datetime('now', '-400 days')), (unixepoch('now', '-400 days')), (unixepoch('now', '-1 days'));
"@ | Out-Null

        $units = Remove-DatabaseRecord -Path units.db -Table units -Column ts -OlderThan 30d -Confirm:$false
        $mixed = Remove-DatabaseRecord -Path units.db -Table mixed -Column at -OlderThan 30d -Confirm:$false -WarningVariable mixedWarnings
        # A kind that is no time beside one that is: its rows stay, and a warning says so (helper-127: silently).
        Invoke-Sqlite units.db "CREATE TABLE half(at); INSERT INTO half VALUES (datetime('now', '-60 days')), (datetime('now')), (5), (7);" | Out-Null
        $half = Remove-DatabaseRecord -Path units.db -Table half -Column at -OlderThan 30d -Confirm:$false -WarningVariable halfWarnings

        '{0}/{1}' -f $units.RowsDeleted, $units.RowsLeft | Should -Be '2/0'
        Invoke-Sqlite units.db "SELECT count(*) FROM units WHERE ts IN (0, 253402300799, 253402300799000) OR ts > unixepoch('now', '-2 hours');" | Should -Be 6
        '{0}/{1}' -f $mixed.RowsDeleted, $mixed.RowsLeft | Should -Be '2/0'
        Invoke-Sqlite units.db "SELECT count(*) FROM mixed;" | Should -Be 2
        $mixedWarnings | Should -BeNullOrEmpty
        $half.RowsDeleted | Should -Be 1
        Invoke-Sqlite units.db "SELECT count(*) FROM half;" | Should -Be 3
        ($halfWarnings -join ' ') | Should -BeLike "*holds two kinds of values, and only one reads as times*are not purged*"
    }

    It 'never reads text that does not start with a date as a time (0, 2026, 12:30), which julianday() would (helper-125)' {
        Invoke-Sqlite markers.db @"
CREATE TABLE t(at TEXT);
INSERT INTO t VALUES (datetime('now')), ('0'), ('2026'), ('12:30'), ('2451545.0'), (datetime('now', '-400 days')), (strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-60 days'));
"@ | Out-Null

        $result = Remove-DatabaseRecord -Path markers.db -Table t -Column at -OlderThan 30d -Confirm:$false

        '{0}/{1}' -f $result.RowsDeleted, $result.RowsLeft | Should -Be '2/0'
        Invoke-Sqlite markers.db "SELECT group_concat(at, '|') FROM (SELECT at FROM t WHERE at NOT LIKE '2%-%' ORDER BY at);" | Should -Be '0|12:30|2026|2451545.0'
    }

    It 'changes nothing under -WhatIf on a WAL database whose -wal holds commits, not even a checkpoint (helper-125)' {
        # Before, the preview's read-write connection, the last to close, checkpointed the -wal into the file and deleted it.
        $writer = (Start-ChildProcess -FilePath sqlite3 -ArgumentList '-batch', (Join-Path $work 'wal.db') -RedirectStandardInput -ReadOutput).Process
        $writer.StandardInput.WriteLine("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE log(at TEXT); INSERT INTO log VALUES (datetime('now', '-60 days')), (datetime('now'));")
        $writer.StandardInput.WriteLine('.print written')
        $writer.StandardInput.Flush()
        while (($line = $writer.StandardOutput.ReadLine()) -ne 'written') { if ($null -eq $line) { throw 'sqlite3 ended early' } }
        Stop-ChildProcess $writer
        'wal.db-wal' | Should -Exist
        $before = @{ db = (Get-FileHash wal.db).Hash; wal = (Get-FileHash wal.db-wal).Hash }

        $preview = Remove-DatabaseRecord -Path wal.db -Table log -Column at -OlderThan 30d -WhatIf 6>$null

        $preview.RowsMatched | Should -Be 1
        'wal.db-wal' | Should -Exist
        (Get-FileHash wal.db).Hash | Should -Be $before.db
        (Get-FileHash wal.db-wal).Hash | Should -Be $before.wal
        (Remove-DatabaseRecord -Path wal.db -Table log -Column at -OlderThan 30d -Confirm:$false).RowsDeleted | Should -Be 1
    }

    It 'runs several purges from a -Definition file' {
        Invoke-Sqlite app.db @"
CREATE TABLE a(t TEXT); CREATE TABLE b(t TEXT, done INTEGER);
INSERT INTO a VALUES (datetime('now', '-10 days')), (datetime('now'));
INSERT INTO b VALUES (datetime('now', '-100 days'), 1), (datetime('now', '-100 days'), 0), (datetime('now', '-1 days'), 1);
"@ | Out-Null
        # BatchSize as a .psd1 may give it: quoted, or with a decimal point (helper-127: the key checks had refused both).
        Set-Content retention.psd1 "@{ Purges = @( @{ Table = 'a'; Column = 't'; OlderThan = '7d'; BatchSize = 500.0 }, @{ Table = 'b'; Column = 't'; OlderThan = '90d'; Where = 'done = 1'; BatchSize = '500' } ) }"

        $results = Remove-DatabaseRecord -Path app.db -Definition retention.psd1 -Confirm:$false

        ($results | ForEach-Object { '{0}:{1}' -f $_.Table, $_.RowsDeleted }) -join ',' | Should -Be 'a:1,b:1'
        Invoke-Sqlite app.db 'SELECT count(*) FROM a; SELECT count(*) FROM b;' | Should -Be @('1', '2')
    }
}

Describe 'Destructive cmdlets when nobody can answer the confirmation prompt' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-confirm
        $app = Join-Path $work 'app.db'
        Invoke-Sqlite $app "CREATE TABLE log(at TEXT); INSERT INTO log VALUES (datetime('now', '-40 days')), (datetime('now', '-40 days'));" | Out-Null
        $backups = Join-Path $work 'backups'
        1..2 | ForEach-Object { Backup-Database -Path $app -Destination $backups | Out-Null }
        $damaged = Join-Path $work 'damaged.db'
        New-SampleDatabase -Path $damaged -Rows 3000 -JournalMode delete
        $page = [int](Invoke-Sqlite $damaged "SELECT pageno FROM dbstat WHERE name = 'orders' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 20;")
        Write-GarbagePage -Path $damaged -Page $page -Seed 3
        $manifestPath = Get-BuiltModulePath
        $script = Join-Path $work 'unattended.ps1'
        # Each cmdlet as a cron job would run it: no -Confirm:$false.
        Set-Content -LiteralPath $script -Value @"
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$manifestPath'
foreach (`$run in { Remove-DatabaseRecord -Path '$app' -Table log -Column at -OlderThan 30d -ErrorAction Stop },
                 { Repair-Database -Path '$damaged' -ErrorAction Stop },
                 { Remove-DatabaseBackup -Location '$backups' -KeepLast 1 -ErrorAction Stop }) {
    try { & `$run | Out-Null; 'OUTCOME: changed without asking' }
    catch { 'ID ' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }
}
# A sound database needs no swap, so no confirmation: it is reported sound (helper-125: a health script in cron got
# ConfirmationRequired for it).
try { 'SOUND ' + (Repair-Database -Path '$app' -ErrorAction Stop).Method } catch { 'ID ' + `$_.FullyQualifiedErrorId }
"@
        $pwsh = (@(Get-PwshCommand) + @('-NoProfile') | ForEach-Object { "'$_'" }) -join ' '
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuse with ConfirmationRequired and change nothing (<Case>)' -ForEach @(
        @{ Case = 'an empty line on standard input, the prompt default is Yes'; Command = "<<< ''" }
        @{ Case = 'standard input is /dev/null'; Command = '</dev/null' }
        @{ Case = '-NonInteractive'; Command = "-NonInteractive </dev/null" }
    ) {
        $parts = $Command -split ' ', 2
        $commandLine = if ($parts[0] -eq '-NonInteractive') { "$pwsh -NonInteractive -File '$script' $($parts[1])" } else { "$pwsh -File '$script' $Command" }
        $hash = (Get-FileHash $app).Hash
        $damagedHash = (Get-FileHash $damaged).Hash

        $output = bash -c $commandLine 2>&1 | Out-String

        $output | Should -Not -Match 'OUTCOME: changed'
        $output | Should -Match 'ID ConfirmationRequired,OpsModule\.Cmdlets\.RemoveDatabaseRecordCommand'
        $output | Should -Match 'ID ConfirmationRequired,OpsModule\.Cmdlets\.RepairDatabaseCommand'
        $output | Should -Match 'ID ConfirmationRequired,OpsModule\.Cmdlets\.RemoveDatabaseBackupCommand'
        $output | Should -Match 'Add -Confirm:\$false'
        $output | Should -Match 'SOUND none'
        (Get-FileHash $app).Hash | Should -Be $hash
        (Get-FileHash $damaged).Hash | Should -Be $damagedHash
        Get-ChildItem $work -Filter 'damaged.recovered-*' | Should -BeNullOrEmpty
        Invoke-Sqlite $app 'SELECT count(*) FROM log;' | Should -Be 2
        Get-ChildItem $work -Filter 'app.recovered-*' | Should -BeNullOrEmpty
        @(Get-DatabaseBackup -Location $backups).Count | Should -Be 2
    }

    It 'refuse with their documented ids and change nothing in a runspace without a host UI ([powershell]::Create())' {
        # Before, each one failed with the host's HostFunctionNotImplemented, and Repair-Database first wrote its salvaged copy.
        $log = Join-Path $work 'app.log'
        Set-Content -LiteralPath $log -Value ('x' * 100)
        $target = Join-Path $work 'target.db'
        Copy-Item $app $target
        $backup = @(Get-DatabaseBackup -Location $backups)[0].BackupPath
        $before = Get-ChildItem $work -Recurse -File | ForEach-Object { '{0} {1}' -f $_.FullName, (Get-FileHash $_.FullName).Hash }
        $cases = [ordered]@{
            "Restore-Database -BackupPath '$backup' -TargetPath '$target'"                         = 'RestoreTargetNotEmpty,OpsModule.Cmdlets.RestoreDatabaseCommand'
            "Remove-DatabaseRecord -Path '$app' -Table log -Column at -OlderThan 30d"               = 'ConfirmationRequired,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
            "Repair-Database -Path '$damaged'"                                                     = 'ConfirmationRequired,OpsModule.Cmdlets.RepairDatabaseCommand'
            "Remove-DatabaseBackup -Location '$backups' -KeepLast 1"                               = 'ConfirmationRequired,OpsModule.Cmdlets.RemoveDatabaseBackupCommand'
            "Invoke-LogRotation -LiteralPath '$log' -MaxSize 1 -Confirm"                           = 'ConfirmationRequired,OpsModule.Cmdlets.InvokeLogRotationCommand'
        }

        foreach ($command in $cases.Keys) {
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("Import-Module '$manifestPath'; $command")
                $null = $shell.Invoke()
                @($shell.Streams.Error.FullyQualifiedErrorId) | Should -Be @($cases[$command]) -Because $command
                "$($shell.Streams.Error[0].Exception.Message)" | Should -Match 'host has no user interface' -Because $command
            }
            finally {
                $shell.Dispose()
            }
        }

        Get-ChildItem $work -Recurse -File | ForEach-Object { '{0} {1}' -f $_.FullName, (Get-FileHash $_.FullName).Hash } | Should -Be $before
    }

    It 'still count under -WhatIf and run with -Confirm:$false or $ConfirmPreference = None, in the same unattended shell' {
        $go = Join-Path $work 'go.ps1'
        Set-Content -LiteralPath $go -Value @"
Import-Module '$manifestPath'
'WHATIF ' + (Remove-DatabaseRecord -Path '$app' -Table log -Column at -OlderThan 30d -WhatIf).RowsMatched
`$ConfirmPreference = 'None'
'DELETED ' + (Remove-DatabaseRecord -Path '$app' -Table log -Column at -OlderThan 30d -BatchDelay 0).RowsDeleted
"@
        $output = bash -c "$pwsh -NonInteractive -File '$go' </dev/null" 2>&1 | Out-String

        $output | Should -Match 'WHATIF 2'
        $output | Should -Match 'DELETED 2'
        Invoke-Sqlite $app 'SELECT count(*) FROM log;' | Should -Be 0
    }
}

Describe 'Cmdlets asked to -Confirm when nobody can answer' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-confirm-all
        $app = Join-Path $work 'app.db'
        Invoke-Sqlite $app "CREATE TABLE t(a INTEGER); CREATE INDEX t_a ON t(a); INSERT INTO t VALUES (1), (2), (3);" | Out-Null
        $backups = Join-Path $work 'backups'
        Backup-Database -Path $app -Destination $backups | Out-Null
        $newBackups = Join-Path $work 'new-backups'
        $restored = Join-Path $work 'restored.db'
        $manifestPath = Get-BuiltModulePath
        $commands = [ordered]@{
            InvokeDbMaintenanceCommand  = "Invoke-DbMaintenance -Path '$app' -Task Analyze -Confirm"
            BackupDatabaseCommand       = "Backup-Database -Path '$app' -Destination '$newBackups' -Confirm"
            RestoreDatabaseCommand      = "Get-DatabaseBackup -Location '$backups' -Latest | Restore-Database -TargetPath '$restored' -Confirm"
            TestDisasterRecoveryCommand = "Get-DatabaseBackup -Location '$backups' -Latest | Test-DisasterRecovery -Confirm"
        }
        $script = Join-Path $work 'unattended.ps1'
        Set-Content -LiteralPath $script -Value @"
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$manifestPath'
$(($commands.Values | ForEach-Object { "try { $_ -ErrorAction Stop | Out-Null; 'OUTCOME: ran without asking' } catch { 'ID ' + `$_.FullyQualifiedErrorId + ' ' + `$_.CategoryInfo.Category; `$_.Exception.Message }" }) -join "`n")
"@
        $pwsh = (@(Get-PwshCommand) + @('-NoProfile') | ForEach-Object { "'$_'" }) -join ' '

        function Get-WorkState {
            Get-ChildItem $work -Recurse -File | Where-Object Name -NE 'unattended.ps1' | ForEach-Object { '{0} {1}' -f $_.FullName, (Get-FileHash $_.FullName).Hash }
        }
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuse with ConfirmationRequired and change nothing (<Case>)' -ForEach @(
        @{ Case = '-NonInteractive'; Arguments = '-NonInteractive -File'; Redirect = '' }
        @{ Case = 'standard input is /dev/null, as under cron'; Arguments = '-File'; Redirect = '</dev/null' }
        @{ Case = 'an empty line on standard input, the prompt default is Yes'; Arguments = '-File'; Redirect = "<<< ''" }
    ) {
        # Before, -NonInteractive gave OperationFailed with the host's "Read and Prompt functionality is not available"
        # (Restore-Database, Test-DisasterRecovery) or its InvalidOperation (the other two), and /dev/null a NullReferenceException.
        $before = Get-WorkState

        $output = bash -c "$pwsh $Arguments '$script' $Redirect" 2>&1 | Out-String

        $output | Should -Not -Match 'OUTCOME'
        foreach ($cmdlet in $commands.Keys) {
            $output | Should -Match "ID ConfirmationRequired,OpsModule\.Cmdlets\.$cmdlet InvalidOperation"
        }
        ([regex]::Matches($output, 'needs confirmation and nobody can give it .*Add -Confirm:\$false')).Count | Should -Be 4
        $output | Should -Not -Match 'NullReference|NonInteractive mode'
        Get-WorkState | Should -Be $before
        Test-Path $newBackups | Should -BeFalse
        Test-Path $restored | Should -BeFalse
    }

    It 'refuse with ConfirmationRequired and change nothing in a runspace without a host UI ([powershell]::Create())' {
        # Before, each one failed with the host's HostFunctionNotImplemented.
        $before = Get-WorkState
        $cases = [ordered]@{}
        foreach ($cmdlet in $commands.Keys) { $cases[$commands[$cmdlet]] = "ConfirmationRequired,OpsModule.Cmdlets.$cmdlet" }
        $cases["`$ConfirmPreference = 'Low'; Invoke-DbMaintenance -Path '$app' -Task Analyze"] = 'ConfirmationRequired,OpsModule.Cmdlets.InvokeDbMaintenanceCommand'
        $cases["`$ConfirmPreference = 'Low'; Backup-Database -Path '$app' -Destination '$newBackups'"] = 'ConfirmationRequired,OpsModule.Cmdlets.BackupDatabaseCommand'

        foreach ($command in $cases.Keys) {
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("Import-Module '$manifestPath'; $command")
                $output = $shell.Invoke()
                $output | Should -BeNullOrEmpty -Because $command
                @($shell.Streams.Error.FullyQualifiedErrorId) | Should -Be @($cases[$command]) -Because $command
                "$($shell.Streams.Error[0].Exception.Message)" | Should -Match 'host has no user interface.*Add -Confirm:\$false' -Because $command
            }
            finally {
                $shell.Dispose()
            }
        }

        Get-WorkState | Should -Be $before
        Test-Path $newBackups | Should -BeFalse
        Test-Path $restored | Should -BeFalse
    }

    It 'still run with -Confirm:$false in the same unattended shell' {
        $go = Join-Path $work 'go.ps1'
        Set-Content -LiteralPath $go -Value @"
Import-Module '$manifestPath'
`$ConfirmPreference = 'Low'
'STATUS ' + (Invoke-DbMaintenance -Path '$app' -Task Analyze -Confirm:`$false).Status
'DR ' + (Get-DatabaseBackup -Location '$backups' -Latest | Test-DisasterRecovery -Confirm:`$false).Passed
"@
        $output = bash -c "$pwsh -NonInteractive -File '$go' </dev/null" 2>&1 | Out-String
        Remove-Item -LiteralPath $go

        $output | Should -Match 'STATUS Succeeded'
        $output | Should -Match 'DR True'
    }
}

Describe 'Remove-DatabaseRecord -Definition that cannot be read' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-purge-def
        $app = Join-Path $work 'app.db'
        Invoke-Sqlite $app 'CREATE TABLE a(t TEXT);' | Out-Null
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'names a missing file with SourceNotFound' {
        { Remove-DatabaseRecord -Path $app -Definition (Join-Path $work 'none.psd1') -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'SourceNotFound,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -ExpectedMessage '*none.psd1*does not exist*'
    }

    It 'refuses a purge with a key it does not know (<Case>) before deleting anything (helper-125: a misspelt Where widened the purge)' -ForEach @(
        @{ Case = 'Wher'; Text = "@{ Purges = @( @{ Table = 'a'; Column = 't'; OlderThan = '30d'; Wher = 'done = 0' } ) }"; Message = "*unknown key(s) 'Wher'*" }
        @{ Case = 'a top-level Purge'; Text = "@{ Purges = @( @{ Table = 'a'; Column = 't'; OlderThan = '30d' } ); Purge = @() }"; Message = "*unknown key(s) 'Purge'*" }
        @{ Case = 'BatchSize abc'; Text = "@{ Purges = @( @{ Table = 'a'; Column = 't'; OlderThan = '30d'; BatchSize = 'abc' } ) }"; Message = "*BatchSize of table 'a' is 'abc'*" }
        @{ Case = 'Where a number'; Text = "@{ Purges = @( @{ Table = 'a'; Column = 't'; OlderThan = '30d'; Where = 5 } ) }"; Message = "*Where of table 'a' must be a quoted SQL condition*" }
    ) {
        Invoke-Sqlite $app "DELETE FROM a; INSERT INTO a VALUES (datetime('now', '-60 days')), (datetime('now', '-90 days'));" | Out-Null
        $file = Join-Path $work 'typo.psd1'
        Set-Content -LiteralPath $file -Value $Text

        { Remove-DatabaseRecord -Path $app -Definition $file -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -ExpectedMessage $Message
        Invoke-Sqlite $app 'SELECT count(*) FROM a;' | Should -Be 2
    }

    It 'says why a file that is not a data file cannot be read (<Case>), with no .NET internals' -ForEach @(
        @{ Case = 'a syntax error'; Text = 'not psd1 {' }
        @{ Case = 'an array instead of a hashtable'; Text = '@(1, 2)' }
    ) {
        $file = Join-Path $work 'bad.psd1'
        Set-Content -LiteralPath $file -Value $Text

        $failure = { Remove-DatabaseRecord -Path $app -Definition $file -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand' -PassThru
        $failure.Exception.Message | Should -BeLike "*bad.psd1*"
        $failure.Exception.Message | Should -Not -Match 'Index was out of range|Parameter .index.|preference variable'
    }
}

Describe 'Repair-Database of a file cut short (a partial copy)' {
    It 'salvages every row of the pages that are there, instead of refusing the schema as malformed (helper-125)' {
        # Before: SourceIntegrityFailed "The schema ... cannot be read (... malformed) ... Restore a backup", though every
        # page before the cut could be read (SQLite refuses a file shorter than its header says).
        $work = New-TestFolder -Prefix ops-repair-cut
        try {
            $db = Join-Path $work 'app.db'
            Invoke-Sqlite $db @"
PRAGMA journal_mode = delete; CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO users(name) SELECT 'user ' || i || ' ' || hex(randomblob(20)) FROM n;
CREATE TABLE other(id INTEGER PRIMARY KEY, b BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO other(b) SELECT randomblob(500) FROM n;
"@ | Out-Null
            $stream = [IO.File]::Open($db, 'Open', 'ReadWrite')
            try { $stream.SetLength([long]($stream.Length * 0.7)) } finally { $stream.Dispose() }

            $result = Repair-Database -Path $db -NoRecoverCommand -WhatIf -WarningVariable warned -WarningAction SilentlyContinue

            $result.Method | Should -Be 'row copy'
            $result.IntegrityOk | Should -BeTrue
            $result.TableCounts['users'] | Should -Be 20000
            $result.TableCounts['other'] | Should -BeGreaterThan 0
            $result.DamagedTables | Should -Be @('other')
            ($warned -join ' ') | Should -BeLike '*could be read only without SQLite''s checks*cut short*'
        }
        finally {
            Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Repair-Database of a sound database with a hot rollback journal (a writer killed mid-transaction)' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-repair-hot
        $db = Join-Path $work 'app.db'
        New-SampleDatabase -Path $db -Rows 3000 -JournalMode delete
        $rows = Invoke-Sqlite $db 'SELECT count(*) FROM orders;'
        # A real sqlite3 whose transaction spilled changed pages into the file (a small cache), killed before COMMIT: the
        # file holds half a transaction and app.db-journal the pages to put back.
        $writer = (Start-ChildProcess -FilePath sqlite3 -ArgumentList '-batch', $db -RedirectStandardInput -ReadOutput).Process
        $writer.StandardInput.WriteLine("PRAGMA cache_size = 5; BEGIN; UPDATE orders SET total = total + 1; DELETE FROM customers;")
        $writer.StandardInput.WriteLine('.print spilled')
        $writer.StandardInput.Flush()
        while (($line = $writer.StandardOutput.ReadLine()) -ne 'spilled') { if ($null -eq $line) { throw 'sqlite3 ended early' } }
        Stop-ChildProcess $writer
        $hashes = @{}
        foreach ($file in $db, "$db-journal") { $hashes[$file] = (Get-FileHash -LiteralPath $file).Hash }
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reports it sound once the journal is rolled back on a copy, under -WhatIf and for real, and writes neither the file nor its journal (helper-125)' {
        # Before: -WhatIf's sqlite3 .recover child opened the file read-write and rolled the journal back in it; without
        # sqlite3, SourceIntegrityFailed ("attempt to write a readonly database ... Restore a backup") for a sound database.
        ([IO.File]::ReadAllBytes("$db-journal")[0..7] | ForEach-Object { $_.ToString('x2') }) -join '' | Should -Be 'd9d505f920a163d7'
        # The copy a Repair-Database killed while copying left (helper-127: it stayed for good, 0644).
        $stale = New-Item -ItemType Directory -Path (Join-Path $work '.app.db.rollback-0badc0de')
        Set-Content -LiteralPath (Join-Path $stale 'app.db') -Value 'partial'
        (Get-Item (Join-Path $stale 'app.db')).LastWriteTimeUtc = [DateTime]::UtcNow.AddHours(-1)
        # One another run still uses (it holds the folder's lock), however old its files look (helper-129), stays.
        $busy = New-Item -ItemType Directory -Path (Join-Path $work '.app.db.rollback-0b5e55ed')
        Set-Content -LiteralPath (Join-Path $busy 'app.db') -Value 'in use'
        (Get-Item (Join-Path $busy 'app.db')).LastWriteTimeUtc = [DateTime]::UtcNow.AddHours(-1)
        $held = [IO.File]::Open((Join-Path $busy 'in-use.lock'), 'CreateNew', 'ReadWrite', 'None')

        $preview = Repair-Database -Path $db -WhatIf -WarningVariable warned -WarningAction SilentlyContinue
        $result = Repair-Database -Path $db -NoRecoverCommand -Confirm:$false -WarningAction SilentlyContinue

        foreach ($r in $preview, $result) {
            $r.Method | Should -Be 'none'
            $r.IntegrityOk | Should -BeTrue
            $r.Detail | Should -BeLike '*hot journal is rolled back: nothing to repair*'
        }
        $result.TableCounts['orders'] | Should -Be $rows
        $result.TableCounts['customers'] | Should -BeGreaterThan 0
        $warned | Should -BeLike '*rollback journal*of a transaction that did not finish*'
        foreach ($file in $db, "$db-journal") { (Get-FileHash -LiteralPath $file).Hash | Should -Be $hashes[$file] -Because $file }
        @(Get-ChildItem -LiteralPath $work -Force | Where-Object Name -like '.*rollback*').Name | Should -Be @('.app.db.rollback-0b5e55ed')
        $held.Dispose()
        Remove-Item -LiteralPath $busy -Recurse -Force
    }

    It 'is previewed by Remove-DatabaseRecord -WhatIf, which rolls the journal back as any connection does (helper-127)' {
        # After the preview became read-only, it failed with DatabaseNotWritable ("the file or its folder does not let this
        # account write") on such a database: read-only, SQLite cannot roll the journal back.
        $copy = Join-Path $work 'preview.db'
        Copy-Item -LiteralPath $db -Destination $copy
        Copy-Item -LiteralPath "$db-journal" -Destination "$copy-journal"

        # The sample has no time column: the column check, which reads the table, is what answers.
        $null = Remove-DatabaseRecord -Path $copy -Table orders -Column total -OlderThan 30d -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue 6>$null

        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.RemoveDatabaseRecordCommand'
        $failed[0].Exception.Message | Should -BeLike "*column 'total' does not look like a time column*"
        Invoke-Sqlite $copy 'SELECT count(*) FROM orders;' | Should -Be $rows
    }
}

Describe 'Repair-Database of a database with foreign keys, full-text indexes, an R*Tree and AUTOINCREMENT (row copy)' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-repair-rich
        $rich = Join-Path $work 'rich.db'
        $schema = @'
PRAGMA page_size = 8192; PRAGMA auto_vacuum = INCREMENTAL;
CREATE TABLE artists(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE tracks(id INTEGER PRIMARY KEY AUTOINCREMENT, artist_id INTEGER NOT NULL REFERENCES artists(id), title TEXT NOT NULL);
CREATE VIRTUAL TABLE tracks_fts USING fts5(title, content='tracks', content_rowid='id');
CREATE TRIGGER tracks_ai AFTER INSERT ON tracks BEGIN INSERT INTO tracks_fts(rowid, title) VALUES (new.id, new.title); END;
CREATE VIRTUAL TABLE notes USING fts5(body);
CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)
  INSERT INTO artists(name) SELECT 'artist ' || n || ' ' || hex(randomblob(60)) FROM g;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)
  INSERT INTO tracks(artist_id, title) SELECT n, 'song number ' || n FROM g;
DELETE FROM tracks WHERE id > 2990;
DELETE FROM artists WHERE id > 2990;
INSERT INTO notes(body) VALUES ('first note about tuning'), ('second note about mixing');
INSERT INTO boxes VALUES (1, 0, 10), (2, 5, 15);
CREATE VIEW track_titles AS SELECT id, title FROM tracks;
CREATE VIRTUAL TABLE titles_fts USING fts5(title, content='track_titles', content_rowid='id');
INSERT INTO titles_fts(titles_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE notes_vocab USING fts5vocab(notes, 'row');
'@
        $null = Invoke-Sqlite $rich $schema
        # A leaf page in the middle of artists: the tracks that reference its artists are readable and must all survive.
        $page = [int](Invoke-Sqlite $rich "SELECT pageno FROM dbstat WHERE name = 'artists' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10;")
        Write-GarbagePage -Path $rich -Page $page -Seed 11
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'keeps every readable row, rebuilds the full-text indexes, and the application can write to the swapped-in file' {
        $result = Repair-Database -LiteralPath $rich -NoRecoverCommand -Confirm:$false -WarningAction SilentlyContinue

        $result.Swapped | Should -BeTrue
        $result.DamagedTables | Should -Be @('artists')
        $result.MissingObjects | Should -BeNullOrEmpty
        Invoke-Sqlite $rich 'PRAGMA integrity_check;' | Should -Be 'ok'
        # Foreign keys are not enforced while rows are copied: tracks whose artist was on the lost page are kept.
        Invoke-Sqlite $rich 'SELECT count(*) FROM tracks;' | Should -Be '2990'
        [int](Invoke-Sqlite $rich 'SELECT count(*) FROM artists;') | Should -BeLessThan 2990
        Invoke-Sqlite $rich "SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH '2345';" | Should -Be '2345'
        Invoke-Sqlite $rich "SELECT body FROM notes WHERE notes MATCH 'mixing';" | Should -Be 'second note about mixing'
        Invoke-Sqlite $rich 'SELECT count(*) FROM boxes WHERE maxx > 12;' | Should -Be '1'
        # An index whose text comes from a view is rebuilt once the view exists; fts5vocab has no rows of its own.
        Invoke-Sqlite $rich "SELECT rowid FROM titles_fts WHERE titles_fts MATCH '1234';" | Should -Be '1234'
        Invoke-Sqlite $rich "SELECT cnt FROM notes_vocab WHERE term = 'note';" | Should -Be '2'
        # The FTS index's shadow tables are its own again, not plain copies (its integrity check passes).
        Invoke-Sqlite $rich "INSERT INTO tracks_fts(tracks_fts, rank) VALUES ('integrity-check', 1); SELECT 'fts ok';" | Should -Be 'fts ok'
        Invoke-Sqlite $rich 'PRAGMA page_size; PRAGMA auto_vacuum;' | Should -Be @('8192', '2')
        # AUTOINCREMENT counters keep the deleted ids used: the next ids are 3001, as in the damaged file.
        Invoke-Sqlite $rich "INSERT INTO artists(name) VALUES ('new'); INSERT INTO tracks(artist_id, title) VALUES (last_insert_rowid(), 'brand new song'); SELECT max(id) FROM artists; SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH 'brand';" | Should -Be @('3001', '3001')
    }

    It 'never swaps in a copy that lacks a table it could not recreate, and says which' {
        $odd = Join-Path $work 'odd.db'
        $null = Invoke-Sqlite $odd "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES ('a'), ('b'); PRAGMA writable_schema = ON; INSERT INTO sqlite_schema(type, name, tbl_name, rootpage, sql) VALUES ('table', 'vt', 'vt', 0, 'CREATE VIRTUAL TABLE vt USING no_such_module(a)');"
        $before = (Get-FileHash $odd).Hash

        $result = Repair-Database -LiteralPath $odd -NoRecoverCommand -Force -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -Be 'RepairFailed,OpsModule.Cmdlets.RepairDatabaseCommand'
        $failed[0].Exception.Message | Should -BeLike "*lacks 'vt'*"
        "$warned" | Should -BeLike "*virtual table 'vt' could not be recreated*"
        (Get-FileHash $odd).Hash | Should -Be $before
        $result.Swapped | Should -Not -Be $true
        # The salvaged copy it keeps holds the database's rows: readable by its owner only (before, 0644 by the umask).
        $kept = @(Get-ChildItem $work -Filter 'odd.recovered-*')
        $kept | Should -HaveCount 1
        if ($IsLinux) { & stat -c '%a' $kept[0].FullName | Should -Be '600' }

        # -WhatIf offers no swap of such a copy either: it says what the real run would say.
        $plan = Repair-Database -LiteralPath $odd -NoRecoverCommand -Force -WhatIf -WarningAction SilentlyContinue -ErrorVariable planFailed -ErrorAction SilentlyContinue
        $planFailed[0].FullyQualifiedErrorId | Should -Be 'RepairFailed,OpsModule.Cmdlets.RepairDatabaseCommand'
        $plan.MissingObjects | Should -Be @('vt')
    }
}

Describe 'A sound database with a contentless full-text index' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-contentless
        $db = Join-Path $work 'app.db'
        # SQLite 3.44+ cannot validate a contentless FTS index against its text ("unable to validate the inverted
        # index ... SQL logic error") whether or not it is damaged: that line is no finding.
        $null = Invoke-Sqlite $db "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES ('a'), ('b'); CREATE VIRTUAL TABLE f4 USING fts4(body, content=''); INSERT INTO f4(docid, body) VALUES (5, 'hidden words'); CREATE VIRTUAL TABLE f5 USING fts5(body, content=''); INSERT INTO f5(rowid, body) VALUES (7, 'other words');"
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'backs up, restores, passes its DR test and its checks, and needs no repair' {
        $backup = Backup-Database -Path $db -Destination (Join-Path $work 'backups')
        $restored = Restore-Database -BackupPath $backup.BackupPath -TargetPath (Join-Path $work 'restored.db')
        $drill = $backup | Test-DisasterRecovery
        $checks = Invoke-DbMaintenance -Path $db -Task IntegrityCheck, QuickCheck -Confirm:$false
        $repair = Repair-Database -Path $db -WhatIf

        $backup.Severity | Should -Be 'Ok'
        $restored.TableCounts['t'] | Should -Be 2
        Invoke-Sqlite (Join-Path $work 'restored.db') "SELECT docid FROM f4 WHERE f4 MATCH 'hidden';" | Should -Be '5'
        $drill.Passed | Should -BeTrue
        $checks.Status | Should -Be @('Succeeded', 'Succeeded')
        $repair.Method | Should -Be 'none'
    }
}

Describe 'Repair-Database of a damaged database in a folder this account may not write' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-repair-readonly
        $damaged = Join-Path $work 'd.db'
        New-SampleDatabase -Path $damaged -Rows 3000 -JournalMode delete
        $page = [int](Invoke-Sqlite $damaged "SELECT pageno FROM dbstat WHERE name = 'orders' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 20;")
        Write-GarbagePage -Path $damaged -Page $page -Seed 11
        $before = (Get-FileHash $damaged).Hash
        # The database stays readable; its folder takes no new file (r-x for everyone, the owner included).
        $null = & chmod 555 $work
        $manifestPath = Get-BuiltModulePath
    }
    AfterAll {
        $null = & chmod 755 $work
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is RestoreTargetNotWritable (PermissionDenied) naming the folder, before salvaging with <Method>, and blames no .recover' -ForEach @(
        @{ Method = 'sqlite3 .recover'; Switch = '' }
        @{ Method = 'the row copy'; Switch = '-NoRecoverCommand' }
    ) {
        $script = "Import-Module '$manifestPath'; try { Repair-Database -LiteralPath ./d.db -WhatIf $Switch -ErrorAction Stop | Out-Null; 'NO ERROR' } catch { 'ID ' + `$_.FullyQualifiedErrorId; 'CATEGORY ' + `$_.CategoryInfo.Category; 'TARGET ' + `$_.TargetObject; 'MESSAGE ' + `$_.Exception.Message }"

        $output = Invoke-PwshObeyingFileModes -Script $script -WorkDir $work

        $output | Should -Contain 'ID RestoreTargetNotWritable,OpsModule.Cmdlets.RepairDatabaseCommand'
        $output | Should -Contain 'CATEGORY PermissionDenied'
        $output | Should -Contain "TARGET $work"
        $message = ($output | Where-Object { $_ -like 'MESSAGE *' }) -join ' '
        $message | Should -Match ([regex]::Escape("into its folder '$work'"))
        $message | Should -Match 'does not let this account \(\w+\) create files'
        $message | Should -Match 'nothing was salvaged or changed'
        ($output -join "`n") | Should -Not -Match '\.recover could not|SqliteException|SQLite Error'
        (Get-FileHash $damaged).Hash | Should -Be $before
        @(Get-ChildItem $work -Force).Name | Should -Be @('d.db')
    }
}

Describe 'Repair-Database run as root on a database its application owns' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue) -or (& id -u) -ne '0') {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-repair-owned
        $template = Join-Path $work 'template.db'
        New-SampleDatabase -Path $template -Rows 3000 -JournalMode delete
        $page = [int](Invoke-Sqlite $template "SELECT pageno FROM dbstat WHERE name = 'orders' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 20;")
        Write-GarbagePage -Path $template -Page $page -Seed 5
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'keeps the owner, group and mode <Mode> of a <Journal> database, and its application can still write it' -ForEach @(
        @{ Mode = '600'; Journal = 'delete' }
        @{ Mode = '640'; Journal = 'wal' }
    ) {
        # Before, the salvaged copy swapped in was root's, mode 0644: the application got "attempt to write a readonly database".
        # The application's account (uid 4242, group 4243) owns its folder (0700) and its database.
        $folder = Join-Path $work $Journal
        $null = New-Item -ItemType Directory -Path $folder
        $null = & chown 4242:4243 $folder
        $null = & chmod 700 $folder
        $db = Join-Path $folder "$Journal.db"
        Copy-Item $template $db
        $null = Invoke-Sqlite $db "PRAGMA journal_mode = $Journal;"
        $null = & chown 4242:4243 $db
        $null = & chmod $Mode $db
        $before = (Get-FileHash $db).Hash

        $plan = Repair-Database -LiteralPath $db -WhatIf -WarningAction SilentlyContinue
        $plan.IntegrityOk | Should -BeTrue
        # -WhatIf leaves no file of its own; reading a WAL database, SQLite itself keeps its -wal and -shm, the database's own.
        @(Get-ChildItem $folder -Force).Name | Where-Object { $_ -notin "$Journal.db-wal", "$Journal.db-shm" } | Should -Be @("$Journal.db")
        Get-ChildItem $folder -Force | ForEach-Object { & stat -c '%n %u:%g %a' $_.FullName } | Should -Be @(Get-ChildItem $folder -Force | ForEach-Object { "$($_.FullName) 4242:4243 $Mode" })

        $result = Repair-Database -LiteralPath $db -Confirm:$false -WarningAction SilentlyContinue

        $result.Swapped | Should -BeTrue
        & stat -c '%u:%g %a' $db | Should -Be "4242:4243 $Mode"
        # The damaged file kept beside it holds the same rows: it keeps the same owner and mode.
        & stat -c '%u:%g %a' $result.CorruptCopy | Should -Be "4242:4243 $Mode"
        (Get-FileHash $result.CorruptCopy).Hash | Should -Be $before
        $written = "CREATE TABLE w(x); INSERT INTO w VALUES (1); SELECT count(*) FROM w; PRAGMA journal_mode;" | & setpriv --reuid=4242 --regid=4243 --clear-groups sqlite3 -bail $db 2>&1
        $written | Should -Be @('1', $Journal)
        Get-ChildItem $folder -Force | ForEach-Object { & stat -c '%n %u:%g' $_.FullName } | Should -Be @(Get-ChildItem $folder -Force | ForEach-Object { "$($_.FullName) 4242:4243" })
    }

    It 'swaps nothing when it cannot give the salvaged copy the database''s owner (RestoreTargetNotWritable)' {
        # Root without CAP_CHOWN, as an account other than the database's owner is: the swap would leave the database root's.
        $folder = Join-Path $work 'nochown'
        $null = New-Item -ItemType Directory -Path $folder
        $db = Join-Path $folder 'app.db'
        Copy-Item $template $db
        $null = & chown 4242:4243 $db
        $null = & chmod 640 $db
        $before = (Get-FileHash $db).Hash
        $script = "`$PSStyle.OutputRendering = 'PlainText'; Import-Module '$(Get-BuiltModulePath)'; try { Repair-Database -LiteralPath '$db' -Confirm:`$false -NoRecoverCommand -WarningAction SilentlyContinue -ErrorAction Stop | Out-Null; 'NO ERROR' } catch { 'ID ' + `$_.FullyQualifiedErrorId; 'CATEGORY ' + `$_.CategoryInfo.Category; 'MESSAGE ' + `$_.Exception.Message }"

        $output = & setpriv --inh-caps=-chown --bounding-set=-chown @(Get-PwshCommand) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }

        $output | Should -Contain 'ID RestoreTargetNotWritable,OpsModule.Cmdlets.RepairDatabaseCommand' -Because ($output -join "`n")
        $output | Should -Contain 'CATEGORY PermissionDenied'
        ($output -join ' ') | Should -Match "was not swapped into .*owner and group \(4242:4243\).*Run Repair-Database as the database's owner or as root"
        (Get-FileHash $db).Hash | Should -Be $before
        & stat -c '%u:%g %a' $db | Should -Be '4242:4243 640'
        @(Get-ChildItem $folder -Filter 'app.db.corrupt-*') | Should -HaveCount 0
    }
}

Describe 'Maintenance cmdlets on a database this account may not read or write' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-maint-denied
        foreach ($name in 'denied.db', 'readonly.db') {
            Invoke-Sqlite (Join-Path $work $name) "CREATE TABLE events(id INTEGER PRIMARY KEY, at TEXT); INSERT INTO events(at) VALUES (datetime('now', '-100 days')), (datetime('now', '-1 days'));" | Out-Null
        }
        # denied.db: no access at all (mode 000); readonly.db: read but not write (mode 444). The folder stays writable.
        $null = & chmod 000 (Join-Path $work 'denied.db')
        $null = & chmod 444 (Join-Path $work 'readonly.db')
        $manifestPath = Get-BuiltModulePath
        $report = 'ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { ''ERROR {0} | {1} | {2} | {3}'' -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.TargetObject, $_.Exception.Message } else { ''RESULT {0} {1} {2}'' -f $_.Task, $_.Status, $_.ErrorId } }'
    }
    AfterAll {
        $null = & chmod 644 (Join-Path $work 'denied.db') (Join-Path $work 'readonly.db')
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It '<Cmdlet> on a database it may not read is SourceNotReadable (PermissionDenied) naming the account, not .NET''s text' -ForEach @(
        @{ Cmdlet = 'Invoke-DbMaintenance'; Command = 'Invoke-DbMaintenance -Path ./denied.db -Confirm:$false'; Class = 'InvokeDbMaintenanceCommand' }
        @{ Cmdlet = 'Remove-DatabaseRecord'; Command = 'Remove-DatabaseRecord -Path ./denied.db -Table events -Column at -OlderThan 30d -WhatIf'; Class = 'RemoveDatabaseRecordCommand' }
        @{ Cmdlet = 'Repair-Database'; Command = 'Repair-Database -Path ./denied.db -WhatIf'; Class = 'RepairDatabaseCommand' }
    ) {
        $output = Invoke-PwshObeyingFileModes -Script "Import-Module '$manifestPath'; $Command 2>&1 | $report" -WorkDir $work

        $errors = @($output | Where-Object { $_ -like 'ERROR *' })
        $errors | Should -HaveCount 1 -Because ($output -join "`n")
        $errors[0] | Should -BeLike "ERROR SourceNotReadable,OpsModule.Cmdlets.$Class | PermissionDenied | $work/denied.db | This account (*) may not read the database '$work/denied.db'*so $Cmdlet cannot run; nothing was changed. Run it as the database's owner, or grant this account *"
        ($output -join "`n") | Should -Not -Match 'Access to the path|OperationFailed'
        @($output | Where-Object { $_ -like 'RESULT *' }) | Should -HaveCount 0
    }

    It 'fails only the tasks that write to a read-only database, with DatabaseNotWritable, and still emits their results' {
        $output = Invoke-PwshObeyingFileModes -Script "Import-Module '$manifestPath'; Invoke-DbMaintenance -Path ./readonly.db -Task QuickCheck, Analyze -Confirm:`$false 2>&1 | $report" -WorkDir $work

        $output | Should -Contain 'RESULT QuickCheck Succeeded '
        $output | Should -Contain 'RESULT Analyze Failed DatabaseNotWritable'
        $errors = @($output | Where-Object { $_ -like 'ERROR *' })
        $errors | Should -HaveCount 1 -Because ($output -join "`n")
        $errors[0] | Should -BeLike "ERROR DatabaseNotWritable,OpsModule.Cmdlets.InvokeDbMaintenanceCommand | PermissionDenied | $work/readonly.db | SQLite could not write to '$work/readonly.db' or the files it keeps beside it for Analyze *: the file or its folder does not let this account (*) write, or the mount is read-only.*grant this account write access to the file and its folder."
    }

    It 'refuses a purge of a read-only database with DatabaseNotWritable and deletes nothing' {
        $output = Invoke-PwshObeyingFileModes -Script "Import-Module '$manifestPath'; Remove-DatabaseRecord -Path ./readonly.db -Table events -Column at -OlderThan 30d -Confirm:`$false 2>&1 | $report" -WorkDir $work

        $errors = @($output | Where-Object { $_ -like 'ERROR *' })
        $errors | Should -HaveCount 1 -Because ($output -join "`n")
        $errors[0] | Should -BeLike "ERROR DatabaseNotWritable,OpsModule.Cmdlets.RemoveDatabaseRecordCommand | PermissionDenied | $work/readonly.db | SQLite could not write to '$work/readonly.db' or the files it keeps beside it*No rows were deleted."
        Invoke-Sqlite (Join-Path $work 'readonly.db') 'SELECT count(*) FROM events;' | Should -Be 2
    }
}
