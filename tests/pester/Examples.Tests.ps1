# Every script in examples/ is a user journey; each must run against the built module.
BeforeDiscovery {
    $examples = Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Filter *.ps1 |
        Where-Object Name -ne 'Demo.ps1' |
        ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $examplesFolder = Join-Path $PSScriptRoot '../../examples'
}

Describe 'examples/<Name>' -ForEach $examples {
    It 'runs to completion against the built module' {
        $result = Invoke-ChildPwsh -WorkDir ([IO.Path]::GetTempPath()) -Script "& '$Path' -ModulePath '$(Get-BuiltModulePath)'"

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
    }
}

Describe 'examples/Demo.ps1 (the Demo task)' {
    It 'backs up and restores the sample database and prints both objects' {
        $demo = Join-Path $examplesFolder 'Demo.ps1'
        $result = Invoke-ChildPwsh -WorkDir ([IO.Path]::GetTempPath()) -Script "& '$demo' -ModulePath '$(Get-BuiltModulePath)'"

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'BackupPath\s+: .*shop-\d{8}T\d{9}Z\.db'
        $result.Output | Should -Match 'Checks\s+Replaced\s+Tables'
        $result.Output | Should -Match 'Backed up and restored 3 tables \(5240 rows\)'
    }
}

Describe 'examples/nightly-dr-test.ps1 (backup -> DR test -> JSON report)' {
    It 'writes a JSON report in which the fresh backup passed every check' {
        $script = Join-Path $examplesFolder 'nightly-dr-test.ps1'
        $result = Invoke-ChildPwsh -WorkDir ([IO.Path]::GetTempPath()) -Script "& '$script' -ModulePath '$(Get-BuiltModulePath)'"

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $json = $result.Output.Substring($result.Output.IndexOf("`n{") + 1) | ConvertFrom-Json
        $json.Passed | Should -BeTrue
        $json.Results[0].Database | Should -Be 'shop'
        $json.Results[0].RpoMet | Should -BeTrue
        $json.Results[0].RtoMet | Should -BeTrue
        $json.Results[0].Checks.Name | Should -Be @('Fetch', 'Restore', 'Integrity', 'RowCounts', 'has tables', 'Cleanup', 'Rpo', 'Rto')
        $json.Results[0].Checks.Passed | Should -Not -Contain $false
        # Readable: enums by name, durations as seconds (not 11-field TimeSpan objects).
        $json.Results[0].Severity | Should -Be 'Ok'
        $json.Results[0].RestoreSeconds | Should -BeOfType ([double])
        $json.Results[0].Checks[0].Seconds | Should -BeOfType ([double])
        $result.Output | Should -Not -Match '"Ticks"'
    }
}
