# The path a new user takes: publish to a repository, install from it into a clean profile, import by name, use.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $moduleFolder = Split-Path (Get-BuiltModulePath)
    $work = New-TestFolder -Prefix ops-package -SampleRows 500
    $null = New-Item -ItemType Directory -Path (Join-Path $work 'home'), (Join-Path $work 'repository')
}

AfterAll {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Publish-PSResource -> Install-PSResource -> Import-Module OpsModule' {
    It 'installs from a folder repository into an isolated HOME and backs up and restores' {
        $isolatedHome = Join-Path $work 'home'
        # HOME decides where PSResourceGet installs (CurrentUser) and where pwsh looks for modules.
        $result = Invoke-ChildPwsh -WorkDir $work -TimeoutSeconds 300 -Environment @{ HOME = $isolatedHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; PSModulePath = $null } -Script @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name OpsLocal -Uri '$work/repository' -Trusted
Publish-PSResource -Path '$moduleFolder' -Repository OpsLocal
"package: `$((Get-ChildItem '$work/repository' -Filter *.nupkg).Name)"
Install-PSResource -Name OpsModule -Repository OpsLocal -Scope CurrentUser -TrustRepository
Import-Module OpsModule
`$module = Get-Module OpsModule
"base: `$(`$module.ModuleBase)"
"version: `$(`$module.Version)"
`$restored = Backup-Database -Path ./app.db -Destination ./backups | Restore-Database -TargetPath ./restored.db
"orders: `$(`$restored.TableCounts['orders'])"
"help: `$((Get-Help Backup-Database).Synopsis)"
"docs: `$((Get-ChildItem (Join-Path `$module.ModuleBase 'docs') -Name | Sort-Object) -join ',')"
"@

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $version = (Import-PowerShellDataFile (Get-BuiltModulePath)).ModuleVersion
        $result.Output | Should -Match "package: OpsModule\.$([regex]::Escape($version))\.nupkg"
        $result.Output | Should -Match "base: $([regex]::Escape($isolatedHome))/"
        $result.Output | Should -Match "version: $([regex]::Escape($version))"
        $result.Output | Should -Match 'orders: 500'
        $result.Output | Should -Match 'help: Takes a consistent online backup'
        # The pages the help cites (docs/backup-encryption.md, docs/testing.md) are installed with the module.
        ($result.Output -split '\r?\n') | Should -Contain 'docs: backup-encryption.md,backup-manifest.md,testing.md'
    }
}
