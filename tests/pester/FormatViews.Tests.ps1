# The default table views show optional (nullable) timestamps: PowerShell hands a DateTime? property to a view's
# script block as a plain DateTime, so a view must format the value itself (not .Value, which is $null there).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
}

Describe 'Default table views' {
    It 'show the optional timestamp <Property> of <Type>' -ForEach @(
        @{ Type = 'OpsModule.LogSummary'; Property = 'FirstTimestamp' }
        @{ Type = 'OpsModule.LogSummary'; Property = 'LastTimestamp' }
        @{ Type = 'OpsModule.LogEntry'; Property = 'Timestamp' }
        @{ Type = 'OpsModule.VacuumAgeInfo'; Property = 'LastVacuum' }
        @{ Type = 'OpsModule.VacuumAgeInfo'; Property = 'LastAnalyze' }
        @{ Type = 'OpsModule.IndexUsageInfo'; Property = 'StatsSince' }
    ) {
        $item = New-Object -TypeName $Type
        $item.$Property = [datetime]::new(2026, 11, 20, 7, 45, 12, [DateTimeKind]::Utc)
        $table = $item | Format-Table | Out-String -Width 300
        $table | Should -Match '2026-11-20 07:45'
    }

    It 'leave an unknown timestamp empty, or say never' {
        $table = [OpsModule.VacuumAgeInfo]::new() | Format-Table | Out-String -Width 300
        $table | Should -Match 'never'
        [OpsModule.LogSummary]::new() | Format-Table | Out-String -Width 300 | Should -Not -Match '\d{4}-\d\d-\d\d'
    }
}
