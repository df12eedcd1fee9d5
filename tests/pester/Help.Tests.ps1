#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Meta-test of the built module's help: every exported cmdlet has a synopsis, a description, at least
# two examples with code and remarks, and a description for each of its parameters.
# Set $env:OPSMODULE_BUILT_MODULE to the built manifest first, e.g. out/OpsModule/OpsModule.psd1.

BeforeDiscovery {
    if (-not $env:OPSMODULE_BUILT_MODULE) {
        throw 'Set OPSMODULE_BUILT_MODULE to the built module manifest (out/OpsModule/OpsModule.psd1).'
    }
    $module = Import-Module -Name $env:OPSMODULE_BUILT_MODULE -PassThru -Force
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters +
        [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $cmdletCases = @(foreach ($cmdlet in Get-Command -Module $module.Name -CommandType Cmdlet) {
            @{
                Name       = $cmdlet.Name
                Parameters = @($cmdlet.Parameters.Keys.Where({ $_ -notin $commonParameters }))
            }
        })
}

BeforeAll {
    $module = Import-Module -Name $env:OPSMODULE_BUILT_MODULE -PassThru -Force
}

Describe "Help of the $($module.Name) module" {
    It 'about_OpsModule cites only docs/ pages that are installed with the module' {
        $about = Get-Content -Raw (Join-Path $module.ModuleBase 'en-US/about_OpsModule.help.txt')
        $pages = [regex]::Matches($about, 'docs/[\w-]+\.md').Value | Sort-Object -Unique
        $pages | Should -Not -BeNullOrEmpty
        foreach ($page in $pages) { Join-Path $module.ModuleBase $page | Should -Exist }
    }

    It 'exports at least one cmdlet' {
        Get-Command -Module $module.Name -CommandType Cmdlet | Should -Not -BeNullOrEmpty
    }

    Context '<Name>' -ForEach $cmdletCases {
        BeforeAll {
            $help = Get-Help -Name $Name -Full
        }

        It 'has a synopsis of its own' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis.Trim() | Should -Not -BeLike "$Name *" -Because 'Get-Help shows the syntax as the synopsis of a cmdlet without help'
        }

        It 'has a description' {
            ($help.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has at least two examples, each with code and remarks' {
            $examples = @($help.examples.example | Where-Object { $null -ne $_ })
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs code"
                ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs remarks"
            }
        }

        It 'numbers its examples from 1 without gaps' {
            $titles = @($help.examples.example | Where-Object { $null -ne $_ } | ForEach-Object { "$($_.title)".Trim('- ') })
            $numbers = @($titles | ForEach-Object { if ($_ -match '^Example (\d+):') { [int] $Matches[1] } else { -1 } })
            $numbers | Should -Be @(1..$titles.Count) -Because "the titles are: $($titles -join ' | ')"
        }

        It 'cites only docs/ pages that are installed with the module' {
            $text = ($help | Out-String -Width 500)
            foreach ($page in [regex]::Matches($text, 'docs/[\w-]+\.md').Value | Sort-Object -Unique) {
                Join-Path $module.ModuleBase $page | Should -Exist -Because "its help cites $page"
            }
        }

        It 'lists under OUTPUTS every property of the types it emits' {
            foreach ($type in @($help.returnValues.returnValue | Where-Object { $null -ne $_ })) {
                $name = "$($type.type.name)".Trim()
                $emitted = [OpsModule.Severity].Assembly.GetType($name)
                if ($null -eq $emitted) { continue }
                $listed = ($type.description.Text -join ' ')
                foreach ($property in $emitted.GetProperties().Name) {
                    $listed | Should -Match "\b$property\b" -Because "OUTPUTS of $Name should list every property of $name"
                }
            }
        }

        It 'describes parameter -<_>' -ForEach $Parameters {
            $parameterName = $_
            $parameterHelp = @($help.parameters.parameter).Where({ $_.name -eq $parameterName })
            $parameterHelp | Should -HaveCount 1 -Because "-$parameterName should appear once in the help"
            ($parameterHelp[0].description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }
}
