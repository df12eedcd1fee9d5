# Backups to the Test task's s3rver as users run them: a PostgreSQL database larger than the multipart part size
# round-trips through S3, and a store that cannot list multipart uploads (s3rver answers NotImplemented) leaves
# backups and Get-DatabaseBackup -IncludeIncomplete working, with a verbose note instead of an error.
BeforeDiscovery {
    $noPg = -not $env:OPS_TEST_PG
    $noS3 = -not $env:OPS_TEST_S3_ENDPOINT
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PgTestSupport.psm1') -Force
    $manifestPath = Get-BuiltModulePath
    Import-Module $manifestPath -Force
    $root = New-TestFolder -Prefix ops-s3
    $savedEnv = if ($env:OPS_TEST_PG) { Initialize-PgTest -ConnectionString $env:OPS_TEST_PG -WorkDir $root } else { @{} }
    $s3 = @{ EndpointUrl = $env:OPS_TEST_S3_ENDPOINT; AccessKey = $env:OPS_TEST_S3_ACCESS_KEY; SecretKey = $env:OPS_TEST_S3_SECRET_KEY }

    function Split-Verbose {
        # Splits "command -Verbose 4>&1" output into the objects and the verbose messages.
        param([object[]] $Records)
        [pscustomobject]@{
            Objects = @($Records | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
            Verbose = @($Records | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        }
    }
}

AfterAll {
    Reset-PgTest $savedEnv
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A PostgreSQL backup larger than the multipart part size' -Skip:($noPg -or $noS3) {
    It 'streams up as several parts and restores into a new database with the same rows' {
        $source = New-PgName 'ops_s3big_'
        Invoke-Psql -Database postgres -Sql "CREATE DATABASE $source;" | Out-Null
        # About 7 MB of random bytes (incompressible), so the artifact spans two 5 MB parts.
        Invoke-Psql -Database $source -Sql @"
CREATE TABLE blobs(id int PRIMARY KEY, body bytea NOT NULL);
INSERT INTO blobs SELECT g, (SELECT decode(string_agg(md5(random()::text || g || s), ''), 'hex') FROM generate_series(1, 64) s) FROM generate_series(1, 7000) g;
CREATE TABLE notes(id serial PRIMARY KEY, note text);
INSERT INTO notes(note) SELECT 'note ' || g FROM generate_series(1, 500) g;
"@ | Out-Null
        $bucket = New-S3TestBucket -Prefix ops-s3-
        $partSize = 5MB

        $run = Split-Verbose (Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination "s3://$bucket/pg" -PartSize $partSize @s3 -Verbose 4>&1)

        $run.Objects | Should -HaveCount 1
        $backup = $run.Objects[0]
        $backup.BackupPath | Should -BeLike "s3://$bucket/pg/$source-*"
        $backup.Size | Should -BeGreaterThan $partSize
        $parts = [math]::Ceiling($backup.Size / $partSize)
        $parts | Should -BeGreaterOrEqual 2
        ($run.Verbose -join "`n") | Should -Match "Wrote artifact '$([regex]::Escape($backup.BackupPath))' .* as a multipart upload of $parts parts"

        $target = New-PgName 'ops_s3big_copy_'
        $restored = Get-DatabaseBackup -Location "s3://$bucket/pg" -Latest @s3 | Restore-Database -TargetConnectionString (Get-PgConnectionString $target) @s3

        $restored.Backup.BackupPath | Should -Be $backup.BackupPath
        $restored.TableCounts['public.blobs'] | Should -Be 7000
        Get-PgTableDigest $target | Should -Be (Get-PgTableDigest $source)
        Invoke-Psql -Database postgres -Sql "DROP DATABASE $target; DROP DATABASE $source;" | Out-Null
    }
}

Describe 'An S3 endpoint that stops answering in the middle of an upload' -Skip:$noS3 {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../services/TestServices.psm1') -Force
        $own = Start-OpsTestService -Kind S3
        $endpoint = "http://127.0.0.1:$($own.Port)"
        $bucket = 'ops-stall'
        curl -sS -f -X PUT -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' --aws-sigv4 'aws:amz:us-east-1:s3' --user "$($s3.AccessKey):$($s3.SecretKey)" "$endpoint/$bucket" | Out-Null
    }
    AfterAll {
        if ($own) {
            kill -CONT $own.ProcessId 2>$null
            Stop-OpsTestService -Service $own
        }
    }

    It 'fails the backup with S3RequestFailed (OperationTimeout) once a request gets no answer, instead of hanging (helper-124)' {
        # Before, no S3 request had a timeout: a stopped server held the backup (and PostgreSQL's snapshot transaction) for
        # as long as it stalled, 8 minutes in helper-124's run.
        $db = Join-Path $root 'stall.db'
        sqlite3 $db 'CREATE TABLE t(b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT randomblob(10000) FROM n;'
        $script = "Backup-Database -Path '$db' -Destination 's3://$bucket/stall' -PartSize 5MB -EndpointUrl '$endpoint' -AccessKey '$($s3.AccessKey)' -SecretKey '$($s3.SecretKey)' -ErrorAction Continue 2>&1 | ForEach-Object { if (`$_ -is [Management.Automation.ErrorRecord]) { 'ERROR ' + `$_.FullyQualifiedErrorId + ' ' + `$_.CategoryInfo.Category + ' ' + `$_.Exception.Message } }"
        $child = Start-PausedAt -Point 's3-after-part-1' -Script $script -WorkDir $root -ModulePath $manifestPath -Environment @{ OPSMODULE_S3_TIMEOUT = '3' }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try {
            kill -STOP $own.ProcessId
            Remove-Item -LiteralPath $child.Signal
            $child.Process.WaitForExit(120000) | Should -BeTrue -Because 'the stalled request ends'
        }
        finally {
            kill -CONT $own.ProcessId
        }

        $output = $child.Output.Result
        $output | Should -BeLike '*ERROR S3RequestFailed,OpsModule.Cmdlets.BackupDatabaseCommand OperationTimeout *did not answer within 3 s*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 90
        @(Get-DatabaseBackup -Location "s3://$bucket/stall" -EndpointUrl $endpoint -AccessKey $s3.AccessKey -SecretKey $s3.SecretKey) | Should -BeNullOrEmpty
    }

    It 'fails a restore with S3RequestFailed (OperationTimeout) when the body of the object stops coming (helper-126)' {
        # The SDK's timeout ends with the response's headers: a body that stopped coming had held the restore for as long
        # as the endpoint stalled.
        $db = Join-Path $root 'stall-down.db'
        sqlite3 $db 'CREATE TABLE t(b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t SELECT randomblob(10000) FROM n;'
        $backup = Backup-Database -Path $db -Destination "s3://$bucket/down" -Compression None -EndpointUrl $endpoint -AccessKey $s3.AccessKey -SecretKey $s3.SecretKey
        $target = Join-Path $root 'stall-down-restored.db'
        $script = "Restore-Database -BackupPath '$($backup.BackupPath)' -TargetPath '$target' -Force -EndpointUrl '$endpoint' -AccessKey '$($s3.AccessKey)' -SecretKey '$($s3.SecretKey)' -ErrorAction Continue 2>&1 | ForEach-Object { if (`$_ -is [Management.Automation.ErrorRecord]) { 'ERROR ' + `$_.FullyQualifiedErrorId + ' ' + `$_.CategoryInfo.Category + ' ' + `$_.Exception.Message } }"
        # A timeout in seconds with a fraction, as users write it (an integer only had been read).
        $child = Start-PausedAt -Point 'restore-staging' -Script $script -WorkDir $root -ModulePath $manifestPath -Environment @{ OPSMODULE_S3_TIMEOUT = ' 2.5 ' }
        try {
            kill -STOP $own.ProcessId
            # The pause point comes after every piece the restore reads: let each one go on.
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            while (-not $child.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
                Remove-Item -LiteralPath $child.Signal -ErrorAction SilentlyContinue
                Start-Sleep -Milliseconds 20
            }
            $child.Process.HasExited | Should -BeTrue -Because 'the stalled read ends'
        }
        finally {
            kill -CONT $own.ProcessId
        }

        $child.Output.Result | Should -BeLike '*ERROR S3RequestFailed,OpsModule.Cmdlets.RestoreDatabaseCommand OperationTimeout *did not answer within 2.5 s*'
        $target | Should -Not -Exist
    }

    It 'stops a restore at once when asked (PowerShell.Stop, as Ctrl+C) while the body of the object has stopped coming (helper-128)' {
        # Before, a stop waited for the data to come again or for the body timeout (3 minutes by default).
        $db = Join-Path $root 'stall-stop.db'
        sqlite3 $db 'CREATE TABLE t(b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t SELECT randomblob(10000) FROM n;'
        $backup = Backup-Database -Path $db -Destination "s3://$bucket/stop" -Compression None -EndpointUrl $endpoint -AccessKey $s3.AccessKey -SecretKey $s3.SecretKey
        $signal = Join-Path $root 'stall-stop.reached'
        $env:OPSMODULE_TEST_PAUSE = 'restore-staging'
        $env:OPSMODULE_TEST_PAUSE_SIGNAL = $signal
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$manifestPath'; Restore-Database -BackupPath '$($backup.BackupPath)' -TargetPath '$(Join-Path $root 'stall-stop-restored.db')' -Force -EndpointUrl '$endpoint' -AccessKey '$($s3.AccessKey)' -SecretKey '$($s3.SecretKey)'")
            $run = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path -LiteralPath $signal) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            kill -STOP $own.ProcessId
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while ($clock.Elapsed.TotalSeconds -lt 2) { Remove-Item -LiteralPath $signal -ErrorAction SilentlyContinue; Start-Sleep -Milliseconds 20 }
            $env:OPSMODULE_TEST_PAUSE = $null
            Remove-Item -LiteralPath $signal -ErrorAction SilentlyContinue
            $stopping = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopping.Elapsed.TotalSeconds | Should -BeLessThan 20
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $env:OPSMODULE_TEST_PAUSE = $null
            $env:OPSMODULE_TEST_PAUSE_SIGNAL = $null
            kill -CONT $own.ProcessId
            $shell.Dispose()
        }
        Join-Path $root 'stall-stop-restored.db' | Should -Not -Exist
    }
}

Describe 'An S3 artifact whose manifest object was never written (an interrupted backup)' -Skip:$noS3 {
    It 'is BackupIncomplete to Restore-Database and Test-DatabaseBackup -BackupPath, as in a folder, and a missing one SourceNotFound (helper-124)' {
        # Before, both said SourceNotFound ("does not exist") for an artifact that was there.
        $bucket = New-S3TestBucket -Prefix 'ops-nomanifest-'
        $body = [Text.Encoding]::UTF8.GetBytes('not a finished backup')
        $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($body)).ToLowerInvariant()
        $file = Join-Path $root 'partial.bin'
        [IO.File]::WriteAllBytes($file, $body)
        $uri = "s3://$bucket/app/app-20261120T074512123Z.db.zst"
        curl -sS -f -X PUT -H "x-amz-content-sha256: $hash" --aws-sigv4 'aws:amz:us-east-1:s3' --user "$($s3.AccessKey):$($s3.SecretKey)" --data-binary "@$file" "$($s3.EndpointUrl)/$bucket/app/app-20261120T074512123Z.db.zst" | Out-Null
        $LASTEXITCODE | Should -Be 0

        { Restore-Database -BackupPath $uri -TargetPath (Join-Path $root 'nomanifest.db') @s3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupIncomplete,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage '*has no manifest*interrupted*'
        { Test-DatabaseBackup -BackupPath $uri @s3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupIncomplete,OpsModule.Cmdlets.TestDatabaseBackupCommand'
        { Restore-Database -BackupPath "s3://$bucket/app/app-20261120T074512999Z.db.zst" -TargetPath (Join-Path $root 'nomanifest.db') @s3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SourceNotFound,OpsModule.Cmdlets.RestoreDatabaseCommand'

        # A manifest without its artifact (helper-126: the message said there was no manifest).
        $db = Join-Path $root 'artifact-lost.db'
        sqlite3 $db 'CREATE TABLE t(v); INSERT INTO t VALUES (1);'
        $real = Backup-Database -Path $db -Destination "s3://$bucket/lost" @s3
        $key = $real.BackupPath.Substring("s3://$bucket/".Length)
        curl -sS -f -X DELETE -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' --aws-sigv4 'aws:amz:us-east-1:s3' --user "$($s3.AccessKey):$($s3.SecretKey)" "$($s3.EndpointUrl)/$bucket/$key" | Out-Null
        { Test-DatabaseBackup -BackupPath $real.BackupPath @s3 -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'SourceNotFound,OpsModule.Cmdlets.TestDatabaseBackupCommand' -ExpectedMessage '*The artifact*is missing (its manifest is there)*'
        Join-Path $root 'nomanifest.db' | Should -Not -Exist
    }
}

Describe 'A PostgreSQL backup in S3 restored with its globals onto a new cluster' -Skip:($noPg -or $noS3) {
    BeforeAll {
        $fresh = Start-FreshPgCluster
        $freshCs = $fresh.Environment['OPS_TEST_PG']
    }
    AfterAll {
        if ($fresh) { Stop-OpsTestService -Service $fresh }
    }

    It 'reads the globals where the backup is stored, with the key of an encrypted one, and names S3 in its errors (helper-124)' {
        # Before, the globals were looked for in the local folder the artifact was staged in, so -IncludeGlobals never
        # restored an S3 backup, and the errors named that staging folder.
        $bucket = New-S3TestBucket -Prefix 'ops-globals-'
        $key = Join-Path $root 'globals.key'
        [IO.File]::WriteAllBytes($key, [Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $role = New-PgName 'ops_s3role_'
        $source = New-PgName 'ops_s3globals_'
        Invoke-Psql -Database postgres -Sql "CREATE ROLE $role LOGIN PASSWORD 'rolepw'; CREATE DATABASE $source OWNER $role;" | Out-Null
        Invoke-Psql -Database $source -Sql "CREATE TABLE t(a int); INSERT INTO t VALUES (1), (2), (3); ALTER TABLE t OWNER TO $role;" | Out-Null
        $backup = Backup-Database -ConnectionString (Get-PgConnectionString $source) -Destination "s3://$bucket/pg" -IncludeGlobals -EncryptionKey $key @s3 |
            Where-Object Database -eq $source
        $backup.GlobalsBackupPath | Should -BeLike "s3://$bucket/pg/*-globals-*"
        $target = $freshCs -replace 'Database=[^;]*', "Database=$source"

        $result = $backup | Restore-Database -TargetConnectionString $target -IncludeGlobals -EncryptionKey $key @s3

        $result.TableCounts['public.t'] | Should -Be 3
        $owner = Invoke-ChildPwsh -WorkDir $root -Environment @{ PGPORT = $fresh.Port; PGPASSFILE = $null; PGPASSWORD = (Get-PgSetting $freshCs)['Password'] } -Script "psql -X -At -d $source -c `"SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 't'`""
        $owner.Output.Trim() | Should -Be $role

        # A globals backup piped in by mistake is named as stored, not by its staged copy.
        { Restore-Database -BackupPath $backup.GlobalsBackupPath -TargetConnectionString ($freshCs -replace 'Database=[^;]*', 'Database=ops_globals_oops') -EncryptionKey $key -Force @s3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsupportedBackup,OpsModule.Cmdlets.RestoreDatabaseCommand' -ExpectedMessage "The backup '$($backup.GlobalsBackupPath)' holds the PostgreSQL server's roles*"
    }
}

Describe 'A store that cannot list multipart uploads (s3rver)' -Skip:$noS3 {
    It 'backs up and lists -IncludeIncomplete with a verbose note and no error' {
        $work = New-TestFolder -Prefix ops-s3mpu -SampleRows 200
        $bucket = New-S3TestBucket -Prefix ops-s3-

        $run = Split-Verbose (Backup-Database -Path (Join-Path $work 'app.db') -Destination "s3://$bucket/app" @s3 -Verbose -ErrorVariable backupErrors 4>&1)
        $listing = Split-Verbose (Get-DatabaseBackup -Location "s3://$bucket/app" -IncludeIncomplete @s3 -Verbose -ErrorVariable listErrors 4>&1)

        $backupErrors | Should -BeNullOrEmpty
        $listErrors | Should -BeNullOrEmpty
        $run.Objects | Should -HaveCount 1
        $backup = $run.Objects[0]
        $note = 'did not list its unfinished multipart uploads \(S3 answered 501 NotImplemented\)'
        ($run.Verbose -join "`n") | Should -Match $note
        ($run.Verbose -join "`n") | Should -Match 'with a single PutObject'
        ($listing.Verbose -join "`n") | Should -Match $note
        $listing.Objects | Should -HaveCount 1
        $listed = $listing.Objects[0]
        $listed.BackupPath | Should -Be $backup.BackupPath
        $listed.Complete | Should -BeTrue
        Remove-Item $work -Recurse -Force
    }
}

Describe 'Get-ServiceHealth -Location s3://' -Skip:$noS3 {
    It 'reads the newest backup and its verification through the catalog' {
        $work = New-TestFolder -Prefix ops-s3health -SampleRows 200
        $bucket = New-S3TestBucket -Prefix ops-s3-
        $location = "s3://$bucket/app"
        $empty = Get-ServiceHealth -Location $location -AgeWarning 30m -AgeCritical 1h @s3
        $null = Backup-Database -Path (Join-Path $work 'app.db') -Destination $location @s3
        Start-Sleep -Milliseconds 20
        $backup = Backup-Database -Path (Join-Path $work 'app.db') -Destination $location @s3

        $fresh = Get-ServiceHealth -Location $location -Database app -AgeWarning 30m -AgeCritical 1h @s3
        $unverified = Get-ServiceHealth -Location $location -AgeWarning 30m -AgeCritical 1h -VerifiedAgeCritical 1h @s3
        $null = $backup | Test-DatabaseBackup @s3
        $verified = Get-ServiceHealth -Location $location -AgeWarning 30m -AgeCritical 1h -VerifiedAgeCritical 1h @s3

        $empty.Status | Should -Be 'Unhealthy'
        $empty.Message | Should -Match 'no backup'
        $fresh.Status | Should -Be 'Healthy'
        $fresh.Data['Backup'] | Should -Be $backup.BackupPath
        $fresh.Data['Count'] | Should -Be 2
        $unverified.Status | Should -Be 'Unhealthy'
        $unverified.Message | Should -Match 'never verified'
        $verified.Status | Should -Be 'Healthy'
        $verified.Data['LastVerifiedResult'] | Should -BeTrue
        Remove-Item $work -Recurse -Force
    }
}

Describe 'An S3 backup with no credentials anywhere' -Skip:$noS3 {
    It 'is DestinationNotWritable (PermissionDenied) that says no credentials were found and how to give them' {
        $names = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_WEB_IDENTITY_TOKEN_FILE'
        $saved = @{}
        foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $null) }
            $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $root 'no-credentials'
            $env:AWS_CONFIG_FILE = Join-Path $root 'no-config'
            $env:AWS_EC2_METADATA_DISABLED = 'true'
            $db = Join-Path $root 'nocreds.db'
            New-SampleDatabase -Path $db -Rows 5

            Backup-Database -Path $db -Destination 's3://ops-nocreds/app' -EndpointUrl $env:OPS_TEST_S3_ENDPOINT -ErrorVariable failed -ErrorAction SilentlyContinue
            $health = Get-ServiceHealth -Bucket 'ops-nocreds' -EndpointUrl $env:OPS_TEST_S3_ENDPOINT -TimeoutSec 10
            $locationHealth = Get-ServiceHealth -Location 's3://ops-nocreds/app' -EndpointUrl $env:OPS_TEST_S3_ENDPOINT -TimeoutSec 10
        }
        finally {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }

        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'DestinationNotWritable,OpsModule.Cmdlets.BackupDatabaseCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failed[0].Exception.Message | Should -Match 'no AWS credentials were found'
        $failed[0].Exception.Message | Should -Match '-AccessKey'
        $failed[0].Exception.Message | Should -Not -Match 'Exception 1 of'
        # Before, both checks were Unhealthy (Severity Critical): the check could not run, it did not find the bucket down.
        foreach ($result in $health, $locationHealth) {
            $result.Status | Should -Be 'Unknown'
            $result.Severity | Should -Be 'Warning'
            $result.Message | Should -Match 'the check could not run: .*no AWS credentials were found'
        }
    }
}

Describe 'Get-ServiceHealth on S3 with credentials the store refuses' -Skip:$noS3 {
    It 'is Unknown (Severity Warning) for an unknown access key, and Unhealthy for a missing bucket or an endpoint that does not answer' {
        $bucket = New-S3TestBucket -Prefix ops-s3-
        $wrongKey = @{ EndpointUrl = $env:OPS_TEST_S3_ENDPOINT; AccessKey = 'NOT-A-KEY'; SecretKey = 'not-the-secret-x9' }
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $closed = "http://127.0.0.1:$($probe.LocalEndpoint.Port)"; $probe.Stop()

        $bucketDenied = Get-ServiceHealth -Bucket $bucket @wrongKey -TimeoutSec 10
        $locationDenied = Get-ServiceHealth -Location "s3://$bucket/app" @wrongKey -TimeoutSec 10
        $missing = Get-ServiceHealth -Bucket "$bucket-none" @s3 -TimeoutSec 10
        $unreachable = Get-ServiceHealth -Bucket $bucket -EndpointUrl $closed -AccessKey $s3.AccessKey -SecretKey $s3.SecretKey -TimeoutSec 10
        $unreachableLocation = Get-ServiceHealth -Location "s3://$bucket/app" -EndpointUrl $closed -AccessKey $s3.AccessKey -SecretKey $s3.SecretKey -TimeoutSec 10

        # Before, the refused key was Unhealthy (Severity Critical) for both kinds.
        foreach ($result in $bucketDenied, $locationDenied) {
            $result.Status | Should -Be 'Unknown' -Because $result.Message
            $result.Severity | Should -Be 'Warning'
            $result.Message | Should -Match 'the check could not run'
            $result.Message | Should -Not -Match 'not-the-secret-x9'
        }
        $bucketDenied.Data['StatusCode'] | Should -Be 403
        $missing.Status | Should -Be 'Unhealthy'
        $missing.Message | Should -Match 'does not exist'
        foreach ($result in $unreachable, $unreachableLocation) {
            $result.Status | Should -Be 'Unhealthy' -Because $result.Message
            $result.Severity | Should -Be 'Critical'
        }
    }
}
