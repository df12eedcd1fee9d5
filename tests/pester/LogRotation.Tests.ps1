# Invoke-LogRotation against real files, a real writer process, and a real SIGKILL at the test hook.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force

    function Read-Gzip {
        param([string] $Path)
        $in = [IO.Compression.GZipStream]::new([IO.File]::OpenRead($Path), [IO.Compression.CompressionMode]::Decompress)
        $reader = [IO.StreamReader]::new($in)
        try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
    }

    function Stop-RotationAt {
        # Runs Invoke-LogRotation -MaxSize 1 on the log in a child pwsh and kills it (SIGKILL) at the test pause point.
        param([string] $Log, [string] $Point)
        $null = Stop-AtPause -Point $Point -Script "Invoke-LogRotation -LiteralPath '$Log' -MaxSize 1" -WorkDir $work -ModulePath $manifestPath
    }

    function New-Log {
        param([string] $Name = 'app.log', [int] $Lines = 100, [string] $Prefix = 'line')
        $path = Join-Path $work $Name
        [IO.File]::WriteAllText($path, ((1..$Lines | ForEach-Object { "$Prefix $_" }) -join "`n") + "`n")
        return $path
    }
}

Describe 'Invoke-LogRotation' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-rotate
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'rotates a file at -MaxSize into a complete .gz and leaves a smaller one alone' {
        $big = New-Log -Name 'big.log' -Lines 500
        $small = New-Log -Name 'small.log' -Lines 2
        $content = [IO.File]::ReadAllText($big)

        $actions = Invoke-LogRotation -Path (Join-Path $work '*.log') -MaxSize 1KB

        $actions.Count | Should -Be 1
        $actions[0].Action | Should -Be 'Rotate'
        $actions[0].Completed | Should -BeTrue
        $actions[0].Size | Should -Be $content.Length
        Read-Gzip "$big.1.gz" | Should -Be $content
        (Get-Item $big).Length | Should -Be 0
        Test-Path "$big.1" | Should -BeFalse
        Test-Path "$small.1.gz" | Should -BeFalse
        (Measure-LogErrors -LiteralPath "$big.1.gz" -Summary).Lines | Should -Be 500
    }

    It 'rotates by -Interval when the last rotation is older than it' {
        $old = New-Log -Name 'old.log'
        $recent = New-Log -Name 'recent.log'
        # Each was rotated before: the old one two days ago, the recent one an hour ago.
        foreach ($pair in @(@($old, 2), @($recent, 0))) {
            $gz = "$($pair[0]).1.gz"
            $stream = [IO.Compression.GZipStream]::new([IO.File]::Create($gz), [IO.Compression.CompressionMode]::Compress); $stream.Dispose()
            (Get-Item $gz).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-$pair[1]).AddHours(-1)
        }

        $actions = Invoke-LogRotation -Path (Join-Path $work '*.log') -Interval 1d

        $actions.Count | Should -Be 1
        $actions[0].Source | Should -Be $old
        $actions[0].Reason | Should -BeLike '*Interval 1d*'
        Test-Path "$old.2.gz" | Should -BeTrue
        Test-Path "$recent.2.gz" | Should -BeFalse
    }

    It 'counts -Interval for a log never rotated from its birth, not from its last write' -Skip:(-not $IsLinux) {
        $log = New-Log -Name 'born.log'
        $probe = New-Log -Name 'probe.txt'
        if ((stat -c %W $probe) -in '0', '-') { Set-ItResult -Skipped -Because 'this file system records no birth time'; return }
        Start-Sleep -Seconds 3
        # Written just now, born three seconds ago: -Interval 2 (seconds) is due.
        Add-Content -LiteralPath $log -Value 'written now'

        $action = Invoke-LogRotation -LiteralPath $log -Interval 2

        $action.Action | Should -Be 'Rotate'
        $action.Reason | Should -BeLike 'Last rotated*'
        # Born just now with a modification time three days old (cp -p, tar, rsync -t): not due.
        $copy = New-Log -Name 'copied.log'
        (Get-Item $copy).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-3)
        Invoke-LogRotation -LiteralPath $copy -Interval 1d | Should -BeNullOrEmpty
        Test-Path "$copy.1.gz" | Should -BeFalse
    }

    It 'keeps a rotated file''s time when a later run compresses it, so -Interval and -MaxAge count from the rotation, as -WhatIf said' {
        $log = New-Log -Lines 50
        $rotated = New-Log -Name 'app.log.1' -Lines 5 -Prefix 'left uncompressed'
        $then = [datetime]::UtcNow.AddDays(-2)
        (Get-Item $rotated).LastWriteTimeUtc = $then

        $plan = Invoke-LogRotation -LiteralPath $log -Interval 1d -MaxAge 3d -WhatIf
        $done = Invoke-LogRotation -LiteralPath $log -Interval 1d -MaxAge 3d

        ($plan | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" }) | Should -Be @('Compress app.log.1', 'Rotate app.log')
        ($done | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" }) | Should -Be @('Compress app.log.1', 'Rotate app.log')
        Read-Gzip "$log.2.gz" | Should -BeLike 'left uncompressed 1*'
        [math]::Abs(((Get-Item "$log.2.gz").LastWriteTimeUtc - $then).TotalSeconds) | Should -BeLessThan 1
        # -MaxAge counts from the rotation two days ago, not from the compression just now.
        (Invoke-LogRotation -LiteralPath $log -MaxAge 1d).Source | Should -Be "$log.2.gz"
    }

    It 'keeps the rotation of a quiet log that -MaxAge would call old by its last write, as -WhatIf said' {
        $log = New-Log -Lines 1000
        (Get-Item $log).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-10)
        $stream = [IO.Compression.GZipStream]::new([IO.File]::Create("$log.1.gz"), [IO.Compression.CompressionMode]::Compress); $stream.Dispose()
        (Get-Item "$log.1.gz").LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-2)

        $plan = Invoke-LogRotation -LiteralPath $log -Interval 1d -MaxAge 7d -WhatIf
        $done = Invoke-LogRotation -LiteralPath $log -Interval 1d -MaxAge 7d

        ($plan | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" }) | Should -Be @('Rotate app.log')
        ($done | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" }) | Should -Be @('Rotate app.log')
        (Read-Gzip "$log.1.gz").Split("`n", [StringSplitOptions]::RemoveEmptyEntries).Count | Should -Be 1000
        ([datetime]::UtcNow - (Get-Item "$log.1.gz").LastWriteTimeUtc).TotalMinutes | Should -BeLessThan 5
    }

    It 'loses no older rotation when a copy-truncate copy fails on a full disk, run after run' -Skip:(-not $IsLinux) {
        $small = Join-Path $work 'small'
        if (-not (Mount-TestTmpfs -Path $small -Size 1m)) {
            Set-ItResult -Skipped -Because 'cannot mount a tmpfs here (needs Linux and root)'; return
        }
        try {
            $log = Join-Path $small 'app.log'
            foreach ($n in 1..3) {
                $stream = [IO.Compression.GZipStream]::new([IO.File]::Create("$log.$n.gz"), [IO.Compression.CompressionMode]::Compress)
                $bytes = [Text.Encoding]::UTF8.GetBytes("rotation $n`n"); $stream.Write($bytes, 0, $bytes.Length); $stream.Dispose()
            }
            # Random text does not compress: its copy cannot fit beside it.
            $random = [byte[]]::new(600KB); [Random]::new(7).NextBytes($random)
            [IO.File]::WriteAllText($log, [Convert]::ToBase64String($random))

            foreach ($run in 1..2) {
                Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 3 -CopyTruncate -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
                $failed[0].FullyQualifiedErrorId | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
            }

            $kept = Get-ChildItem $small -Filter 'app.log.*.gz' | ForEach-Object { Read-Gzip $_.FullName } | Sort-Object
            $kept | Should -Be @("rotation 1`n", "rotation 2`n", "rotation 3`n")
            Get-ChildItem $small -Filter '*.tmp-*' | Should -BeNullOrEmpty
            (Get-Item $log).Length | Should -BeGreaterThan 600KB
        }
        finally {
            & umount $small
        }
    }

    It 'moves up only the rotations before the first free number' {
        $log = New-Log -Lines 50
        foreach ($n in 1, 2, 5) {
            $stream = [IO.Compression.GZipStream]::new([IO.File]::Create("$log.$n.gz"), [IO.Compression.CompressionMode]::Compress)
            $bytes = [Text.Encoding]::UTF8.GetBytes("rotation $n`n"); $stream.Write($bytes, 0, $bytes.Length); $stream.Dispose()
        }

        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -CopyTruncate

        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz', 'app.log.2.gz', 'app.log.3.gz', 'app.log.5.gz')
        Read-Gzip "$log.1.gz" | Should -BeLike 'line 1*'
        Read-Gzip "$log.2.gz" | Should -Be "rotation 1`n"
        Read-Gzip "$log.3.gz" | Should -Be "rotation 2`n"
        Read-Gzip "$log.5.gz" | Should -Be "rotation 5`n"
    }

    It 'prunes rotations beyond -Keep and older than -MaxAge, renumbering the rest' {
        $log = New-Log -Lines 50
        foreach ($n in 1..5) {
            $stream = [IO.Compression.GZipStream]::new([IO.File]::Create("$log.$n.gz"), [IO.Compression.CompressionMode]::Compress)
            $bytes = [Text.Encoding]::UTF8.GetBytes("rotation $n`n"); $stream.Write($bytes, 0, $bytes.Length); $stream.Dispose()
        }

        $actions = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 3

        # The older rotations moved up first (1-5 to 2-6); what falls beyond Keep is pruned after the new one is complete.
        ($actions | Where-Object Action -eq 'Remove').Source | Sort-Object | Should -Be @("$log.4.gz", "$log.5.gz", "$log.6.gz")
        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz', 'app.log.2.gz', 'app.log.3.gz')
        Read-Gzip "$log.2.gz" | Should -Be "rotation 1`n"
        Read-Gzip "$log.3.gz" | Should -Be "rotation 2`n"

        (Get-Item "$log.3.gz").LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-40)
        $aged = Invoke-LogRotation -LiteralPath $log -MaxAge 30d
        $aged.Action | Should -Be 'Remove'
        $aged.Reason | Should -BeLike 'Older than MaxAge*'
        Test-Path "$log.3.gz" | Should -BeFalse
    }

    It 'changes nothing under -WhatIf and shows the plan' {
        $log = New-Log -Lines 200
        $null = New-Log -Name 'app.log.1.gz' -Lines 1
        $before = Get-ChildItem $work | ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash) $($_.LastWriteTimeUtc.Ticks)" }

        $plan = Invoke-LogRotation -LiteralPath $log -MaxSize 10 -Keep 1 -WhatIf

        $plan.Action | Should -Be @('Rotate', 'Remove')
        $plan.Completed | Should -Be @($false, $false)
        Get-ChildItem $work | ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash) $($_.LastWriteTimeUtc.Ticks)" } | Should -Be $before
    }

    It 'copy-truncate keeps a complete compressed copy and empties the file in place' {
        $log = New-Log -Lines 300
        $content = [IO.File]::ReadAllText($log)

        $seen = Join-Path $work 'post-rotate.txt'

        $action = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -CopyTruncate -PostRotate { Set-Content -LiteralPath $seen -Value "$_ $((Get-Item -LiteralPath $_).Length)" }

        $action.Reason | Should -BeLike '*copied and truncated*'
        $action.Severity | Should -Be 'Ok'
        Read-Gzip "$log.1.gz" | Should -Be $content
        (Get-Item $log).Length | Should -Be 0
        # -PostRotate ran once, after the copy and the truncation.
        Get-Content -LiteralPath $seen | Should -Be "$log 0"
    }

    It 'loses and duplicates no line of a writer process that keeps writing and reopens its file' {
        $log = Join-Path $work 'live.log'
        $stop = Join-Path $work 'stop'
        $done = Join-Path $work 'done'
        $script = Join-Path $work 'writer.sh'
        # Opens the log by name for every line (as a writer that reopens after rotation does).
        Set-Content -LiteralPath $script -Value "i=0; while [ ! -e '$stop' ]; do i=`$((i+1)); echo ""line `$i"" >> '$log'; done; echo `$i > '$done'"
        $writer = (Start-ChildProcess -FilePath bash -ArgumentList $script).Process
        try {
            Wait-ForFile -Path $log -Process $writer -TimeoutSeconds 10
            Start-Sleep -Milliseconds 200
            foreach ($round in 1..3) {
                $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -WriterTimeout 5
                Start-Sleep -Milliseconds 200
            }
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $writer.WaitForExit(10000) | Should -BeTrue
        }
        $written = [int](Get-Content $done)

        $lines = @(foreach ($n in 3..1) { (Read-Gzip "$log.$n.gz") -split "`n" | Where-Object { $_ } }) + @(Get-Content $log)

        $written | Should -BeGreaterThan 100
        $lines.Count | Should -Be $written
        $lines[0] | Should -Be 'line 1'
        $lines[-1] | Should -Be "line $written"
        (1..$written | ForEach-Object { "line $_" }) -join "`n" | Should -Be ($lines -join "`n")
    }

    It 'after a kill between compress and remove, leaves both files complete, and the next run finishes without duplicating' {
        $log = New-Log -Lines 400
        $content = [IO.File]::ReadAllText($log)
        Stop-RotationAt -Log $log -Point 'logrotate-before-remove'

        Read-Gzip "$log.1.gz" | Should -Be $content
        [IO.File]::ReadAllText("$log.1") | Should -Be $content

        $actions = Invoke-LogRotation -LiteralPath $log -MaxSize 1KB

        $actions.Action | Should -Be 'Recover'
        (Get-ChildItem $work -Filter 'app.log*' -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
        Read-Gzip "$log.1.gz" | Should -Be $content
    }

    It 'after a kill between the rename and the new log, a run by wildcard warns and the next run by name puts the new log in place, runs -PostRotate and compresses' -Skip:(-not $IsLinux) {
        $seen = Join-Path $work 'hook-saw'
        foreach ($case in 'wildcard', 'literal') {
            $log = New-Log -Name "$case.log" -Lines 30
            & chmod 640 $log
            $content = [IO.File]::ReadAllText($log)
            Stop-RotationAt -Log $log -Point 'logrotate-before-create'
            Test-Path -LiteralPath $log | Should -BeFalse
            Test-Path -LiteralPath "$log.1" | Should -BeTrue

            $hook = { Add-Content -LiteralPath $seen -Value $_ }
            if ($case -eq 'wildcard') {
                # A wildcard only warns (helper-65: '*' also matched unrelated x.1 files, which were compressed beside a new empty x).
                $null = Invoke-LogRotation -Path (Join-Path $work '*.log') -MaxSize 1 -Keep 5 -PostRotate $hook -WarningVariable warned -ErrorAction SilentlyContinue
                ($warned -join "`n") | Should -BeLike "*'$log.1' has no '$log' beside it*Invoke-LogRotation -LiteralPath '$log'*"
                Test-Path -LiteralPath $log | Should -BeFalse
                Test-Path -LiteralPath "$log.1" | Should -BeTrue
            }
            $actions = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 5 -PostRotate $hook -ErrorVariable failed

            $failed | Should -BeNullOrEmpty -Because $case
            $actions.Action | Should -Be @('Recover', 'Compress') -Because $case
            $actions.Completed | Should -Be @($true, $true) -Because $case
            (Get-Item -LiteralPath $log).Length | Should -Be 0
            & stat -c '%a' $log | Should -Be '640' -Because $case
            Read-Gzip "$log.1.gz" | Should -Be $content
            Test-Path -LiteralPath "$log.1" | Should -BeFalse
            @(Get-Content -LiteralPath $seen)[-1] | Should -Be $log
        }
        @(Get-Content -LiteralPath $seen).Count | Should -Be 2
    }

    It 'rotates by -Interval when the last rotation is dated in the future (the clock was set back)' {
        $log = New-Log -Name 'skewed.log'
        $gz = "$log.1.gz"
        $stream = [IO.Compression.GZipStream]::new([IO.File]::Create($gz), [IO.Compression.CompressionMode]::Compress); $stream.Dispose()
        (Get-Item $gz).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(3)

        $action = Invoke-LogRotation -LiteralPath $log -Interval 1d

        $action.Action | Should -Be 'Rotate'
        $action.Reason | Should -BeLike '*in the future*'
        (Get-Item $gz).LastWriteTimeUtc | Should -BeLessThan ([datetime]::UtcNow.AddMinutes(1))
        Test-Path "$log.2.gz" | Should -BeTrue
        # The next run sees today's rotation and leaves the log alone.
        $null = New-Log -Name 'skewed.log'
        Invoke-LogRotation -LiteralPath $log -Interval 1d | Should -BeNullOrEmpty
    }

    It 'needs a trigger or a pruning rule' {
        $log = New-Log
        { Invoke-LogRotation -LiteralPath $log -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeLogRotationCommand'
    }

    It 'says that a log in a missing folder does not exist (SourceNotFound), as for a missing file' {
        $missing = Join-Path $work 'nodir/app.log'

        Invoke-LogRotation -LiteralPath $missing -MaxSize 1 -ErrorVariable literal -ErrorAction SilentlyContinue
        Invoke-LogRotation -Path $missing -MaxSize 1 -ErrorVariable typed -ErrorAction SilentlyContinue

        foreach ($failed in $literal, $typed) {
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -Be 'SourceNotFound,OpsModule.Cmdlets.InvokeLogRotationCommand'
            $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failed[0].Exception.Message | Should -BeLike "*'$missing' does not exist*"
        }
        Test-Path (Join-Path $work 'nodir') | Should -BeFalse
    }

    It 'names a fractional -MaxSize and a size given as -MaxAge as typed, and says under -WhatIf that it would remove a temporary file' {
        $log = New-Log -Lines 20
        $temp = New-Log -Name 'app.log.1.gz.tmp-0123abcd' -Lines 1

        { Invoke-LogRotation -LiteralPath $log -MaxAge 30kb } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.InvokeLogRotationCommand' -ExpectedMessage "*(30kb is 30720)*write 30d, 30h, 30m or 30s*"
        { Invoke-LogRotation -LiteralPath $log -MaxSize 0.4 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.InvokeLogRotationCommand' -ExpectedMessage "*'0.4' is not a whole number of bytes*"
        $verbose = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -WhatIf -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message

        $verbose | Should -Contain "Would remove '$temp', left by an interrupted rotation."
        $verbose | Where-Object { $_ -like 'Removing*' } | Should -BeNullOrEmpty
        Test-Path -LiteralPath $temp | Should -BeTrue
    }

    It 'refuses a log on a read-only file system before renaming it, and says so' -Skip:(-not $IsLinux) {
        $small = Join-Path $work 'ro'
        if (-not (Mount-TestTmpfs -Path $small -Size 1m)) {
            Set-ItResult -Skipped -Because 'cannot mount a tmpfs here (needs Linux and root)'; return
        }
        try {
            $log = Join-Path $small 'app.log'
            [IO.File]::WriteAllText($log, "line`n")
            & mount -o remount,ro $small

            Invoke-LogRotation -LiteralPath $log -MaxSize 1 -ErrorVariable failed -ErrorAction SilentlyContinue

            $failed[0].FullyQualifiedErrorId | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
            # Refused before anything was renamed: the new log is made first.
            $failed[0].Exception.Message | Should -Match "was not rotated: the new log could not be made beside it \(Read-only file system[^)]*\)\. Nothing was renamed\.$"
            [IO.File]::ReadAllText($log) | Should -Be "line`n"
            Get-ChildItem $small -Name | Should -Be @('app.log')
        }
        finally {
            & umount $small
        }
    }

    It 'says that a folder given as the log is a folder (InvalidArgument), not that it does not exist' {
        { Invoke-LogRotation -LiteralPath $work -MaxSize 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeLogRotationCommand' -ExpectedMessage '*is a folder*'
        # Typed as -Path without a wildcard too (a crontab's 'Invoke-LogRotation -Path /var/log/app' must not pass silently).
        { Invoke-LogRotation -Path $work -MaxSize 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeLogRotationCommand' -ExpectedMessage '*is a folder*'
        # Also a folder whose name looks like logrotate's dateext rotation (this test's own random folder was, 1 run in 40:
        # 8 hex digits that are all decimal, and -Path skipped it as a rotation without a word).
        $dated = Join-Path $work 'app-20261128'
        $null = New-Item -ItemType Directory -Path $dated
        { Invoke-LogRotation -Path $dated -MaxSize 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.InvokeLogRotationCommand' -ExpectedMessage '*is a folder*'
    }

    It 'refuses a second run on the same log while one is working (OperationInProgress), and the first one finishes' {
        $log = New-Log -Lines 300
        $content = [IO.File]::ReadAllText($log)
        $child = Start-PausedAt -Point 'logrotate-before-remove' -WorkDir $work -ModulePath $manifestPath -Script "Invoke-LogRotation -LiteralPath '$log' -MaxSize 1 | Out-Null; 'CHILD DONE'"
        try {
            $before = Get-ChildItem $work -Filter 'app.log*' -Name | Sort-Object

            $second = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -ErrorVariable failures -ErrorAction SilentlyContinue

            $second | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'OperationInProgress,OpsModule.Cmdlets.InvokeLogRotationCommand'
            $failures[0].Exception.Message | Should -BeLike "*PID $($child.Process.Id)*"

            # The same log through a symlinked folder is the same lock (keyed by the real path), so it is refused too.
            $linked = Join-Path ([IO.Path]::GetTempPath()) ("ops-rotate-link-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
            $null = New-Item -ItemType SymbolicLink -Path $linked -Target $work
            try {
                $third = Invoke-LogRotation -LiteralPath (Join-Path $linked 'app.log') -MaxSize 1 -ErrorVariable viaLink -ErrorAction SilentlyContinue
            }
            finally {
                Remove-Item -LiteralPath $linked -Force
            }
            $third | Should -BeNullOrEmpty
            $viaLink[0].FullyQualifiedErrorId | Should -Be 'OperationInProgress,OpsModule.Cmdlets.InvokeLogRotationCommand'
            (Get-ChildItem $work -Filter 'app.log*' -Name | Sort-Object) | Should -Be $before
            [IO.File]::ReadAllText("$log.1") | Should -Be $content
        }
        finally {
            Get-ChildItem $work -Filter '*.reached' | Remove-Item
            $child.Process.WaitForExit(30000) | Should -BeTrue
            Stop-ChildProcess $child
        }

        (Get-ChildItem $work -Filter 'app.log*' -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
        Read-Gzip "$log.1.gz" | Should -Be $content
    }

    It 'keeps in the copy what a writer appended while -CopyTruncate compressed and flushed it (a second gzip member)' {
        $log = New-Log -Lines 400
        $content = [IO.File]::ReadAllText($log)
        $child = Start-PausedAt -Point 'logrotate-before-catch-up' -WorkDir $work -ModulePath $manifestPath -Script "Invoke-LogRotation -LiteralPath '$log' -MaxSize 1 -CopyTruncate | Out-Null; 'CHILD DONE'"
        try {
            # The copy is complete and on disk; the writer appends before the truncation.
            [IO.File]::AppendAllText($log, "late 1`nlate 2`n")
            Remove-Item -LiteralPath $child.Signal
            $child.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            Get-ChildItem $work -Filter '*.reached' | Remove-Item
            Stop-ChildProcess $child
        }

        (Get-ChildItem $work -Filter 'app.log*' -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
        (Get-Item $log).Length | Should -Be 0
        Read-Gzip "$log.1.gz" | Should -Be ($content + "late 1`nlate 2`n")
        (bash -c "gzip -dc '$log.1.gz' | tail -n 2") | Should -Be @('late 1', 'late 2')
        (Measure-LogErrors -LiteralPath "$log.1.gz" -Summary).Lines | Should -Be 402
    }

    It 'keeps a rotation dated in the future under -MaxAge and says so, removing the old one' {
        $log = New-Log -Lines 10
        foreach ($n in 1..3) { [IO.File]::WriteAllBytes("$log.$n.gz", [byte[]](0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
        (Get-Item "$log.1.gz").LastWriteTimeUtc = [DateTime]::UtcNow.AddDays(-1)
        (Get-Item "$log.2.gz").LastWriteTimeUtc = [DateTime]::UtcNow.AddDays(40)
        (Get-Item "$log.3.gz").LastWriteTimeUtc = [DateTime]::UtcNow.AddDays(-40)

        $actions = Invoke-LogRotation -LiteralPath $log -MaxAge 30d -WarningVariable warned 3>$null

        $actions.Source | Should -Be "$log.3.gz"
        Test-Path "$log.2.gz" | Should -BeTrue
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "'$log.2.gz' is dated *d in the future (was the clock set back?), so -MaxAge cannot tell its age: it is kept.*"
    }

    It 'shows each action with its reason and files at the 80 columns cron mail gets' {
        $log = New-Log -Name 'service-with-a-long-name.log' -Lines 300

        $table = Invoke-LogRotation -LiteralPath $log -MaxSize 1 | Out-String -Width 80

        # Before: the Reason column was squeezed to one letter per line and the destination cut ('/tmp/.../app…').
        ($table -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        # The row's lines below the header, cut into the Reason column (37 to 60) and the File column (62 on).
        $rows = @($table -split "`n" | Where-Object { $_ -match '\S' } | Select-Object -Skip 2)
        (($rows | ForEach-Object { $_.PadRight(62).Substring(37, 24).Trim() }) -join ' ').Trim() | Should -Match '^Size \d+ bytes >= MaxSize 1 \(renamed\)$'
        # (A line may break at the arrow's spaces, which the wrap drops.)
        (($rows | ForEach-Object { if ($_.Length -gt 62) { $_.Substring(62).Trim() } }) -join '') -replace ' ' | Should -Be ("$log->service-with-a-long-name.log.1.gz" -replace ' ')
    }

    It 'sees a rotation another process made in the folder while it was rotating another log of it (the folder is listed once, and again when it changes)' {
        $a = New-Log -Name 'a.log' -Lines 50 -Prefix 'a'
        $b = New-Log -Name 'b.log' -Lines 60 -Prefix 'b'
        $bContent = [IO.File]::ReadAllText($b)
        $child = Start-PausedAt -Point 'logrotate-before-remove' -WorkDir $work -ModulePath $manifestPath -Script "Invoke-LogRotation -LiteralPath '$a', '$b' -MaxSize 1 | Out-Null; 'CHILD DONE'"
        try {
            # Paused in a.log's rotation, long after it last listed the folder: another process writes b.log's rotation 1.
            Start-Sleep -Milliseconds 300
            $out = [IO.File]::Create("$b.1.gz")
            $gzip = [IO.Compression.GZipStream]::new($out, [IO.Compression.CompressionLevel]::Fastest)
            $bytes = [Text.Encoding]::UTF8.GetBytes("older b`n")
            $gzip.Write($bytes, 0, $bytes.Length)
            $gzip.Dispose()
            Remove-Item -LiteralPath $child.Signal
            # b.log's own pause.
            Wait-ForFile -Path $child.Signal -Process $child.Process
            Remove-Item -LiteralPath $child.Signal
            $child.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            Get-ChildItem $work -Filter '*.reached' | Remove-Item
            Stop-ChildProcess $child
        }

        (Get-ChildItem $work -Filter 'b.log*' -Name | Sort-Object) | Should -Be @('b.log', 'b.log.1.gz', 'b.log.2.gz')
        Read-Gzip "$b.1.gz" | Should -Be $bContent
        Read-Gzip "$b.2.gz" | Should -Be "older b`n"
        (Get-ChildItem $work -Filter 'a.log*' -Name | Sort-Object) | Should -Be @('a.log', 'a.log.1.gz')
    }

    It 'writes a cut-short .gz again from its uncompressed source, and leaves a pair with different content alone' {
        $log = New-Log -Lines 5
        $plain = New-Log -Name 'app.log.1' -Lines 3000 -Prefix 'rotated'
        $content = [IO.File]::ReadAllText($plain)
        $full = [IO.MemoryStream]::new()
        $gzip = [IO.Compression.GZipStream]::new($full, [IO.Compression.CompressionMode]::Compress)
        $bytes = [Text.Encoding]::UTF8.GetBytes($content); $gzip.Write($bytes, 0, $bytes.Length); $gzip.Dispose()
        [IO.File]::WriteAllBytes("$plain.gz", $full.ToArray()[0..([int]($full.ToArray().Length / 2))])

        $actions = Invoke-LogRotation -LiteralPath $log -Keep 5 -ErrorAction Stop

        $actions.Action | Should -Be 'Compress'
        Read-Gzip "$plain.gz" | Should -Be $content
        Test-Path $plain | Should -BeFalse

        # A .gz with content the uncompressed file lacks: neither is touched.
        [IO.File]::WriteAllText($plain, "other content`n")
        $hash = (Get-FileHash "$plain.gz").Hash
        $null = Invoke-LogRotation -LiteralPath $log -Keep 5 -MaxSize 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
        (Get-FileHash "$plain.gz").Hash | Should -Be $hash
        [IO.File]::ReadAllText($plain) | Should -Be "other content`n"
        (Get-Item $log).Length | Should -BeGreaterThan 0
    }

    It 'refuses to rotate a log that is a symbolic link, and leaves link and target as they were' {
        $target = New-Log -Name 'target.log' -Lines 50
        $link = Join-Path $work 'link.log'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $target

        $null = Invoke-LogRotation -LiteralPath $link -MaxSize 1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
        (Get-Item $link).LinkTarget | Should -Be $target
        (Get-Content $target).Count | Should -Be 50
        Get-ChildItem $work | Where-Object Name -like 'link.log.*' | Should -BeNullOrEmpty
    }

    It 'skips with a warning a symbolic link that a wildcard or the pipeline brings, rotating the file it points to, and refuses a link named with -Path' {
        $target = New-Log -Name 'app.log' -Lines 50
        $link = Join-Path $work 'current.log'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $target

        # Before, every cron run over *.log failed (LogRotationFailed for the link) even when all else was done.
        $actions = Invoke-LogRotation -Path (Join-Path $work '*.log') -MaxSize 1 -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warned 3>$null

        $failures | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "Skipping '$link': it is a symbolic link (to '$target')*"
        @($actions).Count | Should -Be 1
        $actions.Source | Should -Be $target
        (Get-Item $link).LinkTarget | Should -Be $target
        Test-Path "$link.1.gz" | Should -BeFalse

        $null = Get-Item $link | Invoke-LogRotation -MaxSize 1 -ErrorVariable piped -ErrorAction SilentlyContinue -WarningVariable pipedWarned 3>$null
        $piped | Should -BeNullOrEmpty
        $pipedWarned.Count | Should -Be 1

        $null = Invoke-LogRotation -Path $link -MaxSize 1 -ErrorVariable named -ErrorAction SilentlyContinue
        $named[0].FullyQualifiedErrorId | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
    }

    It 'with -Confirm where nobody can answer, changes nothing and fails with ConfirmationRequired' {
        $log = New-Log -Lines 100
        $hash = (Get-FileHash $log).Hash

        $result = Invoke-ChildPwsh -WorkDir $work -TimeoutSeconds 60 -Script "Import-Module '$manifestPath'`ntry { Invoke-LogRotation -LiteralPath '$log' -MaxSize 1 -Confirm -ErrorAction Stop; 'OUTCOME: rotated' } catch { 'ID ' + `$_.FullyQualifiedErrorId }"

        ($result.Output | Out-String) | Should -Match 'ID ConfirmationRequired,OpsModule\.Cmdlets\.InvokeLogRotationCommand'
        ($result.Output | Out-String) | Should -Not -Match 'OUTCOME'
        (Get-FileHash $log).Hash | Should -Be $hash
        Get-ChildItem $work | Where-Object Name -like 'app.log.*' | Should -BeNullOrEmpty
    }

    It 'takes path strings from the pipeline as -Path, and files from Get-Item literally' {
        $a = New-Log -Name 'a.log' -Lines 20
        $b = New-Log -Name 'b.log' -Lines 20
        $bracket = New-Log -Name 'c [x].log' -Lines 20

        $fromStrings = $a, (Join-Path $work 'b*.log') | Invoke-LogRotation -MaxSize 1
        $fromItem = Get-Item -LiteralPath $bracket | Invoke-LogRotation -MaxSize 1

        ($fromStrings | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" }) | Should -Be @('Rotate a.log', 'Rotate b.log')
        $fromItem.Action | Should -Be 'Rotate'
        Test-Path -LiteralPath "$a.1.gz", "$b.1.gz", "$bracket.1.gz" | Should -Be @($true, $true, $true)
    }

    It 'skips rotations piped in from Get-ChildItem, and rotates only the live log' {
        $log = New-Log -Lines 200
        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1
        [IO.File]::WriteAllText($log, "second`n")

        $actions = Get-ChildItem -LiteralPath $work | Invoke-LogRotation -MaxSize 1

        $actions.Action | Should -Be 'Rotate'
        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz', 'app.log.2.gz')
        Read-Gzip "$log.1.gz" | Should -Be "second`n"
        (Read-Gzip "$log.2.gz") -split "`n" | Select-Object -First 1 | Should -Be 'line 1'
    }

    It 'plans under -WhatIf the same removals as the real run, also of a rotation that is compressed first' {
        $log = New-Log -Lines 100
        $null = New-Log -Name 'app.log.1' -Lines 5 -Prefix 'one'
        $null = Invoke-LogRotation -LiteralPath $log -Keep 5
        $null = New-Log -Name 'app.log.2' -Lines 5 -Prefix 'two'

        $plan = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 2 -WhatIf
        $done = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 2

        ($plan | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" } | Sort-Object) | Should -Be @('Compress app.log.2', 'Remove app.log.3.gz', 'Rotate app.log')
        ($done | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" } | Sort-Object) | Should -Be @('Compress app.log.2', 'Remove app.log.3.gz', 'Rotate app.log')
        $plan.Completed | Should -Not -Contain $true
        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz', 'app.log.2.gz')
    }

    It 'plans under -WhatIf the removal of the rotation it makes when -Keep 0 or -MaxAge 0s removes it' {
        foreach ($prune in @{ Keep = 0 }, @{ MaxAge = '0s' }) {
            $log = New-Log -Lines 100
            foreach ($n in 2..3) { $null = New-Log -Name "app.log.$n" -Lines 5 -Prefix "old $n" }
            $null = Invoke-LogRotation -LiteralPath $log -Keep 10
            [IO.File]::AppendAllText($log, "more`n")

            $plan = Invoke-LogRotation -LiteralPath $log -MaxSize 1 @prune -WhatIf
            $done = Invoke-LogRotation -LiteralPath $log -MaxSize 1 @prune

            $expected = @('Remove app.log.1.gz', 'Remove app.log.2.gz', 'Remove app.log.3.gz', 'Rotate app.log')
            ($plan | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" } | Sort-Object) | Should -Be $expected -Because "$($prune.Keys)"
            ($done | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" } | Sort-Object) | Should -Be $expected -Because "$($prune.Keys)"
            (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log')
            Remove-Item (Join-Path $work '*')
        }
    }

    It 'gives the new log and its rotations the owner, group and mode of the log (a private log stays private)' {
        $log = New-Log -Lines 200
        & chmod 600 $log
        $root = (& id -u) -eq '0'
        if ($root) { & chown 65534:65534 $log }
        $owner = & stat -c '%u:%g' $log

        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1
        [IO.File]::AppendAllText($log, "second`n")
        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -CopyTruncate

        foreach ($file in $log, "$log.1.gz", "$log.2.gz") {
            & stat -c '%a' $file | Should -Be '600' -Because $file
            & stat -c '%u:%g' $file | Should -Be $owner -Because $file
        }
        if ($root) { $owner | Should -Be '65534:65534' }
    }

    It 'gives a new log that the writer created first (reopening by name) the owner and mode of the old log' -Skip:(-not $IsLinux) {
        $log = New-Log -Lines 50
        & chmod 600 $log
        $root = (& id -u) -eq '0'
        if ($root) { & chown 65534:65534 $log }
        $owner = & stat -c '%u:%g' $log
        $signal = Join-Path $work 'paused'
        $child = Start-ChildPwsh -WorkDir $work -Script "Import-Module '$manifestPath'`nInvoke-LogRotation -LiteralPath '$log' -MaxSize 1" -Environment @{
            OPSMODULE_TEST_PAUSE        = 'logrotate-before-create'
            OPSMODULE_TEST_PAUSE_SIGNAL = $signal
        }
        try {
            Wait-ForFile -Path $signal -Process $child.Process -TimeoutSeconds 90
            # The writer reopens by name between the rename and the new log: it creates the file with its own umask.
            & bash -c "umask 022; echo 'writer line' >> '$log'"
            Remove-Item -LiteralPath $signal
            $child.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $child.Process.HasExited) { $child.Process.Kill(); $child.Process.WaitForExit() }
        }

        Get-Content -LiteralPath $log | Should -Be 'writer line'
        & stat -c '%a' $log | Should -Be '600'
        & stat -c '%u:%g' $log | Should -Be $owner
        (Read-Gzip "$log.1.gz") | Should -Be (((1..50 | ForEach-Object { "line $_" }) -join "`n") + "`n")
    }

    It 'never changes the owner or mode of a log already in place, even when its rotation .1 has others' -Skip:(-not $IsLinux) {
        # helper-65: app.log.1 left uncompressed (root's, 0600) and a live app.log of the service's new user: the run gave
        # app.log root's owner, locking the service out. Only a log the run itself creates gets the old one's owner and mode.
        $rotated = New-Log -Name 'app.log.1' -Lines 50
        & chmod 600 $rotated
        $log = New-Log -Name 'app.log' -Lines 3
        & chmod 640 $log
        $root = (& id -u) -eq '0'
        if ($root) { & chown 65534:65534 $log }
        $before = & stat -c '%a %u:%g' $log

        $actions = Invoke-LogRotation -LiteralPath $log -MaxSize 1GB

        $actions.Action | Should -Be 'Compress'
        & stat -c '%a %u:%g' $log | Should -Be $before
        (Get-Content -LiteralPath $log).Count | Should -Be 3
    }

    It 'runs -PostRotate after the rename, so a writer that reopens on SIGHUP lets go at once and every line is kept once' {
        $log = Join-Path $work 'app.log'
        $stop = Join-Path $work 'stop'
        $script = Join-Path $work 'hup-writer.sh'
        # Keeps one descriptor open and reopens the log by name only on SIGHUP, as rsyslog does.
        Set-Content -LiteralPath $script -Value "trap 'exec 3>>$log' HUP; exec 3>>'$log'; i=0; while [ ! -e '$stop' ]; do i=`$((i+1)); echo ""line `$i"" >&3; sleep 0.01; done; echo `$i > '$stop.count'"
        $writer = (Start-ChildProcess -FilePath bash -ArgumentList $script).Process
        $seen = Join-Path $work 'hook-saw'
        try {
            Wait-ForFile -Path $log -Process $writer -TimeoutSeconds 10
            Start-Sleep -Milliseconds 300

            $clock = [Diagnostics.Stopwatch]::StartNew()
            $action = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -WriterTimeout 30 -PostRotate { Set-Content -LiteralPath $seen -Value $_; kill -HUP $writer.Id }
            $clock.Stop()
            Start-Sleep -Milliseconds 300
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $writer.WaitForExit(10000) | Should -BeTrue
        }

        $action.Severity | Should -Be 'Ok'
        $action.Destination | Should -Be "$log.1.gz"
        Test-Path "$log.1" | Should -BeFalse
        (Get-Content -LiteralPath $seen) | Should -Be $log
        # Without the signal the run would wait the whole 30 s -WriterTimeout and leave app.log.1 uncompressed.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
        $written = [int](Get-Content "$stop.count")
        $lines = @((Read-Gzip "$log.1.gz") -split "`n" | Where-Object { $_ }) + @(Get-Content $log)
        $written | Should -BeGreaterThan 20
        ($lines -join "`n") | Should -Be ((1..$written | ForEach-Object { "line $_" }) -join "`n")
    }

    It 'warns when -PostRotate throws or a command in it fails, and keeps (and reports as completed) the rotation' {
        $thrown = New-Log -Name 'a.log' -Lines 20
        $native = New-Log -Name 'b.log' -Lines 20

        $first = Invoke-LogRotation -LiteralPath $thrown -MaxSize 1 -PostRotate { throw 'reopen refused' } -WarningVariable warned -WarningAction SilentlyContinue
        $second = Invoke-LogRotation -LiteralPath $native -MaxSize 1 -PostRotate { bash -c 'exit 3' } -WarningVariable warnedNative -WarningAction SilentlyContinue
        $written = New-Log -Name 'd.log' -Lines 20
        $third = Invoke-LogRotation -LiteralPath $written -MaxSize 1 -PostRotate { Write-Error 'reopen failed' } -WarningVariable warnedWritten -WarningAction SilentlyContinue
        $planLog = New-Log -Name 'c.log' -Lines 20
        $ran = Join-Path $work 'hook-ran'
        $planned = Invoke-LogRotation -LiteralPath $planLog -MaxSize 1 -PostRotate { Set-Content -LiteralPath $ran -Value 'ran' } -WhatIf

        $first.Severity | Should -Be 'Warning'
        $first.Completed | Should -BeTrue -Because 'the log was rotated; only the post-rotate step failed'
        $first.Reason | Should -BeLike '*post-rotate step failed: reopen refused*'
        ($first | Format-Table | Out-String) | Should -BeLike '*Warning*'
        "$warned" | Should -BeLike "*post-rotate step for '$thrown' failed: reopen refused*"
        (Read-Gzip "$thrown.1.gz") | Should -Be (((1..20 | ForEach-Object { "line $_" }) -join "`n") + "`n")
        $second.Severity | Should -Be 'Warning'
        $second.Completed | Should -BeTrue
        "$warnedNative" | Should -BeLike '*exited with code 3*'
        $third.Severity | Should -Be 'Warning'
        "$warnedWritten" | Should -BeLike '*reopen failed*'
        Test-Path "$native.1.gz" | Should -BeTrue
        $planned.Action | Should -Be 'Rotate'
        $planned.Completed | Should -BeFalse
        Test-Path $ran | Should -BeFalse
        Test-Path "$planLog.1.gz" | Should -BeFalse
    }

    It 'waits for a writer that holds the log open through a symlinked folder' {
        $real = Join-Path $work 'data'
        $null = New-Item -ItemType Directory -Path $real
        $linked = Join-Path $work 'logs'
        $null = New-Item -ItemType SymbolicLink -Path $linked -Target $real
        $log = Join-Path $linked 'held.log'
        $stop = Join-Path $work 'stop'
        $script = Join-Path $work 'holder.sh'
        # Opens the log once (through the symlinked folder) and keeps writing to that descriptor.
        Set-Content -LiteralPath $script -Value "exec 3>>'$log'; i=0; while [ ! -e '$stop' ]; do i=`$((i+1)); echo ""line `$i"" >&3; sleep 0.01; done"
        $writer = (Start-ChildProcess -FilePath bash -ArgumentList $script).Process
        try {
            Wait-ForFile -Path $log -Process $writer -TimeoutSeconds 10
            Start-Sleep -Milliseconds 200

            $action = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -WriterTimeout 1 -WarningVariable warned -WarningAction SilentlyContinue

            $action.Severity | Should -Be 'Warning'
            "$warned" | Should -BeLike "*'$log.1' stays uncompressed: a process still had it open after 1s*"
            Test-Path "$log.1" | Should -BeTrue
            Test-Path "$log.1.gz" | Should -BeFalse
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $writer.WaitForExit(10000) | Should -BeTrue
        }
    }

    It 'waits for a writer that holds the log open through another path to the same file (a bind mount)' -Skip:(-not $IsLinux) {
        $real = Join-Path $work 'src'
        $bound = Join-Path $work 'mnt'
        $null = New-Item -ItemType Directory -Path $real, $bound
        $null = & mount --bind $real $bound 2>&1
        if ($LASTEXITCODE -ne 0) {
            if ($env:CI -eq 'true') { throw 'CI=true and a bind mount failed (needs root).' }
            Set-ItResult -Skipped -Because 'cannot bind-mount here (needs Linux and root)'; return
        }
        $stop = Join-Path $work 'stop'
        $script = Join-Path $work 'holder.sh'
        try {
            # The writer opens the log once through the folder itself; the rotation is given the bind-mounted path.
            Set-Content -LiteralPath $script -Value "exec 3>>'$real/app.log'; i=0; while [ ! -e '$stop' ]; do i=`$((i+1)); echo ""line `$i"" >&3; sleep 0.01; done"
            $writer = (Start-ChildProcess -FilePath bash -ArgumentList $script).Process
            try {
                Wait-ForFile -Path "$real/app.log" -Process $writer -TimeoutSeconds 10
                Start-Sleep -Milliseconds 200

                $action = Invoke-LogRotation -LiteralPath "$bound/app.log" -MaxSize 1 -WriterTimeout 1 -WarningVariable warned -WarningAction SilentlyContinue

                $action.Severity | Should -Be 'Warning'
                "$warned" | Should -BeLike "*'$bound/app.log.1' stays uncompressed: a process still had it open after 1s*"
                Test-Path "$real/app.log.1" | Should -BeTrue
                Test-Path "$real/app.log.1.gz" | Should -BeFalse
            }
            finally {
                $null = New-Item -ItemType File -Path $stop
                $writer.WaitForExit(10000) | Should -BeTrue
            }
        }
        finally {
            & umount $bound
        }
    }

    It 'removes only its own log''s temporary files, not those of a log whose name starts like it (app and app.log)' {
        $log = New-Log -Name 'app' -Lines 5
        $own = New-Log -Name 'app.1.gz.tmp-0123abcd' -Lines 1
        $other = New-Log -Name 'app.log.1.gz.tmp-89abcdef' -Lines 1
        $otherLog = New-Log -Name 'app.log' -Lines 5

        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1

        Test-Path -LiteralPath "$log.1.gz" | Should -BeTrue
        Test-Path -LiteralPath $own | Should -BeFalse
        Test-Path -LiteralPath $other | Should -BeTrue
        Test-Path -LiteralPath $otherLog | Should -BeTrue
    }

    It 'leaves a file that only looks like a rotation (app.log.01) alone' {
        $log = New-Log -Lines 50
        $foreign = New-Log -Name 'app.log.01' -Lines 3 -Prefix 'foreign'
        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1
        [IO.File]::WriteAllText($log, "second`n")

        $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 5

        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.01', 'app.log.1.gz', 'app.log.2.gz')
        (Get-Content $foreign)[0] | Should -Be 'foreign 1'
    }

    It 'creates a missing lock folder private to this user (0700)' {
        $log = New-Log -Lines 50
        $locks = Join-Path $work 'new-locks/nested'
        $env:OPSMODULE_LOCK_DIR = $locks
        try {
            $null = Invoke-LogRotation -LiteralPath $log -MaxSize 1
        }
        finally {
            Remove-Item Env:OPSMODULE_LOCK_DIR
        }

        (Get-Item -LiteralPath $locks).UnixMode | Should -Be 'drwx------'
        Test-Path "$log.1.gz" | Should -BeTrue
    }

    It 'refuses a lock folder others can write to, and writes through no link planted in it' {
        $log = New-Log -Lines 50
        $locks = Join-Path $work 'shared-locks'
        $null = New-Item -ItemType Directory -Path $locks
        & chmod 777 $locks
        $victim = Join-Path $work 'victim.txt'
        [IO.File]::WriteAllText($victim, 'keep me')
        $key = 'logrotate|' + [IO.Path]::GetFullPath($log)
        $name = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($key))).Substring(0, 32).ToLowerInvariant()
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $locks "$name.lock.owner") -Target $victim
        $env:OPSMODULE_LOCK_DIR = $locks
        try {
            $action = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally {
            Remove-Item Env:OPSMODULE_LOCK_DIR
        }

        $action | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'OperationFailed*'
        $failed[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        [IO.File]::ReadAllText($victim) | Should -Be 'keep me'
        Test-Path "$log.1.gz" | Should -BeFalse
    }

    It 'rotates only live logs of a folder piped in: archives, dateext rotations, backups and subfolders are skipped' {
        $log = New-Log -Lines 50
        $others = 'app.log.bak', 'app.log-20261126', 'app.log-20261125.gz', 'old.tar.gz', 'notes.txt~'
        foreach ($name in $others) { $null = New-Log -Name $name -Lines 50 }
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'archive')

        $actions = @(Get-ChildItem -LiteralPath $work | Invoke-LogRotation -MaxSize 1 -ErrorVariable failed)

        $failed | Should -BeNullOrEmpty
        $actions.Source | Should -Be @($log)
        (Get-ChildItem $work -Name | Sort-Object) | Should -Be (@('app.log', 'app.log.1.gz', 'archive') + $others | Sort-Object)
    }

    It 'keeps a rotation beyond -Keep that a writer still has open, as -WhatIf said, and prunes it once it is free' {
        $log = New-Log -Lines 50
        $held = New-Log -Name 'app.log.1' -Lines 5 -Prefix 'held'
        $stop = Join-Path $work 'stop'
        $script = Join-Path $work 'holder.sh'
        Set-Content -LiteralPath $script -Value "exec 3>>'$held'; while [ ! -e '$stop' ]; do sleep 0.05; done"
        $writer = (Start-ChildProcess -FilePath bash -ArgumentList $script).Process
        try {
            Start-Sleep -Milliseconds 300
            $plan = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 1 -WriterTimeout 1 -WhatIf -WarningAction SilentlyContinue
            $done = Invoke-LogRotation -LiteralPath $log -MaxSize 1 -Keep 1 -WriterTimeout 1 -WarningAction SilentlyContinue

            ($done | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" }) | Should -Be ($plan | ForEach-Object { "$($_.Action) $(Split-Path -Leaf $_.Source)" })
            $done.Action | Should -Not -Contain 'Remove'
            (Get-ChildItem $work -Name -Filter 'app.log*' | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz', 'app.log.2')
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $writer.WaitForExit(10000) | Should -BeTrue
        }

        $null = Invoke-LogRotation -LiteralPath $log -Keep 1
        (Get-ChildItem $work -Name -Filter 'app.log*' | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
    }
}

Describe 'Invoke-LogRotation by an account that does not own the log' -Skip:(-not $IsLinux -or -not (Get-Command setpriv -ErrorAction SilentlyContinue) -or (& id -u) -ne '0') {
    BeforeAll {
        function Invoke-AsNonOwner {
            # Root without the capabilities that let it ignore file modes and ownership (read, write, chown, set times of
            # another user's file), as a service account or a cron job of another user is. Returns the output lines.
            param([string] $Script, [string[]] $Keep = @())
            $caps = @('dac_override', 'dac_read_search', 'chown', 'fowner') | Where-Object { $_ -notin $Keep }
            $drop = ($caps | ForEach-Object { "-$_" }) -join ','
            $pwsh = @(Get-PwshCommand)
            Push-Location $work
            try {
                & setpriv "--inh-caps=$drop" "--bounding-set=$drop" @pwsh -NoProfile -NonInteractive -Command "`$PSStyle.OutputRendering = 'PlainText'; Import-Module '$manifestPath'; $Script" 2>&1 | ForEach-Object { "$_" }
            }
            finally {
                Pop-Location
            }
        }
    }
    BeforeEach {
        $work = New-TestFolder -Prefix ops-rotate-owner
        $null = & chmod 0777 $work
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'leaves a log it cannot give a new log the owner of in place, renamed nowhere, and says why (<Mode>)' -ForEach @(
        @{ Mode = '0644'; Why = '*belongs to user 4242, and this account cannot give a new log that owner*-CopyTruncate*' }
        @{ Mode = '0600'; Why = '*may not read it*' }
    ) {
        $log = New-Log -Lines 50
        $content = [IO.File]::ReadAllText($log)
        $null = & chown 4242:4242 $log
        $null = & chmod $Mode $log

        $output = Invoke-AsNonOwner -Script "Invoke-LogRotation -Path ./*.log -MaxSize 1 -ErrorVariable failed -ErrorAction SilentlyContinue; `$failed | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.Exception.Message }"

        $output[0] | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
        $output[1] | Should -Be 'PermissionDenied'
        $output[2] | Should -BeLike $Why
        $output[2] | Should -BeLike '*Nothing was renamed*'
        Get-ChildItem $work -Name | Should -Be @('app.log')
        [IO.File]::ReadAllText($log) | Should -Be $content
        (& stat -c '%u:%g %a' $log) | Should -Be "4242:4242 $($Mode.TrimStart('0'))"
    }

    It 'rotates a log it may give away but whose time it may not set, and keeps that rotation through -MaxAge in the same run' {
        $log = New-Log -Lines 50
        $content = [IO.File]::ReadAllText($log)
        $null = & chown 4242:4243 $log
        $null = & chmod 0644 $log
        (Get-Item $log).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-40)

        $output = Invoke-AsNonOwner -Keep 'chown' -Script "Invoke-LogRotation -LiteralPath ./app.log -MaxSize 1 -MaxAge 30d -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { `"`$(`$_.Action) `$(`$_.Completed)`" }; `$failed | ForEach-Object { `$_.Exception.Message }"

        $output | Should -Be @('Rotate True')
        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
        Read-Gzip "$log.1.gz" | Should -Be $content
        (Get-Item $log).Length | Should -Be 0
        (& stat -c '%u:%g %a' $log) | Should -Be '4242:4243 644'

        # The compressed copy is this account's and got the time of the rotation: a later run keeps it too.
        $output = Invoke-AsNonOwner -Keep 'chown' -Script "Invoke-LogRotation -LiteralPath ./app.log -MaxAge 30d -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { `"`$(`$_.Action) `$(`$_.Source)`" }; `$failed | ForEach-Object { `$_.Exception.Message }"
        $output | Should -BeNullOrEmpty
        (Get-ChildItem $work -Name | Sort-Object) | Should -Be @('app.log', 'app.log.1.gz')
    }

    It 'rotates its own log whose group it is not in, giving the new log its own group with a warning' {
        $log = New-Log -Lines 20
        $content = [IO.File]::ReadAllText($log)
        $null = & chown 0:4243 $log
        $null = & chmod 0640 $log

        $output = Invoke-AsNonOwner -Script "Invoke-LogRotation -LiteralPath ./app.log -MaxSize 1 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { `"`$(`$_.Action) `$(`$_.Completed)`" }; `$warned | ForEach-Object { 'WARNING ' + `$_.Message }; `$failed | ForEach-Object { `$_.Exception.Message }"

        $output[0] | Should -Be 'Rotate True'
        $output[1] | Should -BeLike "WARNING The new '*app.log' has group 0, not the old log's 4243*"
        $output.Count | Should -Be 2
        Read-Gzip "$log.1.gz" | Should -Be $content
        (& stat -c '%u:%g %a' $log) | Should -Be '0:0 640'
    }

    It 'refuses a log in a folder it may not write, saying so, with nothing renamed' {
        $folder = Join-Path $work 'locked'
        $null = New-Item -ItemType Directory -Path $folder
        $log = Join-Path $folder 'app.log'
        [IO.File]::WriteAllText($log, "line`n")
        $null = & chown 4242:4242 $folder
        $null = & chmod 0755 $folder

        $output = Invoke-AsNonOwner -Script "Invoke-LogRotation -LiteralPath '$log' -MaxSize 1 -ErrorVariable failed -ErrorAction SilentlyContinue; `$failed | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"

        $output[0] | Should -Be 'LogRotationFailed,OpsModule.Cmdlets.InvokeLogRotationCommand'
        $output[1] | Should -Be "'$log' was not rotated: this account may not create files in its folder '$folder', where the new log (and the rotations) are made. Nothing was renamed. Run as the folder's owner or as root."
        Get-ChildItem $folder -Name | Should -Be @('app.log')
    }
}
