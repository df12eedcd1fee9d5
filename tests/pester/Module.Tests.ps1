# The built module as a package: manifest, exports, types, and loading beside other copies of its dependencies.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest and exports its cmdlets explicitly' {
        $manifest = Test-ModuleManifest $manifestPath -ErrorAction Stop
        $data = Import-PowerShellDataFile $manifestPath

        $manifest.PowerShellVersion | Should -Be '7.4'
        $data.CompatiblePSEditions | Should -Be @('Core')
        $data.CmdletsToExport | Should -Not -Contain '*'
        $data.FunctionsToExport.Count | Should -Be 0
        $data.AliasesToExport.Count | Should -Be 0
        $data.Author | Should -Not -BeNullOrEmpty
        $data.Description | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets the manifest lists, all with approved verbs' {
        $module = Import-Module $manifestPath -Force -PassThru
        $data = Import-PowerShellDataFile $manifestPath

        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
        $approved = (Get-Verb).Verb
        foreach ($name in $module.ExportedCmdlets.Keys) {
            $approved | Should -Contain ($name -split '-')[0]
        }
    }

    It 'declares output types, ShouldProcess and pipeline binding on each cmdlet' {
        Import-Module $manifestPath -Force
        (Get-Command Backup-Database).OutputType.Type | Should -Be ([OpsModule.BackupInfo])
        (Get-Command Restore-Database).OutputType.Type | Should -Be ([OpsModule.RestoreResult])
        (Get-Command Backup-Database).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Restore-Database).Parameters.Keys | Should -Contain 'Confirm'
        (Get-Command Backup-Database).Parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
    }
}

Describe 'The error ids' {
    It 'are one list in code and in about_OpsModule' {
        Import-Module $manifestPath -Force
        $documented = (Get-Help about_OpsModule | Out-String)
        $inCode = [OpsModule.ErrorIds].GetFields() | ForEach-Object Name

        $inCode.Count | Should -BeGreaterThan 5
        foreach ($id in $inCode) {
            $documented | Should -Match "\b$id\b" -Because "$id is an ErrorId in OpsModule.ErrorIds"
        }
    }
}

Describe 'Loading the module' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-load -SampleRows 100
        $oldSqlite = Join-Path $env:OPSMODULE_PACKAGES 'microsoft.data.sqlite.core/8.0.34/lib/net8.0/Microsoft.Data.Sqlite.dll'
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'works after another copy of Microsoft.Data.Sqlite (8.0) is already loaded in the session' {
        Test-Path $oldSqlite | Should -BeTrue
        $result = Invoke-ChildPwsh -WorkDir $work -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldSqlite'
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Data.Sqlite' }
"before: `$((`$loaded | ForEach-Object { `$_.GetName().Version }) -join ',')"
Import-Module '$manifestPath'
`$restored = Backup-Database -Path ./app.db -Destination ./backups | Restore-Database -TargetPath ./restored.db
"restored: `$(`$restored.TableCounts['orders'])"
`$versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | ForEach-Object { `$_.GetName().Version.Major }
"versions: `$((`$versions | Sort-Object) -join ',')"
"@

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'before: 8\.0'
        $result.Output | Should -Match 'restored: 100'
        $result.Output | Should -Match 'versions: 8,10'
    }

    It 'backs up PostgreSQL after another copy of Npgsql (8.0) is already loaded in the session' -Skip:(-not $env:OPS_TEST_PG) {
        $oldNpgsql = Join-Path $env:OPSMODULE_PACKAGES 'npgsql/8.0.9/lib/net8.0/Npgsql.dll'
        Test-Path $oldNpgsql | Should -BeTrue
        $database = 'ops_iso_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $result = Invoke-ChildPwsh -WorkDir $work -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldNpgsql'
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Npgsql' }
"before: `$((`$loaded | ForEach-Object { `$_.GetName().Version }) -join ',')"
Import-Module '$manifestPath'
`$restored = Backup-Database -ConnectionString '$env:OPS_TEST_PG' -Destination ./pg |
    Restore-Database -TargetConnectionString ('$env:OPS_TEST_PG' -replace 'Database=[^;]*', 'Database=$database')
"restored: `$(`$restored.Checks.Count -eq 3)"
`$versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Npgsql' } | ForEach-Object { `$_.GetName().Version.Major }
"versions: `$((`$versions | Sort-Object) -join ',')"
"@

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'before: 8\.0'
        $result.Output | Should -Match 'restored: True'
        $result.Output | Should -Match 'versions: 8,10'
    }

    It 'backs up to S3 and restores after AWSSDK 3.7 (Core and S3) is already loaded in the session' -Skip:(-not $env:OPS_TEST_S3_ENDPOINT) {
        $oldCore = Join-Path $env:OPSMODULE_PACKAGES 'awssdk.core/3.7.402/lib/net8.0/AWSSDK.Core.dll'
        $oldS3 = Join-Path $env:OPSMODULE_PACKAGES 'awssdk.s3/3.7.304.1/lib/net8.0/AWSSDK.S3.dll'
        Test-Path $oldCore | Should -BeTrue
        $bucket = 'iso-' + [Guid]::NewGuid().ToString('N').Substring(0, 16)
        $result = Invoke-ChildPwsh -WorkDir $work -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldCore'
Add-Type -Path '$oldS3'
`$config = [Amazon.S3.AmazonS3Config]::new()
`$config.ServiceURL = '$env:OPS_TEST_S3_ENDPOINT'
`$config.ForcePathStyle = `$true
`$config.AuthenticationRegion = 'us-east-1'
`$old = [Amazon.S3.AmazonS3Client]::new('$env:OPS_TEST_S3_ACCESS_KEY', '$env:OPS_TEST_S3_SECRET_KEY', `$config)
[void]`$old.PutBucketAsync('$bucket').GetAwaiter().GetResult()
Import-Module '$manifestPath'
`$s3 = @{ EndpointUrl = '$env:OPS_TEST_S3_ENDPOINT'; AccessKey = '$env:OPS_TEST_S3_ACCESS_KEY'; SecretKey = '$env:OPS_TEST_S3_SECRET_KEY' }
`$backup = Backup-Database -Path ./app.db -Destination s3://$bucket/iso @s3
`$restored = Get-DatabaseBackup -Location s3://$bucket/iso -Latest @s3 | Restore-Database -TargetPath ./from-s3.db @s3
"restored: `$(`$restored.TableCounts['orders'])"
"listed with the old client: `$(`$old.ListObjectsAsync('$bucket').GetAwaiter().GetResult().S3Objects.Count)"
`$versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object { `$_.GetName().Version.Major }
"core versions: `$((`$versions | Sort-Object) -join ',')"
"@

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'restored: 100'
        $result.Output | Should -Match 'listed with the old client: 2'
        $result.Output | Should -Match 'core versions: 3,4'
    }

    It 'imports twice with -Force, removes cleanly, and its types resolve in scripts' {
        $result = Invoke-ChildPwsh -WorkDir $work -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifestPath' -Force
Import-Module '$manifestPath' -Force
`$backup = Backup-Database -Path ./app.db -Destination ./again
"is BackupInfo: `$(`$backup -is [OpsModule.BackupInfo])"
"type: `$([OpsModule.BackupInfo].FullName)"
Remove-Module OpsModule
"after remove: `$(@(Get-Module OpsModule).Count)"
Import-Module '$manifestPath'
"restored: `$((`$backup | Restore-Database -TargetPath ./again.db).Checks[0] -is [OpsModule.RecoveryCheck])"
"@

        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'is BackupInfo: True'
        $result.Output | Should -Match 'type: OpsModule.BackupInfo'
        $result.Output | Should -Match 'after remove: 0'
        $result.Output | Should -Match 'restored: True'
    }
}
