@{
    RootModule             = 'OpsModule.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core')
    GUID                   = '6f0b6f3e-2a57-4d1c-9a61-8c4f4d9e2b17'
    Author                 = 'OpsModule contributors'
    CompanyName            = 'OpsModule'
    Copyright              = '(c) OpsModule contributors. MIT License.'
    Description            = 'Ops runbooks as cmdlets with typed results that pipe together: consistent, compressed, checksummed backups of SQLite and PostgreSQL to folders or S3, verified restores and disaster-recovery tests, backup retention, health checks, database maintenance, log error counts with template mining, and log rotation.'
    PowerShellVersion      = '7.4'
    RequiredAssemblies     = @('OpsModule.Models.dll')
    FormatsToProcess       = @('OpsModule.Format.ps1xml')
    CmdletsToExport        = @(
        'Backup-Database'
        'Restore-Database'
        'Test-DisasterRecovery'
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
            Tags         = @('Backup', 'Restore', 'SQLite', 'PostgreSQL', 'S3', 'DisasterRecovery', 'HealthCheck', 'Maintenance', 'Logs', 'LogRotation', 'Ops', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: Backup-Database, Restore-Database, Get-/Test-/Remove-DatabaseBackup and Test-DisasterRecovery for SQLite and PostgreSQL with folder and S3 stores; Get-ServiceHealth; Invoke-DbMaintenance, Remove-DatabaseRecord and Repair-Database; Measure-LogErrors and Invoke-LogRotation.'
        }
    }
}
