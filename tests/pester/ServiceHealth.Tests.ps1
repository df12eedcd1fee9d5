# Get-ServiceHealth as users run it: the built module in pwsh, a real HTTP listener and TCP ports on 127.0.0.1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force

    function Get-FreeTcpPort {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start()
        $port = $probe.LocalEndpoint.Port
        $probe.Stop()
        $port
    }

    # An HttpListener answering the seed-style health document, served from a thread job.
    $script:httpPort = Get-FreeTcpPort
    $script:listener = [Net.HttpListener]::new()
    $script:listener.Prefixes.Add("http://127.0.0.1:$script:httpPort/")
    $script:listener.Start()
    $script:server = Start-ThreadJob -ArgumentList $script:listener -ScriptBlock {
        param($listener)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { break }
            $body = if ($context.Request.Url.AbsolutePath -eq '/broken') {
                $context.Response.StatusCode = 500; 'down'
            }
            else { '{"status":"healthy","services":{"database":"connected","cache":"connected"}}' }
            $bytes = [Text.Encoding]::UTF8.GetBytes($body)
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }
    $script:baseUri = "http://127.0.0.1:$script:httpPort"

    # A TCP port that accepts connections (the kernel completes them without Accept), and one that is closed.
    $script:tcp = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $script:tcp.Start()
    $script:openAddress = "127.0.0.1:$($script:tcp.LocalEndpoint.Port)"
    $script:closedAddress = "127.0.0.1:$(Get-FreeTcpPort)"
}

AfterAll {
    $script:listener.Stop()
    $script:server | Remove-Job -Force
    $script:tcp.Stop()
}

Describe 'Get-ServiceHealth' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-health
        Push-Location $work
    }
    AfterEach {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'says a SQLite database held by a writer''s exclusive lock is locked, and by which process, within the default timeout' {
        New-SampleDatabase -Path (Join-Path $work 'locked.db') -Rows 10 -JournalMode delete
        $holder = Start-ChildProcess -FilePath sqlite3 -ArgumentList (Join-Path $work 'locked.db') -RedirectStandardInput
        try {
            $holder.Process.StandardInput.WriteLine("BEGIN EXCLUSIVE; INSERT INTO customers(name) VALUES ('held');")
            $holder.Process.StandardInput.Flush()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            do {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'sqlite3 did not take the lock.' }
                Start-Sleep -Milliseconds 50
                $null = 'SELECT count(*) FROM customers;' | sqlite3 locked.db 2>&1
            } while ($LASTEXITCODE -eq 0)

            $result = Get-ServiceHealth -Path (Join-Path $work 'locked.db')
            # The Query check on the same file said SQLite's own "SQLite Error 5: 'database is locked'." (helper-106).
            $query = Get-ServiceHealth -Path (Join-Path $work 'locked.db') -Query 'SELECT count(*) FROM customers' -ValueCritical 1000000
        }
        finally {
            $holder.Process.StandardInput.Close()
            Stop-ChildProcess $holder
        }

        $result.Status | Should -Be 'Unhealthy'
        $result.Message | Should -Match 'is locked by sqlite3 \(PID \d+\)'
        $result.Message | Should -Not -Match 'No answer within the timeout'
        $query.Status | Should -Be 'Unhealthy'
        $query.Message | Should -Match 'the query failed: the database .* is locked by sqlite3 \(PID \d+\)'
        $query.Message | Should -Not -Match 'SQLite Error'
    }

    It 'emits one typed result per check and a Summary with the worst status' {
        $results = Get-ServiceHealth -Uri "$baseUri/health" -TcpAddress $openAddress, $closedAddress -TimeoutSec 5 -Summary

        $results | Should -HaveCount 4
        $results | ForEach-Object { $_ | Should -BeOfType ([OpsModule.HealthCheckResult]) }
        $results[-1].Name | Should -Be 'Summary'
        $results[-1].Status | Should -Be 'Unhealthy'
        $results[-1].Severity | Should -Be 'Critical'
        ($results | Where-Object Target -EQ "$baseUri/health").Status | Should -Be 'Healthy'
        ($results | Where-Object Target -EQ $closedAddress).Status | Should -Be 'Unhealthy'
        $results[0].Timestamp.Kind | Should -Be 'Utc'
    }

    It 'adds the checks given as parameters once when -Uri comes from the pipeline' {
        $objects = 1..3 | ForEach-Object { [pscustomobject]@{ Uri = "$baseUri/health?i=$_" } }

        $results = $objects | Get-ServiceHealth -TcpAddress $openAddress -Memory -Summary

        @($results | Where-Object Kind -EQ 'Http') | Should -HaveCount 3
        @($results | Where-Object Kind -EQ 'Tcp') | Should -HaveCount 1
        @($results | Where-Object Kind -EQ 'Memory') | Should -HaveCount 1
        $results[-1].Data.Checks | Should -Be 5
        (@($results | Where-Object Kind -EQ 'Http').Target | Sort-Object) | Should -Be @("$baseUri/health?i=1", "$baseUri/health?i=2", "$baseUri/health?i=3")
    }

    It 'shows the default table view' {
        $text = Get-ServiceHealth -Uri "$baseUri/health" -JsonAssertion @{ status = 'healthy'; 'services.*' = 'connected' } | Format-Table | Out-String

        $text | Should -Match 'Status\s+Kind\s+Name\s+Time\s+Tries\s+Message'
        $text | Should -Match 'Healthy\s+Http'
    }

    It 'takes thresholds as typed durations and reports Attempts after retries' {
        $result = Get-ServiceHealth -Uri "$baseUri/broken" -RetryCount 2 -RetryInterval 100ms -ResponseTimeWarning 5s

        $result.Status | Should -Be 'Unhealthy'
        $result.Attempts | Should -Be 3
        $result.Data.FailedAttempts | Should -HaveCount 2
        $result.Message | Should -Match 'status 500'
    }

    It 'runs the checks of a .psd1 definition selected by -Tag' {
        Set-Content checks.psd1 @"
@{
    Defaults = @{ TimeoutSec = 3 }
    Checks = @(
        @{ Name = 'api'; Kind = 'Http'; Uri = '$baseUri/health'; Tags = 'prod', 'api'; JsonAssertion = @{ 'services.*' = 'connected' } }
        @{ Name = 'db port'; Kind = 'Tcp'; Address = '$openAddress'; Tags = 'prod' }
        @{ Name = 'scratch'; Kind = 'Disk'; Path = '/tmp'; Tags = 'ops' }
        @{ Name = 'app log'; Kind = 'File'; Path = 'logs/*.log'; AgeCritical = '1h'; Tags = 'prod' }
    )
}
"@
        $null = New-Item -ItemType Directory logs
        Set-Content logs/app.log 'started'
        $definition = Join-Path $work checks.psd1
        Push-Location ([IO.Path]::GetTempPath())
        try {
            $results = Get-ServiceHealth -Definition $definition -Tag PROD
            $none = Get-ServiceHealth -Definition $definition -Tag nothing-has-this -Summary -WarningVariable warnings -WarningAction SilentlyContinue
        }
        finally {
            Pop-Location
        }

        ($results.Name | Sort-Object) | Should -Be @('api', 'app log', 'db port')
        $results | ForEach-Object { $_.Status | Should -Be 'Healthy' -Because $_.Message }
        ($results | Where-Object Name -EQ 'api').Tags | Should -Contain 'api'
        ($results | Where-Object Name -EQ 'app log').Data.File | Should -Be (Join-Path $work 'logs/app.log')
        $none.Name | Should -Be 'Summary'
        $none.Status | Should -Be 'Unknown'
        $warnings | Should -HaveCount 1
    }

    It 'reports a bad check in a JSON definition as Unknown and runs the rest' {
        Set-Content checks.json '{ "Checks": [ { "Name": "typo", "Kind": "Tcp", "Address": "127.0.0.1:1", "ResponseTimeWarnng": "1s" }, { "Name": "port", "Kind": "Tcp", "Address": "OPEN" } ] }'.Replace('OPEN', $openAddress)

        $results = Get-ServiceHealth -Definition checks.json

        ($results | Where-Object Name -EQ 'typo').Status | Should -Be 'Unknown'
        ($results | Where-Object Name -EQ 'typo').Message | Should -Match 'ResponseTimeWarnng'
        ($results | Where-Object Name -EQ 'port').Status | Should -Be 'Healthy'
    }

    It 'reports a definition check with a timeout beyond 3600 s as Unknown and runs the rest; -RetryInterval beyond 1 h is InvalidArgument' {
        Set-Content huge.psd1 @"
@{ Checks = @(
    @{ Name = 'fine'; Kind = 'Tcp'; Address = '$openAddress' }
    @{ Name = 'slow'; Kind = 'Tcp'; Address = '$openAddress'; TimeoutSec = 5000000 }
) }
"@
        Set-Content pause.psd1 "@{ Defaults = @{ RetryInterval = '60d' }; Checks = @( @{ Name = 'fine'; Kind = 'Tcp'; Address = '$openAddress' } ) }"

        $results = Get-ServiceHealth -Definition huge.psd1

        ($results | Where-Object Name -EQ 'fine').Status | Should -Be 'Healthy'
        ($results | Where-Object Name -EQ 'slow').Status | Should -Be 'Unknown'
        ($results | Where-Object Name -EQ 'slow').Message | Should -Be 'TimeoutSec must be from 1 to 3600 (seconds), not 5000000.'
        { Get-ServiceHealth -Definition pause.psd1 } | Should -Throw -ErrorId 'InvalidHealthDefinition,OpsModule.Cmdlets.GetServiceHealthCommand'
        { Get-ServiceHealth -TcpAddress $closedAddress -RetryCount 1 -RetryInterval 60d } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'
    }

    It 'stops with InvalidHealthDefinition for a definition that is missing or not a data file' {
        { Get-ServiceHealth -Definition missing.psd1 } | Should -Throw -ErrorId 'InvalidHealthDefinition,OpsModule.Cmdlets.GetServiceHealthCommand'
        Set-Content broken.psd1 '@{ Checks = @( Get-Process ) }'
        { Get-ServiceHealth -Definition broken.psd1 } | Should -Throw -ErrorId 'InvalidHealthDefinition,OpsModule.Cmdlets.GetServiceHealthCommand'
        Set-Content broken.json '{ "Checks": [ '
        { Get-ServiceHealth -Definition broken.json } | Should -Throw -ErrorId 'InvalidHealthDefinition,OpsModule.Cmdlets.GetServiceHealthCommand'
        # A folder is named as one (helper-118: "does not exist").
        $null = New-Item -ItemType Directory checks.d -Force
        { Get-ServiceHealth -Definition checks.d } | Should -Throw -ExpectedMessage "*'checks.d' is a folder*"
    }

    It 'stops with InvalidArgument when no check is given, and reports a bad check given as a parameter as an error for that check' {
        { Get-ServiceHealth -TimeoutSec 5 } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'

        $results = Get-ServiceHealth -TcpAddress 'no-port-here', $openAddress -ErrorVariable problems -ErrorAction SilentlyContinue

        $results.Target | Should -Be $openAddress
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'
        $problems[0].Exception.Message | Should -Match 'host:port'
    }

    It 'reports only the bad check when it was the only one given, not also "no check to run"' {
        $results = Get-ServiceHealth -TcpAddress 'no-port-here' -ErrorVariable problems -ErrorAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'
        $problems[0].Exception.Message | Should -Match 'host:port'

        Get-ServiceHealth -ConnectionString 'Host=db;Password=hunter22;Bogus Key=1' -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad | Should -HaveCount 1
        $bad[0].Exception.Message | Should -Match 'not a PostgreSQL connection string'
        $bad[0].Exception.Message | Should -Not -Match 'hunter22'
    }

    It 'names a bad check given as a parameter by what the user typed, and its thresholds by their parameter names' {
        Get-ServiceHealth -TcpAddress '127.0.0.1' -ErrorVariable tcp -ErrorAction SilentlyContinue
        Get-ServiceHealth -Uri 'https://127.0.0.1:1/health?client_secret=typed-s3cret' -CertificateWarningDays 3 -CertificateCriticalDays 10 -ErrorVariable certificate -ErrorAction SilentlyContinue
        Get-ServiceHealth -Memory -UsedPercentWarning 90 -UsedPercentCritical 80 -ErrorVariable memory -ErrorAction SilentlyContinue

        $tcp[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'
        $tcp[0].Exception.Message | Should -BeLike "Tcp check '127.0.0.1': *host:port*"
        $tcp[0].TargetObject | Should -Be '127.0.0.1'
        $certificate[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,OpsModule.Cmdlets.GetServiceHealthCommand'
        $certificate[0].Exception.Message | Should -BeLike "Http check 'https://127.0.0.1:1/health?client_secret=``*``*``*': CertificateWarningDays (3 d) must be above CertificateCriticalDays (10 d)*"
        $memory[0].Exception.Message | Should -BeLike 'Memory check: UsedPercentWarning (90 %) must be below UsedPercentCritical (80 %)*'
    }

    It 'masks the password and secret values of a -Uri that is no URI in the binding error' {
        $caught = $null
        try { Get-ServiceHealth -Uri 'http://admin:Pa55-s3cret@127.0.0.1:99999/x?token=t-s3cret' -ErrorAction Stop }
        catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        "$($caught.Exception.Message) $($caught.Exception.InnerException.Message)" | Should -Not -Match 's3cret'
        $caught.Exception.Message | Should -Match 'admin:\*\*\*@127\.0\.0\.1:99999'
        # Good URIs, one or several, bind as before.
        (Get-ServiceHealth -Uri "$baseUri/health", "$baseUri/health?page=2").Status | Should -Be @('Healthy', 'Healthy')
    }

    It 'never shows the secret of an s3://key:secret@bucket -Location in Name, Target, Message or verbose output' {
        $output = Get-ServiceHealth -Location 's3://AKIAEXAMPLE:se/cr+et@bucket/p' -EndpointUrl 'http://127.0.0.1:1' -TimeoutSec 5 -Verbose 4>&1

        $result = @($output | Where-Object { $_ -is [OpsModule.HealthCheckResult] })
        $result | Should -HaveCount 1
        $text = (@($output | ForEach-Object { if ($_ -is [OpsModule.HealthCheckResult]) { $_ | Format-List * | Out-String } else { "$_" } })) -join "`n"
        $text | Should -Not -Match 'cr\+et'
        $result[0].Target | Should -Match 's3://AKIAEXAMPLE:\*\*\*@bucket/p'
    }

    It 'masks secret-looking query parameters in results, verbose output and -ErrorOnFailure errors' {
        $uri = "$baseUri/broken?auth=q-s3cret1&client_secret=q-s3cret2&session_id=q-s3cret3&jwt=q-s3cret4&code=q-s3cret5&credential=q-s3cret6&page=2"

        $output = Get-ServiceHealth -Uri $uri -ErrorOnFailure -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose 4>&1

        $text = (@($output | ForEach-Object { if ($_ -is [OpsModule.HealthCheckResult]) { $_ | Format-List * | Out-String } else { "$_" } }) + @($failures | ForEach-Object { $_.Exception.Message; "$($_.TargetObject)" })) -join "`n"
        $failures | Should -HaveCount 1
        $text | Should -Not -Match 's3cret'
        $text | Should -Match 'client_secret=\*\*\*'
        $text | Should -Match 'page=2'
    }

    It 'keeps the reason in the -ErrorOnFailure error when the target ends with a masked value (helper-118: it ended at the mask)' {
        $result = Get-ServiceHealth -Uri "$baseUri/broken?client_secret=q-s3cret2" -ErrorOnFailure -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $message = $failures[0].Exception.Message
        $message | Should -Not -Match 's3cret'
        $message | Should -Match "client_secret=\*\*\*'\) is Unhealthy: "
        $message | Should -BeLike "*: $($result.Message)"
    }

    It 'keeps the reason in the -ErrorOnFailure error of a PostgreSQL query check whose connection string ends with its password (helper-123)' {
        $result = Get-ServiceHealth -ConnectionString 'Host=127.0.0.1;Port=1;Username=u;Password=pw-s3cret' -Query 'select now()' -TimeoutSec 5 -ErrorOnFailure -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $message = $failures[0].Exception.Message
        $message | Should -Not -Match 's3cret'
        $message | Should -BeLike "*Password=***; query: select now()') is $($result.Status): $($result.Message)"
    }

    It 'names a definition check that cannot run by its kind alone in the -ErrorOnFailure error, without an empty target' {
        Set-Content nouri.psd1 "@{ Checks = @( @{ Name = 'api'; Kind = 'Http' } ) }"

        $result = Get-ServiceHealth -Definition nouri.psd1 -ErrorOnFailure -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Status | Should -Be 'Unknown'
        $failures | Should -HaveCount 1
        $failures[0].Exception.Message | Should -BeLike "Health check 'api' (Http) is Unknown: A Http check needs 'Uri'.*"
    }

    It 'writes HealthCheckFailed errors with -ErrorOnFailure and still emits the result' {
        $result = Get-ServiceHealth -TcpAddress $closedAddress -ErrorOnFailure -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Status | Should -Be 'Unhealthy'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'HealthCheckFailed,OpsModule.Cmdlets.GetServiceHealthCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        { Get-ServiceHealth -TcpAddress $closedAddress -ErrorOnFailure -ErrorAction Stop } | Should -Throw -ErrorId 'HealthCheckFailed,OpsModule.Cmdlets.GetServiceHealthCommand'
    }

    It 'never shows a PostgreSQL password or a -Credential password, in results or verbose output' {
        $credential = [pscredential]::new('monitor', (ConvertTo-SecureString 'cred-s3cret' -AsPlainText -Force))

        $output = Get-ServiceHealth -ConnectionString "postgres://ops:uri-s3cret@$closedAddress/app", "Host=127.0.0.1;Port=$($closedAddress.Split(':')[1]);Password=kw-s3cret" -Credential $credential -TimeoutSec 5 -Verbose 4>&1

        $text = ($output | ForEach-Object { if ($_ -is [OpsModule.HealthCheckResult]) { $_ | Format-List * | Out-String } else { "$_" } }) -join "`n"
        $text | Should -Not -Match 's3cret'
        $text | Should -Match 'ops:\*\*\*@'
        ($output | Where-Object { $_ -is [OpsModule.HealthCheckResult] }) | ForEach-Object { $_.Status | Should -Be 'Unhealthy' }
    }

    It 'checks disk use against thresholds on either side of what df reports' {
        $used = [double]((df -P $work | Select-Object -Last 1) -split '\s+')[4].TrimEnd('%')

        (Get-ServiceHealth -Disk $work -UsedPercentWarning ([math]::Max(0, $used - 2)) -UsedPercentCritical 100).Status | Should -Be 'Degraded'
        (Get-ServiceHealth -Disk $work -UsedPercentWarning ([math]::Min(99, $used + 1)) -UsedPercentCritical 100).Status | Should -Be 'Healthy'
    }
}

Describe 'Get-ServiceHealth on a location and a connection string written as in other tools' {
    It 'checks backups in a PowerShell drive written name://path, as the backup cmdlets take it' {
        # helper-109: refused as 'bkd:// is not supported' while Backup-Database wrote there.
        $work = New-TestFolder -Prefix ops-health-drive -SampleRows 10
        try {
            $null = New-PSDrive -Name opsbkd -PSProvider FileSystem -Root $work
            $null = Backup-Database -Path (Join-Path $work 'app.db') -Destination opsbkd://bk

            $result = Get-ServiceHealth -Location opsbkd://bk -ErrorAction Stop

            $result.Status | Should -Be 'Healthy'
            $result.Message | Should -Match '1 backup'
        }
        finally {
            Remove-PSDrive -Name opsbkd -ErrorAction SilentlyContinue
            Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'never shows the password of libpq''s space-separated form in its message' {
        # helper-109 (also before this stop): Npgsql reads it as one host, and the message named that host.
        $result = Get-ServiceHealth -ConnectionString 'host=127.0.0.1 port=1 user=plainr password=Sekr3tLibpq dbname=postgres' -TimeoutSec 5

        $result.Status | Should -Not -Be 'Healthy'
        ($result | Out-String -Width 400) | Should -Not -Match 'Sekr3tLibpq'
        $result.Message | Should -Not -Match 'Sekr3tLibpq'
    }
}
