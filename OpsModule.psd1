@{
    RootModule             = 'OpsModule.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core')
    GUID                   = '6f0b6f3e-2a57-4d1c-9a61-8c4f4d9e2b17'
    Author                 = 'OpsModule contributors'
    CompanyName            = 'OpsModule'
    Copyright              = '(c) OpsModule contributors. MIT License.'
    Description            = 'Ops runbooks as cmdlets: consistent, compressed, checksummed database backups and verified restores (SQLite first), with typed results that pipe together.'
    PowerShellVersion      = '7.4'
    RequiredAssemblies     = @('OpsModule.Models.dll')
    FormatsToProcess       = @('OpsModule.Format.ps1xml')
    CmdletsToExport        = @(
        'Backup-Database'
        'Restore-Database'
        'Get-DatabaseBackup'
        'Test-DatabaseBackup'
        'Remove-DatabaseBackup'
        'Get-ServiceHealth'
        'Invoke-DbMaintenance'
        'Remove-DatabaseRecord'
        'Repair-Database'
        'Measure-LogErrors'
        'Invoke-LogRotation'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Backup', 'Restore', 'SQLite', 'DisasterRecovery', 'Ops', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: Backup-Database and Restore-Database for SQLite.'
        }
    }
}
