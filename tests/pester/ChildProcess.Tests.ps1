# tools/ChildProcess.psm1, the one helper that starts child processes and child pwsh for build.ps1, tools/,
# the tests and bench/: arguments arrive as given, stdin and environment reach the child, a hung child dies
# with its whole tree at the timeout.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/ChildProcess.psm1') -Force
    $tricky = @('two words', 'a "quoted" one', "it's", '', '$HOME', '*', 'back\slash', "tab`there")

    function Test-ProcessGone([int] $ProcessId) {
        # Gone, or a zombie nobody reaped yet (a container's PID 1 may never reap).
        $stat = Get-Content -LiteralPath "/proc/$ProcessId/stat" -Raw -ErrorAction Ignore
        return (-not $stat) -or ($stat.Substring($stat.LastIndexOf(')') + 2, 1) -in 'Z', 'X')
    }
}

Describe 'Invoke-ChildProcess' {
    It 'passes arguments with spaces, quotes and shell characters intact, one argument each' {
        $result = Invoke-ChildProcess -FilePath sh -ArgumentList (@('-c', 'for a; do printf "[%s]\n" "$a"; done', 'sh') + $tricky) -TimeoutSeconds 30

        $result.ExitCode | Should -Be 0
        ($result.Output.TrimEnd("`n") -split "`n") | Should -Be @($tricky | ForEach-Object { "[$_]" })
    }

    It 'feeds -InputText to stdin, adds -Environment, and returns exit code and stderr apart from stdout' {
        $result = Invoke-ChildProcess -FilePath sh -ArgumentList '-c', 'cat; printf "%s" "$OPS_CHILD_TEST"; echo oops >&2; exit 3' `
            -InputText "line one`n" -Environment @{ OPS_CHILD_TEST = 'a b "c"' } -TimeoutSeconds 30

        $result.ExitCode | Should -Be 3
        $result.Output | Should -Be "line one`na b `"c`""
        $result.Errors.Trim() | Should -Be 'oops'
    }

    It 'kills a hung child and the processes it started at the timeout, and says so' {
        $pidFile = Join-Path $TestDrive 'grandchild.pid'
        $clock = [Diagnostics.Stopwatch]::StartNew()

        { Invoke-ChildProcess -FilePath sh -ArgumentList '-c', "sleep 300 & echo `$! > '$pidFile'; wait" -TimeoutSeconds 1 } |
            Should -Throw '*did not finish within 1 s*killed*'

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
        $grandchild = [int](Get-Content -LiteralPath $pidFile)
        Test-ProcessGone $grandchild | Should -BeTrue -Because 'the whole process tree is killed, not only the direct child'
    }

    It 'throws with the tail of the output on a non-zero exit with -ThrowOnError' {
        $failure = { Invoke-ChildProcess -FilePath sh -ArgumentList '-c', 'printf "pipe %s\n" fitting >&2; exit 7' -ThrowOnError } |
            Should -Throw -PassThru
        $failure.Exception.Message | Should -Match '(?s)failed with exit code 7\..*pipe fitting'
    }
}

Describe 'Invoke-ChildPwsh' {
    It 'runs a script in the same pwsh as this one, with its arguments intact' {
        $result = Invoke-ChildPwsh -WorkDir $TestDrive -Script '$args | ForEach-Object { "[$_]" }; [Environment]::ProcessPath' -ArgumentList ($tricky | Where-Object { $_ })

        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $lines = $result.Output.TrimEnd() -split "`r?`n"
        $lines[0..($lines.Count - 2)] | Should -Be @($tricky | Where-Object { $_ } | ForEach-Object { "[$_]" })
        $lines[-1] | Should -Be ([Environment]::ProcessPath)
        @(Get-ChildItem $TestDrive -Filter 'child-*.ps1') | Should -HaveCount 0 -Because 'the script file is removed afterwards'
    }
}
