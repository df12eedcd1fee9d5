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

Describe 'The RetentionDecision view' {
    It 'names each backup by its path, so two databases of the same name from different folders tell apart' {
        $created = [datetime]::new(2026, 11, 20, 7, 45, 12, [DateTimeKind]::Utc)
        $decisions = '/srv/a/backups/app-20261120T074512Z.db.gz', '/srv/b/backups/app-20261120T074512Z.db.gz' | ForEach-Object {
            $backup = [OpsModule.BackupInfo]@{ Database = 'app'; BackupPath = $_; Created = $created }
            [OpsModule.RetentionDecision]@{ Backup = $backup; Database = 'app'; Created = $created; Action = 'Remove'; Reason = 'older than 30d' }
        }

        $table = $decisions | Format-Table | Out-String -Width 300
        $table | Should -Match 'BackupPath'
        $table | Should -Match ([regex]::Escape('/srv/a/backups/app-20261120T074512Z.db.gz'))
        $table | Should -Match ([regex]::Escape('/srv/b/backups/app-20261120T074512Z.db.gz'))
    }
}

Describe 'The RetentionDecision view in a 120-column console' {
    BeforeAll {
        $work = New-TestFolder -Prefix ops-retention-view
        foreach ($name in 'app', 'inventory-service') { $null = sqlite3 (Join-Path $work "$name.db") 'CREATE TABLE t(v); INSERT INTO t VALUES (1);' }
        $backups = Join-Path $work 'backups/nightly'
        1..3 | ForEach-Object { $null = Backup-Database -Path (Join-Path $work 'app.db') -Destination $backups }
        1..2 | ForEach-Object { $null = Backup-Database -Path (Join-Path $work 'inventory-service.db') -Destination $backups }
        $null = Get-DatabaseBackup -Location $backups -Database app -Latest | Test-DatabaseBackup
        # An interrupted backup: its artifact without a manifest (the longest Reason).
        Copy-Item (Get-DatabaseBackup -Location $backups -Database app -Latest).BackupPath (Join-Path $backups 'app-20261120T074512123Z.db.zst')
    }
    AfterAll {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'shows for every row of a -WhatIf review (<Case>) the whole BackupPath, the Reason and Created to the millisecond' -ForEach @(
        @{ Case = '-KeepLast 1'; Policy = @{ KeepLast = 1 }; Kept = 'last 1 of 1' }
        @{ Case = '-OlderThan 0s: the newest verified backup is kept by the rule that never removes it'; Policy = @{ OlderThan = '0s' }; Kept = '*never removed*' }
    ) {
        # Before, the Reason "newest backup of this database that passed verification (never removed)" pushed BackupPath
        # out ('/tm…', or the column was gone), and Created showed seconds only: rows could not be told apart.
        $decisions = @(Remove-DatabaseBackup -Location $backups @Policy -WhatIf 6>$null)
        $decisions.Count | Should -Be 6

        $lines = @(($decisions | Out-String -Width 120) -split "`r?`n" | Where-Object { $_.Trim() })
        $header = $lines[0]
        $lines[1] | Should -Match '^[- ]+$'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 120 -Because $line }
        $reasonAt = $header.IndexOf('Reason')
        $pathAt = $header.IndexOf('BackupPath')
        $pathAt | Should -BeGreaterThan $reasonAt
        # Each row: its first line starts with the Action; the lines under it continue its wrapped cells.
        $rows = [Collections.Generic.List[object]]::new()
        foreach ($line in $lines | Select-Object -Skip 2) {
            if ($line[0] -ne ' ') { $rows.Add([Collections.Generic.List[string]]::new()) }
            $rows[-1].Add($line)
        }
        $rows.Count | Should -Be $decisions.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $decision = $decisions[$i]
            $rows[$i][0] | Should -BeLike "$($decision.Action) *$($decision.Created.ToString('yyyy-MM-dd HH:mm:ss.fff', [cultureinfo]::InvariantCulture))*"
            $path = -join ($rows[$i] | ForEach-Object { if ($_.Length -gt $pathAt) { $_.Substring($pathAt).TrimEnd() } })
            $path | Should -Be $decision.Backup.BackupPath
            $reason = ($rows[$i] | ForEach-Object { if ($_.Length -gt $reasonAt) { $_.Substring($reasonAt, [Math]::Min($pathAt, $_.Length) - $reasonAt).Trim() } } | Where-Object { $_ }) -join ' '
            $reason | Should -Be $decision.Reason
        }
        @($decisions.Reason) -like $Kept | Should -Not -BeNullOrEmpty
        @($decisions.Reason) -like 'incomplete*' | Should -HaveCount 1
    }
}

Describe 'Default table views in other cultures' {
    It 'show dates in the Gregorian calendar and sizes in the culture''s numbers, like the ratios beside them (<Culture>)' -ForEach @(
        @{ Culture = 'th-TH' }, @{ Culture = 'ar-SA' }, @{ Culture = 'de-DE' }, @{ Culture = 'fr-FR' }
    ) {
        $summary = [OpsModule.LogSummary]::new()
        $summary.FirstTimestamp = [datetime]::new(2026, 11, 20, 7, 45, 12, [DateTimeKind]::Utc)
        $summary.Bytes = 1536
        $summary.Duration = [timespan]::FromSeconds(1.5)
        $before = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            $decimal = [cultureinfo]::CurrentCulture.NumberFormat.NumberDecimalSeparator
            $table = $summary | Format-Table | Out-String -Width 300
            $table | Should -Match '2026-11-20 07:45'
            $table | Should -Match ([regex]::Escape("1${decimal}5 KB"))
            $table | Should -Match ([regex]::Escape("1${decimal}50s"))
        }
        finally {
            [cultureinfo]::CurrentCulture = $before
        }
    }
}

Describe 'The maintenance result views in an 80-column console' {
    BeforeAll {
        function Assert-FitsIn80([object[]] $Items) {
            # Out-String wraps what does not fit: a header that fits is one line, straight above its dashes.
            $lines = @(($Items | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
            $lines[1] | Should -Match '^[- ]+$' -Because "the header must be one line:`n$($lines -join "`n")"
            $lines.Count | Should -Be ($Items.Count + 2) -Because "each result must be one line:`n$($lines -join "`n")"
        }
    }

    It 'fits a RecordPurgeResult table (a million rows, a cascade, a stopped purge)' {
        $cutoff = [datetime]::new(2026, 5, 31, 23, 59, 59, [DateTimeKind]::Utc)
        $done = [OpsModule.RecordPurgeResult]@{ Database = 'shop'; Table = 'orders'; Column = 'ordered'; Cutoff = $cutoff; RowsMatched = 1234567; RowsDeleted = 1234567; RowsLeft = 0; Batches = 247; Duration = [timespan]::FromSeconds(312.4); Completed = $true; Cascades = @('order_lines') }
        $stopped = [OpsModule.RecordPurgeResult]@{ Database = 'shop'; Table = 'customers'; Column = 'created'; Cutoff = $cutoff; RowsMatched = 20000; RowsDeleted = 5000; RowsLeft = 15000; Batches = 1; Duration = [timespan]::FromSeconds(31.2); ErrorId = 'DatabaseLocked' }
        $preview = [OpsModule.RecordPurgeResult]@{ Database = 'shop'; Table = 'audit_log'; Column = 'at'; Cutoff = $cutoff; RowsMatched = 99999; RowsLeft = 99999; WhatIf = $true }

        Assert-FitsIn80 @($done, $stopped, $preview)
    }

    It 'fits a MaintenanceResult table (the Weekly preset of a 1.2 GB database)' {
        $results = 'IntegrityCheck', 'ForeignKeyCheck', 'Reindex', 'Vacuum', 'Checkpoint' | ForEach-Object {
            [OpsModule.MaintenanceResult]@{ Database = 'shop'; Task = $_; Status = 'Succeeded'; Duration = [timespan]::FromSeconds(125.5); SizeBefore = 1234567890; SizeAfter = 1134567890; RowsAffected = 123456; Detail = 'Vacuumed: 12% of the pages were free; the file shrank by 95.4 MB.' }
        }

        Assert-FitsIn80 $results
    }

    It 'fits a RepairResult table (a salvage with sqlite3 .recover)' {
        $counts = [Collections.Generic.Dictionary[string, long]]::new()
        $counts['customers'] = 500; $counts['products'] = 40; $counts['orders'] = 123456
        $repair = [OpsModule.RepairResult]@{ Database = 'shop'; Method = 'sqlite3 .recover'; TableCounts = $counts; DamagedTables = [string[]]@('orders'); IntegrityOk = $true; Swapped = $true; RecoveredDatabase = '/srv/app/shop.recovered-20261128T120000Z.db' }

        Assert-FitsIn80 @($repair)
    }
}

Describe 'The health result view in an 80-column console' {
    It 'shows the message, wrapped, beside a long check name (helper-118: Message was dropped for a 52-character URL)' {
        $results = @(
            [OpsModule.HealthCheckResult]@{ Name = 'http://127.0.0.1:18080/code/503?service=payments-api'; Kind = 'Http'; Status = 'Unhealthy'; ResponseTime = [timespan]::FromMilliseconds(12); Attempts = 3; Message = 'status 503 Service Unavailable, expected 200-399' }
            [OpsModule.HealthCheckResult]@{ Name = 'disk /'; Kind = 'Disk'; Status = 'Degraded'; Attempts = 1; Message = 'used 91.2% of 50 GB (warning at 90%)' }
        )
        $table = $results | Format-Table | Out-String -Width 80
        $lines = @($table -split "`\r?`\n" | Where-Object { $_.Trim() })
        $lines[1] | Should -Match '^[- ]+$' -Because "the header must be one line:`n$table"
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $table | Should -Match 'Message'
        foreach ($message in $results.Message) { $table | Should -Match ([regex]::Escape($message.Substring(0, 18))) -Because "each message must show:`n$table" }
        # Wrapped, not cut: the last characters of each message are there too.
        foreach ($message in $results.Message) { $table | Should -Match ([regex]::Escape($message.Substring($message.Length - 3))) -Because "each message must show whole:`n$table" }
        $table | Should -Match 'Unhealthy'

        # At 60 columns the message still has a column of its own, and at 200 the whole name is on one line (helper-122).
        $narrow = $results | Format-Table | Out-String -Width 60
        ($narrow -split "`\r?`\n" | Where-Object { $_ -match '^Unhealthy' }) | Should -Match 'status 503'
        $results | Format-Table | Out-String -Width 200 | Should -Match ([regex]::Escape('http://127.0.0.1:18080/code/503?service=payments-api'))
    }
}

Describe 'The BackupInfo view in an 80-column console' {
    It 'tells backups of one second apart by the millisecond, groups them by folder, fits 80 columns and marks an incomplete one (helper-120)' {
        $created = [datetime]::new(2026, 11, 29, 8, 57, 47, 123, [DateTimeKind]::Utc)
        $backups = @(
            [OpsModule.BackupInfo]@{ Database = 'inventory-production'; BackupPath = '/var/backups/app/nightly/inventory-production-20261129T085747123Z.db.zst'; Created = $created; Complete = $true; Size = 1000; DatabaseSize = 3000; LastVerifiedResult = $true }
            [OpsModule.BackupInfo]@{ Database = 'inventory-production'; BackupPath = '/var/backups/app/nightly/inventory-production-20261129T085747456Z.db.zst'; Created = $created.AddMilliseconds(333); Complete = $false }
            [OpsModule.BackupInfo]@{ Database = 'app'; BackupPath = 's3://ops-backups/prod/app-20261129T085747999Z.dump.zst'; Created = $created; Complete = $true; Size = 2000; DatabaseSize = 3000; LastVerifiedResult = $false }
        )
        $table = $backups | Format-Table | Out-String -Width 80
        $lines = @($table -split "`r?`n" | Where-Object { $_.Trim() })

        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because $line }
        $table | Should -Match 'Location: /var/backups/app/nightly'
        $table | Should -Match 'Location: s3://ops-backups/prod'
        @($lines -match '^inventory-production\s+2026-11-29 08:57:47\.123\s.*3\.0x.*passed') | Should -HaveCount 1
        @($lines -match '^inventory-production\s+2026-11-29 08:57:47\.456\s+incomplete') | Should -HaveCount 1
        @($lines -match '^app\s+2026-11-29 08:57:47\.123\s.*1\.5x.*FAILED') | Should -HaveCount 1
    }
}
