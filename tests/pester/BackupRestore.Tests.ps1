# Backup-Database and Restore-Database as users run them: the built module in pwsh, real SQLite files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
}

Describe 'Backup-Database | Restore-Database' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-pester -SampleRows 2000
        Push-Location $work
    }
    AfterEach {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'round-trips through the pipeline as written, with relative paths resolved against the current location' {
        $result = Backup-Database -Path app.db -Destination backups | Restore-Database -TargetPath restored/app.db

        $result | Should -BeOfType ([OpsModule.RestoreResult])
        $result.Checks.Name | Should -Be @('Checksum', 'Integrity', 'RowCounts')
        $result.Checks | ForEach-Object { $_ | Should -BeOfType ([OpsModule.RecoveryCheck]); $_.Passed | Should -BeTrue }
        $result.Backup | Should -BeOfType ([OpsModule.BackupInfo])
        $result.Target | Should -Be (Join-Path $work 'restored/app.db')
        $digest = Get-TableDigest -Path (Join-Path $work 'restored/app.db')
        $digest | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        ($digest.Keys -join ',') | Should -Be 'customers,orders'
        (Get-TableDigest -Path (Join-Path $work 'app.db')) | ConvertTo-Json | Should -Be ($digest | ConvertTo-Json)
    }

    It 'binds files from Get-ChildItem by their PSPath, even with wildcard characters in the name' {
        Copy-Item app.db 'shop[1].db'

        $backups = Get-ChildItem -Filter *.db | Backup-Database -Destination backups -Compression Gzip

        $backups.Count | Should -Be 2
        $backups.Database | Sort-Object | Should -Be @('app', 'shop[1]')
        $backups | ForEach-Object { $_.BackupPath | Should -BeLike '*.db.gz' }
    }

    It 'restores from -BackupPath given the artifact or the manifest' {
        $backup = Backup-Database -Path app.db -Destination backups

        (Restore-Database -BackupPath $backup.BackupPath -TargetPath one.db).TableCounts['orders'] | Should -Be 2000
        (Restore-Database -BackupPath $backup.ManifestPath -TargetPath two.db).TableCounts['orders'] | Should -Be 2000
    }

    It 'restores a BackupInfo that went through Export-Clixml (as a scheduled job would keep it)' {
        Backup-Database -Path app.db -Destination backups | Export-Clixml inventory.xml

        $result = Import-Clixml inventory.xml | Restore-Database -TargetPath from-inventory.db

        @($result.Checks | Where-Object Passed).Count | Should -Be 3
        $result.TableCounts['orders'] | Should -Be 2000
        (Import-Clixml inventory.xml).Created.Kind | Should -Be 'Utc'
    }

    It 'changes nothing under -WhatIf' {
        $backup = Backup-Database -Path app.db -Destination backups
        Copy-Item app.db target.db
        $before = (Get-FileHash target.db).Hash

        Backup-Database -Path app.db -Destination whatif-backups -WhatIf | Should -BeNullOrEmpty
        $backup | Restore-Database -TargetPath target.db -Force -WhatIf | Should -BeNullOrEmpty
        $backup | Restore-Database -TargetPath new.db -WhatIf | Should -BeNullOrEmpty

        Test-Path whatif-backups | Should -BeFalse
        Test-Path new.db | Should -BeFalse
        (Get-FileHash target.db).Hash | Should -Be $before
    }

    It 'does not replace an existing database without -Force when it cannot ask' {
        $backup = Backup-Database -Path app.db -Destination backups
        New-SampleDatabase -Path (Join-Path $work 'live.db') -Rows 3
        $before = (Get-FileHash live.db).Hash

        { $backup | Restore-Database -TargetPath live.db -ErrorAction Stop } | Should -Throw

        (Get-FileHash live.db).Hash | Should -Be $before
        ($backup | Restore-Database -TargetPath live.db -Force).Replaced | Should -BeTrue
    }

    It 'refuses a damaged backup with BackupChecksumMismatch and leaves the target as it was' {
        $backup = Backup-Database -Path app.db -Destination backups
        $bytes = [IO.File]::ReadAllBytes($backup.BackupPath)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0x40
        [IO.File]::WriteAllBytes($backup.BackupPath, $bytes)
        New-SampleDatabase -Path (Join-Path $work 'live.db') -Rows 3
        $before = (Get-FileHash live.db).Hash

        $backup | Restore-Database -TargetPath live.db -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'BackupChecksumMismatch,OpsModule.Cmdlets.RestoreDatabaseCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -Be $backup.BackupPath
        (Get-FileHash live.db).Hash | Should -Be $before
    }

    It 'reports bad input as errors with stable ids and no stack trace, and goes on with the next item' -ForEach @(
        @{ Case = 'missing file'; Setup = {}; Path = 'missing.db'; Id = 'SourceNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'not SQLite'; Setup = { Set-Content notes.db 'hello' }; Path = 'notes.db'; Id = 'NotASqliteDatabase'; Category = 'InvalidData' }
        @{ Case = 'a folder'; Setup = { New-Item -ItemType Directory data.db | Out-Null }; Path = 'data.db'; Id = 'SourceNotFound'; Category = 'ObjectNotFound'; Message = '*is a folder, not a database file*' }
    ) {
        & $Setup

        $backups = Backup-Database -Path $Path, app.db -Destination backups -ErrorVariable failures -ErrorAction SilentlyContinue

        $backups.Count | Should -Be 1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "$Id,OpsModule.Cmdlets.BackupDatabaseCommand"
        $failures[0].CategoryInfo.Category | Should -Be $Category
        $failures[0].Exception.Message | Should -Not -Match '\s+at \w'
        if ($Message) { $failures[0].Exception.Message | Should -BeLike $Message }
        ($failures[0] | Out-String) | Should -Not -Match '   at '
    }

    It 'refuses a FIFO as a source (NotASqliteDatabase) instead of waiting for a writer, and backs up the next file' -Skip:(-not $IsLinux) {
        # The build before opened it and waited forever: a child pwsh with a time limit, so such a build fails instead of hanging.
        & mkfifo pipe.db
        $modulePath = Get-BuiltModulePath
        $script = "Import-Module '$modulePath'`n`$b = Backup-Database -Path pipe.db, app.db -Destination backups -ErrorVariable failures -ErrorAction SilentlyContinue`n" +
            "'BACKUPS ' + @(`$b).Count`n`$failures | ForEach-Object { 'FAILED ' + `$_.FullyQualifiedErrorId + ' ' + `$_.Exception.Message }"

        $result = Invoke-ChildPwsh -WorkDir $PWD.Path -TimeoutSeconds 60 -Script $script

        $output = $result.Output | Out-String
        $output | Should -Match 'BACKUPS 1'
        $output | Should -Match "FAILED NotASqliteDatabase,OpsModule.Cmdlets.BackupDatabaseCommand '.*pipe\.db' is a FIFO \(named pipe\), not a database file"
    }

    It 'reports an unwritable destination as DestinationNotWritable' {
        Set-Content blocker 'a file where a folder should be'

        Backup-Database -Path app.db -Destination blocker/backups -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -Be 'DestinationNotWritable,OpsModule.Cmdlets.BackupDatabaseCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'refuses an interrupted backup (artifact without manifest) with BackupIncomplete' {
        $backup = Backup-Database -Path app.db -Destination backups
        Remove-Item $backup.ManifestPath

        Restore-Database -BackupPath $backup.BackupPath -TargetPath r.db -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -Be 'BackupIncomplete,OpsModule.Cmdlets.RestoreDatabaseCommand'
        Test-Path r.db | Should -BeFalse
    }

    It 'writes a backup that zstd and sqlite3 restore without OpsModule' {
        $backup = Backup-Database -Path app.db -Destination backups
        $manifest = Get-Content $backup.ManifestPath -Raw | ConvertFrom-Json

        (Get-FileHash $backup.BackupPath -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $manifest.sha256
        zstd -q -d $backup.BackupPath -o byhand.db
        $LASTEXITCODE | Should -Be 0
        sqlite3 byhand.db 'PRAGMA integrity_check' | Should -Be 'ok'
        [long](sqlite3 byhand.db 'SELECT count(*) FROM orders') | Should -Be $manifest.tables.orders
    }

    It 'shows readable default tables' {
        $backup = Backup-Database -Path app.db -Destination backups
        $restore = $backup | Restore-Database -TargetPath r.db

        $backupTable = $backup | Format-Table | Out-String -Width 250
        $backupTable | Should -Match 'Database\s+Created \(UTC\)\s+Size\s+Ratio\s+Duration\s+Verified'
        $backupTable | Should -Match ('Location: ' + [regex]::Escape((Split-Path -Parent $backup.BackupPath)))
        $backupTable | Should -Match '\d+(\.\d)? (KB|MB)'
        ($restore | Format-Table | Out-String -Width 250) | Should -Match 'Checks\s+Replaced\s+Tables\s+Rows\s+Duration\s+Backup created \(UTC\)\s+Target'
    }
}
