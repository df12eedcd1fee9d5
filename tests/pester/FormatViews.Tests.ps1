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
