# Measure-LogErrors as users run it: the built module in pwsh, real log files written by the tests.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force

    function Write-Log {
        # Writes lines exactly: the chosen line end, optionally no final newline, UTF-8 unless told otherwise.
        param([string] $Name, [string[]] $Lines, [string] $NewLine = "`n", [switch] $NoFinalNewLine, [Text.Encoding] $Encoding = [Text.UTF8Encoding]::new($false))
        $text = ($Lines -join $NewLine) + $(if ($NoFinalNewLine) { '' } else { $NewLine })
        $path = Join-Path $work $Name
        [IO.File]::WriteAllText($path, $text, $Encoding)
        return $path
    }

    function Get-LevelCounts {
        param([string[]] $LiteralPath)
        $summary = Measure-LogErrors -LiteralPath $LiteralPath -Summary
        $counts = [ordered]@{}
        foreach ($level in 'Fatal', 'Critical', 'Error', 'Warning', 'Notice', 'Info', 'Debug', 'Trace', 'Unknown') {
            if ($summary.ByLevel[$level] -gt 0) { $counts[$level] = $summary.ByLevel[$level] }
        }
        return ($counts.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ' '
    }
}

Describe 'Measure-LogErrors' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-logs
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reads a local folder named s3 given as s3//... (no S3 location check outside the backup cmdlets)' {
        $null = New-Item -ItemType Directory -Path (Join-Path $work 's3/logs')
        $null = Write-Log -Name 's3/logs/app.log' -Lines @('2026-11-27 10:00:00 ERROR x', '2026-11-27 10:00:01 INFO y')
        Push-Location $work
        try {
            $summary = Measure-LogErrors -Path 's3//logs/app.log' -Summary -Level Trace
        }
        finally {
            Pop-Location
        }

        $summary.Files | Should -Be 1
        $summary.Entries | Should -Be 2
    }

    It 'counts the levels of a <Name> log exactly' -ForEach @(
        @{ Name = 'JSON lines'; Expected = 'Fatal=1 Error=2 Warning=1 Info=1'; Lines = @(
                '{"timestamp":"2026-11-20T10:00:00Z","level":"error","service":"api","traceId":"a1","message":"db down"}'
                '{"time":"2026-11-20T10:00:01.5+01:00","lvl":"WARN","msg":"slow"}'
                '{"@t":"2026-11-20T10:00:02Z","@l":"Fatal","@mt":"crash {Code}"}'
                '{"ts":1763632803,"severity":"INFO","message":"ok"}'
                '{"timestamp":"2026-11-20T10:00:04Z","level":50,"msg":"pino error"}') }
        @{ Name = 'logfmt'; Expected = 'Error=2 Warning=1 Info=1 Debug=1'; Lines = @(
                'time=2026-11-20T10:00:00Z level=error msg="db down" code=7'
                'time=2026-11-20T10:00:01Z level=info msg=ok'
                'ts=2026-11-20T10:00:02Z lvl=warn msg="disk 91% full"'
                'ts=2026-11-20T10:00:03Z lvl=debug msg=tick'
                'ts=2026-11-20T10:00:04Z level=ERR msg="again"') }
        @{ Name = 'syslog'; Expected = 'Critical=1 Error=2 Warning=1 Info=1 Unknown=1'; Lines = @(
                '<11>1 2026-11-20T10:00:00.003Z host app 12 ID47 - disk failure on sda'
                '<10>1 2026-11-20T10:00:01Z host app 12 - [exampleSDID@32473 iut="3"] raid degraded'
                '<12>Nov 20 10:00:02 host app[1]: warn thing'
                '<14>Nov 20 10:00:03 host app[1]: hello'
                'Nov 20 10:00:04 host sshd[2]: error: PAM authentication failure'
                'Nov 20 10:00:05 host CRON[3]: (root) CMD (run-parts /etc/cron.hourly)') }
        @{ Name = 'rsyslog RFC 3339 (Debian 12, Ubuntu 24.04) and journalctl -o short-iso'; Expected = 'Error=2 Warning=1 Info=1 Unknown=2'; Lines = @(
                '-- Boot 3f1c2e0a9b8d4c7e --'
                '2026-11-20T10:00:00.123456+00:00 web01 app[123]: error: connection refused to db'
                '2026-11-20T10:00:01.123456+00:00 web01 sshd[456]: Failed password for root from 10.0.0.5 port 22 ssh2'
                '2026-11-20T10:00:02.000000+00:00 web01 kernel: [12345.678] WARNING: CPU: 0 PID: 1 at foo'
                '2026-11-20T10:00:03.000000+00:00 web01 systemd[1]: Started Daily apt upgrade and clean activities.'
                '2026-11-20T10:00:04.000000+00:00 web01 app[123]: INFO ready'
                '2026-11-20T10:00:05.000000+00:00 web01 nginx[77]: 2026/11/20 10:00:05 [error] 77#77: *1 connect() failed') }
        @{ Name = 'log4j after a line without a timestamp (a preamble)'; Expected = 'Error=1 Info=1 Unknown=1'; Lines = @(
                'Starting application v1.2'
                '2026-11-27 10:00:00,100 ERROR [main] a.B - Request failed'
                'java.lang.IllegalStateException: boom'
                '	at a.b(C.java:1)'
                'some unindented continuation'
                '2026-11-27 10:00:01,100 INFO [main] a.B - done') }
        @{ Name = 'PHP error log and PHP-FPM'; Expected = 'Fatal=1 Error=1 Warning=2 Notice=3'; Lines = @(
                '[27-Nov-2026 10:00:00 UTC] PHP Fatal error:  Uncaught Exception: boom in /var/www/html/index.php:3'
                'Stack trace:'
                '#0 {main}'
                '  thrown in /var/www/html/index.php on line 3'
                '[27-Nov-2026 10:00:01 UTC] PHP Warning:  Undefined variable $x in /var/www/html/a.php on line 5'
                '[27-Nov-2026 10:00:02 Europe/Berlin] PHP Notice:  Trying to access array offset on value of type null'
                '[27-Nov-2026 10:00:03 UTC] PHP Deprecated:  Function create_function() is deprecated'
                '[27-Nov-2026 10:00:04 UTC] PHP Parse error:  syntax error, unexpected ''}'''
                '[27-Nov-2026 10:00:05] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it'
                '[27-Nov-2026 10:00:06] NOTICE: fpm is running, pid 1') }
        @{ Name = 'Python logging'; Expected = 'Critical=1 Error=2 Warning=1 Info=1'; Lines = @(
                '2026-11-20 10:00:00,123 - app.db - INFO - started'
                '2026-11-20 10:00:01,123 - app.db - ERROR - query failed'
                'Traceback (most recent call last):'
                '  File "app.py", line 3, in <module>'
                'ValueError: boom'
                '2026-11-20 10:00:02,123 - app.db - WARNING - slow'
                'CRITICAL:root:out of memory'
                'ERROR:app.web:request failed') }
        @{ Name = 'log4j'; Expected = 'Fatal=1 Error=1 Warning=1 Info=1'; Lines = @(
                '2026-11-20 10:00:00,123 INFO  [main] com.example.App - started'
                '2026-11-20 10:00:01,123 ERROR [pool-1-thread-3] com.example.Db - query failed'
                'java.lang.IllegalStateException: boom'
                '	at com.example.Db.run(Db.java:42)'
                '	at java.base/java.lang.Thread.run(Thread.java:833)'
                'Caused by: java.io.IOException: reset'
                '	... 2 more'
                '2026-11-20 10:00:02.123 [main] WARN  c.e.Cache - miss'
                '2026-11-20 10:00:03.123 [main] FATAL c.e.App - dead') }
        @{ Name = 'Serilog and .NET console'; Expected = 'Critical=1 Error=2 Warning=1 Info=1'; Lines = @(
                '[10:00:00 INF] Started'
                '[10:00:01 ERR] Request failed'
                '2026-11-20 10:00:02.123 +00:00 [WRN] Slow'
                'fail: Microsoft.AspNetCore.Server.Kestrel[13]'
                '      Connection id "0HM" application error.'
                'crit: App.Worker[0]'
                '      Worker stopped') }
        @{ Name = 'Apache and nginx error'; Expected = 'Error=2 Warning=1 Notice=1'; Lines = @(
                '[Fri Nov 20 10:00:00.123456 2026] [core:error] [pid 12:tid 34] [client 10.0.0.9:5678] AH00037: Symbolic link not allowed'
                '[Fri Nov 20 10:00:01 2026] [mpm_event:notice] [pid 12:tid 34] AH00489: Apache configured'
                '2026/11/20 10:00:02 [error] 123#0: *45 open() "/x" failed (2: No such file or directory), client: 10.0.0.1'
                '2026/11/20 10:00:03 [warn] 123#0: *46 upstream response is buffered') }
        @{ Name = 'bare level word'; Expected = 'Error=2 Warning=1 Info=1 Unknown=1'; Lines = @(
                'ERROR something broke'
                'WARN careful'
                'INFO fine'
                '[error] also broke'
                'just a line') }
        @{ Name = 'Apache and nginx access'; Expected = 'Error=2 Warning=1 Info=1'; Lines = @(
                '10.0.0.1 - - [27/Nov/2026:10:00:02 +0000] "GET /api/orders/17 HTTP/1.1" 200 612 "-" "curl/8.0"'
                '10.0.0.2 - alice [27/Nov/2026:10:00:03 +0000] "POST /api/orders HTTP/1.1" 503 0 "-" "Mozilla/5.0 (X11; Linux)"'
                '2001:db8::1 - - [27/Nov/2026:10:00:04 +0100] "GET /missing HTTP/2.0" 404 153'
                'example.com - - [27/Nov/2026:10:00:05 +0000] "GET /a \"quoted\" b HTTP/1.1" 500 10 "-" "x"') }
        @{ Name = 'PostgreSQL'; Expected = 'Fatal=1 Error=1 Info=2'; Lines = @(
                '2026-11-27 10:00:00.123 UTC [1234] LOG:  database system is ready to accept connections'
                '2026-11-27 10:00:01.123 UTC [1240] ERROR:  duplicate key value violates unique constraint "orders_pkey"'
                '2026-11-27 10:00:01.123 UTC [1240] DETAIL:  Key (id)=(1) already exists.'
                '2026-11-27 10:00:01.123 UTC [1240] STATEMENT:  insert into orders values (1)'
                '2026-11-27 10:00:02.123 UTC [1241] FATAL:  password authentication failed for user "app"'
                '2026-11-27 10:00:03.123 UTC [1242] LOG:  checkpoint starting: time') }
        @{ Name = 'NLog'; Expected = 'Fatal=1 Error=1 Warning=1 Info=1'; Lines = @(
                '2026-11-27 10:00:00.1234|ERROR|MyApp.Services.Db|Connection to 10.0.0.5:5432 timed out'
                '2026-11-27 10:00:01.1234|INFO|MyApp.Program|Started in 12 ms'
                '2026-11-27 10:00:02.1234|WARN|MyApp.Program|Disk at 91%'
                '2026-11-27 10:00:03.1234|FATAL|MyApp.Program|Unhandled exception System.InvalidOperationException: boom'
                '   at MyApp.Program.Main()') }
        @{ Name = 'Docker json-file'; Expected = 'Error=3 Info=1'; Lines = @(
                '{"log":"2026-11-27 10:00:00,123 ERROR [main] app.db - Connection refused\n","stream":"stderr","time":"2026-11-27T10:00:00.123456789Z"}'
                '{"log":"java.lang.IllegalStateException: pool exhausted\n","stream":"stderr","time":"2026-11-27T10:00:00.123456790Z"}'
                '{"log":"\tat com.example.Pool.take(Pool.java:42)\n","stream":"stderr","time":"2026-11-27T10:00:00.123456791Z"}'
                '{"log":"{\"level\":\"error\",\"msg\":\"payment failed\"}\n","stream":"stdout","time":"2026-11-27T10:00:01Z"}'
                '{"log":"level=info msg=\"request served\"\n","stream":"stdout","time":"2026-11-27T10:00:02Z"}'
                '{"log":"error: disk full\n","stream":"stderr","time":"2026-11-27T10:00:03Z"}') }
        @{ Name = 'docker logs -t (a Java exception and a Python traceback under the runtime''s stamps)'; Expected = 'Error=2 Info=1'; Lines = @(
                '2026-11-27T10:00:00.123456789Z 2026-11-27 10:00:00,123 ERROR [main] com.example.App - Request failed'
                '2026-11-27T10:00:00.123456789Z java.lang.IllegalStateException: boom'
                '2026-11-27T10:00:00.123456789Z 	at com.example.App.run(App.java:42)'
                '2026-11-27T10:00:01.000000000Z 2026-11-27 10:00:01,000 - app.worker - ERROR - job failed'
                '2026-11-27T10:00:01.000000000Z Traceback (most recent call last):'
                '2026-11-27T10:00:01.000000000Z   File "/app/worker.py", line 3, in run'
                '2026-11-27T10:00:01.000000000Z ValueError: bad'
                '2026-11-27T10:00:02.000000000Z 2026-11-27 10:00:02,000 - app.worker - INFO - done') }
        @{ Name = 'Kubernetes CRI'; Expected = 'Error=1 Warning=1 Info=1 Unknown=1'; Lines = @(
                '2026-11-27T10:00:00.123456789Z stderr F 2026-11-27 10:00:00,123 ERROR [main] app.db - Connection refused'
                '2026-11-27T10:00:00.123456790Z stderr F 	at com.example.Pool.take(Pool.java:42)'
                '2026-11-27T10:00:01.5Z stdout F level=info msg="request served" duration_ms=12'
                '2026-11-27T10:00:02Z stdout F WARN cache cold'
                '2026-11-27T10:00:03Z stdout F plain text without a level') }
    ) {
        $lf = Write-Log -Name 'lf.log' -Lines $Lines
        $crlf = Write-Log -Name 'crlf.log' -Lines $Lines -NewLine "`r`n" -NoFinalNewLine
        $gz = Join-Path $work 'lf.log.1.gz'
        $out = [IO.Compression.GZipStream]::new([IO.File]::Create($gz), [IO.Compression.CompressionMode]::Compress)
        $bytes = [IO.File]::ReadAllBytes($crlf)
        $out.Write($bytes, 0, $bytes.Length)
        $out.Dispose()

        # Lines that end with CR alone (classic Mac OS, some serial-console captures).
        $cr = Write-Log -Name 'cr.log' -Lines $Lines -NewLine "`r"

        Get-LevelCounts $lf | Should -Be $Expected
        Get-LevelCounts $crlf | Should -Be $Expected
        Get-LevelCounts $gz | Should -Be $Expected
        Get-LevelCounts $cr | Should -Be $Expected
        (Measure-LogErrors -LiteralPath $cr -Summary).Lines | Should -Be $Lines.Count
    }

    It 'reads CR alone as a line end only where the first MiB has no LF (a progress bar in a long first line of a CR LF log stays in its line)' {
        $long = 'x' * 5000
        $items = 0..29 | ForEach-Object { "2026-11-20 10:00:{0:00} {1} [main] a.B - item {2}" -f $_, $(if ($_ % 3 -eq 0) { 'ERROR' } else { 'INFO' }), $_ }
        $progress = Write-Log -Name 'progress.log' -Lines (@("2026-11-20 09:59:59 INFO [main] a.B - progress 10%`r20%`r30% $long") + $items) -NewLine "`r`n"
        $crLong = Write-Log -Name 'cr-long.log' -Lines (@("2026-11-20 09:59:59 INFO [main] a.B - start $long") + $items) -NewLine "`r"
        $crTwo = Write-Log -Name 'cr-two.log' -Lines '2026-11-20 10:00:00 ERROR [main] a.B - a', '2026-11-20 10:00:01 ERROR [main] a.B - b' -NewLine "`r" -NoFinalNewLine

        $summary = Measure-LogErrors -LiteralPath $progress -Summary
        $summary.Lines | Should -Be 31
        $summary.Errors | Should -Be 10
        (Measure-LogErrors -LiteralPath $progress -Entries | Select-Object -First 3).LineNumber | Should -Be @(2, 5, 8)
        (Measure-LogErrors -LiteralPath $crLong -Summary).Lines | Should -Be 31
        (Measure-LogErrors -LiteralPath $crLong -Summary).Errors | Should -Be 10
        (Measure-LogErrors -LiteralPath $crTwo -Summary).Errors | Should -Be 2
    }

    It 'reads UTF-16 with a BOM and UTF-8 with a BOM' {
        $lines = '2026-11-20 10:00:00 ERROR [main] a.B - Fehler: Überlauf', '2026-11-20 10:00:01 INFO [main] a.B - ok'
        $utf16 = Write-Log -Name 'u16.log' -Lines $lines -Encoding ([Text.UnicodeEncoding]::new($false, $true)) -NewLine "`r`n"
        $utf8 = Write-Log -Name 'u8.log' -Lines $lines -Encoding ([Text.UTF8Encoding]::new($true))

        Get-LevelCounts $utf16 | Should -Be 'Error=1 Info=1'
        Get-LevelCounts $utf8 | Should -Be 'Error=1 Info=1'
        (Measure-LogErrors -LiteralPath $utf16).Sample | Should -Be 'Fehler: Überlauf'
    }

    It 'keeps a stack trace with its entry: counted once, its lines in the entry message' {
        $log = Write-Log -Name 'java.log' -Lines @(
            '2026-11-20 10:00:01,123 ERROR [main] com.example.Db - query failed'
            'java.lang.IllegalStateException: boom'
            '	at com.example.Db.run(Db.java:42)'
            '2026-11-20 10:00:02,123 INFO [main] com.example.Db - recovered')

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries)

        $entries.Count | Should -Be 1
        $entries[0].LineNumber | Should -Be 1
        $entries[0].Message | Should -Be "query failed`njava.lang.IllegalStateException: boom`n`tat com.example.Db.run(Db.java:42)"
        $entries[0].Timestamp | Should -Be ([datetime]::new(2026, 11, 20, 10, 0, 1, 123, [DateTimeKind]::Utc))
    }

    It 'groups messages that differ only in their variables, and keeps different messages apart' {
        $lines = foreach ($i in 1..40) {
            '2026-11-20T10:{0:d2}:00Z ERROR Connection to 10.0.{1}.{2}:5432 timed out after {3} ms' -f ($i % 60), ($i % 7), $i, (1000 + $i * 37)
        }
        $lines += '2026-11-20T11:00:00Z ERROR VM started', '2026-11-20T11:00:01Z ERROR VM started', '2026-11-20T11:00:02Z ERROR VM paused'
        # A word that varies like a value (three or more user names) is folded; two different words stay two templates.
        $lines += '2026-11-20T11:00:03Z ERROR Upload of 12MB for user alice failed after 3.5s', '2026-11-20T11:00:04Z ERROR Upload of 7MB for user bob failed after 0.4s'
        $lines += '2026-11-20T11:00:05Z ERROR Upload of 1MB for user carol failed after 2s'
        $log = Write-Log -Name 'app.log' -Lines $lines

        $patterns = @(Measure-LogErrors -LiteralPath $log -TimeZone UTC)

        $patterns.Template | Should -Be @('Connection to <*> timed out after <*> ms', 'Upload of <*> for user <*> failed after <*>', 'VM started', 'VM paused')
        ($patterns | ForEach-Object Count) | Should -Be @(40, 3, 2, 1)
        $patterns[0].Sample | Should -Be 'Connection to 10.0.1.1:5432 timed out after 1037 ms'
        $patterns[0].FirstSeen | Should -Be ([datetime]::new(2026, 11, 20, 10, 1, 0, [DateTimeKind]::Utc))
        $patterns[0].LastSeen.Kind | Should -Be 'Utc'
        @(Measure-LogErrors -LiteralPath $log -Top 2).Count | Should -Be 2

        $entries = Measure-LogErrors -LiteralPath $log -Entries
        ($entries | Where-Object TemplateId -eq $patterns[2].TemplateId).Message | Should -Be @('VM started', 'VM started')
    }

    It 'joins messages that differ in a word, not only in numbers (Drain), and keeps short different ones apart' {
        $log = Write-Log -Name 'auth.log' -Lines @(
            '2026-11-20T10:00:00Z ERROR User alice logged in from a blocked network'
            '2026-11-20T10:00:01Z ERROR User bob logged in from a blocked network'
            '2026-11-20T10:00:02Z ERROR User carol logged in from a blocked network'
            '2026-11-20T10:00:03Z ERROR Disk quota exceeded for tenant'
            '2026-11-20T10:00:04Z ERROR Disk controller reset by kernel')

        $patterns = @(Measure-LogErrors -LiteralPath $log -TimeZone UTC)

        $patterns.Template | Should -Be @('User <*> logged in from a blocked network', 'Disk controller reset by kernel', 'Disk quota exceeded for tenant')
        ($patterns | ForEach-Object Count) | Should -Be @(3, 1, 1)
    }

    It 'joins short messages whose differing token holds digits, and keeps short word messages apart' {
        $log = Write-Log -Name 'node.log' -Lines @(
            '2026-11-20T10:00:00Z ERROR generating core.5381'
            '2026-11-20T10:00:01Z ERROR generating core.2299'
            '2026-11-20T10:00:02Z ERROR generating core.17'
            '2026-11-20T10:00:03Z ERROR link eth0 down'
            '2026-11-20T10:00:04Z ERROR link eth1 down'
            '2026-11-20T10:00:05Z ERROR VM started'
            '2026-11-20T10:00:06Z ERROR VM paused')

        $patterns = @(Measure-LogErrors -LiteralPath $log -TimeZone UTC)

        $patterns.Template | Should -Be @('generating <*>', 'link <*> down', 'VM paused', 'VM started')
        ($patterns | ForEach-Object Count) | Should -Be @(3, 2, 1, 1)
    }

    It 'gives the same templates and ids whatever the file order and the number of threads' {
        $a = Write-Log -Name 'a.log' -Lines (1..30 | ForEach-Object { "2026-11-20 10:00:{0:d2} ERROR worker-{1} failed job {2} after {3} retries" -f $_, ($_ % 3), (9000 + $_), ($_ % 5) })
        $b = Write-Log -Name 'b.log' -Lines ((1..30 | ForEach-Object { "2026-11-20 11:00:{0:d2} ERROR worker-{1} failed job {2} after {3} retries" -f $_, ($_ % 4), (7000 + $_), ($_ % 2) }) + (1..5 | ForEach-Object { "2026-11-20 12:00:0$_ ERROR cache node $_ unreachable" }))

        $one = Measure-LogErrors -LiteralPath $a, $b -ThrottleLimit 1 | ForEach-Object { "$($_.TemplateId) $($_.Count) $($_.Template)" }
        $two = Measure-LogErrors -LiteralPath $b, $a -ThrottleLimit 2 | ForEach-Object { "$($_.TemplateId) $($_.Count) $($_.Template)" }

        $one.Count | Should -Be 2
        $two | Should -Be $one
    }

    It 'counts only the last day of a week-long log with -Since and a fixed -TimeZone' {
        $zone = [TimeZoneInfo]::FindSystemTimeZoneById('Asia/Tokyo')
        $now = [datetime]::UtcNow
        # One entry every hour, each half an hour off the hour: none within a minute of the cutoff.
        $lines = foreach ($k in 167..0) {
            $local = [TimeZoneInfo]::ConvertTimeFromUtc($now.AddMinutes(-(60 * $k + 30)), $zone)
            '{0:yyyy-MM-dd HH:mm:ss} ERROR [main] a.B - tick {1}' -f $local, $k
        }
        $log = Write-Log -Name 'week.log' -Lines $lines

        $summary = Measure-LogErrors -LiteralPath $log -Summary -Since (Get-Date).AddHours(-24) -TimeZone 'Asia/Tokyo'

        $summary.Entries | Should -Be 24
        $summary.Lines | Should -Be 168
        (Measure-LogErrors -LiteralPath $log -Summary -TimeZone 'Asia/Tokyo').Entries | Should -Be 168
        # As journalctl --since: a span ago, and 'today' / 'yesterday' (local midnight).
        (Measure-LogErrors -LiteralPath $log -Summary -Since '24h' -TimeZone 'Asia/Tokyo').Entries | Should -Be 24
        (Measure-LogErrors -LiteralPath $log -Summary -Since '2d' -Until '1d' -TimeZone 'Asia/Tokyo').Entries | Should -Be 24
        $sinceYesterday = @($lines | Where-Object { [datetime]::ParseExact($_.Substring(0, 19), 'yyyy-MM-dd HH:mm:ss', $null) -ge [TimeZoneInfo]::ConvertTime([datetime]::Today.AddDays(-1), $zone) }).Count
        (Measure-LogErrors -LiteralPath $log -Summary -Since yesterday -TimeZone 'Asia/Tokyo').Entries | Should -Be $sinceYesterday
        $sinceToday = @($lines | Where-Object { [datetime]::ParseExact($_.Substring(0, 19), 'yyyy-MM-dd HH:mm:ss', $null) -ge [TimeZoneInfo]::ConvertTime([datetime]::Today, $zone) }).Count
        (Measure-LogErrors -LiteralPath $log -Summary -Since today -TimeZone 'Asia/Tokyo').Entries | Should -Be $sinceToday
        (Measure-LogErrors -LiteralPath $log -Summary -Since yesterday -Until today -TimeZone 'Asia/Tokyo').Entries | Should -Be ($sinceYesterday - $sinceToday)
        # A whole file as one string (Get-Content -Raw) has as many lines as the file.
        (Get-Content -LiteralPath $log -Raw | Measure-LogErrors -Summary -TimeZone 'Asia/Tokyo').Lines | Should -Be 168
    }

    It 'counts journald JSON from the pipeline by PRIORITY' {
        $lines = @(
            '{"__REALTIME_TIMESTAMP":"1763632800000000","PRIORITY":"3","_SYSTEMD_UNIT":"app.service","MESSAGE":"Failed to start"}'
            '{"__REALTIME_TIMESTAMP":"1763632801000000","PRIORITY":"6","MESSAGE":"Started"}'
            '{"__REALTIME_TIMESTAMP":"1763632802000000","PRIORITY":"2","MESSAGE":"Kernel oops"}'
            '{"__REALTIME_TIMESTAMP":"1763632803000000","PRIORITY":"4","MESSAGE":"Degraded"}'
            '{"__REALTIME_TIMESTAMP":"1763632804000000","PRIORITY":"3","MESSAGE":"Failed to start"}')

        $summary = $lines | Measure-LogErrors -Summary

        $summary.ByLevel['Error'] | Should -Be 2
        $summary.ByLevel['Critical'] | Should -Be 1
        $summary.ByLevel['Warning'] | Should -Be 1
        $summary.ByLevel['Info'] | Should -Be 1
        $summary.FirstTimestamp | Should -Be ([DateTime]::UnixEpoch.AddSeconds(1763632800))
        $summary.Files | Should -Be 0
        ($lines | Measure-LogErrors)[0].Count | Should -Be 2
    }

    It 'counts objects shaped like Get-WinEvent output by property name' {
        $t = [datetime]::new(2026, 11, 20, 10, 0, 0, [DateTimeKind]::Utc)
        $events = @(
            [pscustomobject]@{ Message = 'The service crashed'; Level = [byte]1; LevelDisplayName = 'Critical'; TimeCreated = $t }
            [pscustomobject]@{ Message = 'Disk 3 has a bad block'; Level = [byte]2; LevelDisplayName = 'Error'; TimeCreated = $t.AddMinutes(1) }
            [pscustomobject]@{ Message = 'Disk 5 has a bad block'; Level = [byte]2; TimeCreated = $t.AddMinutes(2) }
            [pscustomobject]@{ Message = 'Low memory'; Level = [byte]3; LevelDisplayName = 'Warning'; Timestamp = $t.AddMinutes(3) }
            [pscustomobject]@{ Message = 'Started'; Level = [byte]4; LevelDisplayName = 'Information'; TimeCreated = $t.AddMinutes(4) })

        $summary = $events | Measure-LogErrors -Summary
        $patterns = $events | Measure-LogErrors

        "$($summary.ByLevel['Critical']) $($summary.ByLevel['Error']) $($summary.ByLevel['Warning']) $($summary.ByLevel['Info'])" | Should -Be '1 2 1 1'
        $summary.LastTimestamp | Should -Be $t.AddMinutes(4)
        $patterns.Template | Should -Be @('Disk <*> has a bad block', 'The service crashed')
    }

    It 'reads hashtables with Message and Level keys like objects with those properties' {
        $t = [datetime]::new(2026, 11, 20, 10, 0, 0, [DateTimeKind]::Utc)
        $records = @(
            @{ Message = 'Disk 3 has a bad block'; Level = 'Error'; TimeCreated = $t }
            [ordered]@{ message = 'Disk 5 has a bad block'; level = 'error'; timestamp = $t.AddMinutes(1) }
            @{ Message = 'Started'; Level = 'Information' }
            @{ Text = 'no message key' })

        $summary = $records | Measure-LogErrors -Summary -ErrorVariable refused -ErrorAction SilentlyContinue
        $patterns = @($records | Measure-LogErrors -ErrorAction SilentlyContinue)

        # A hashtable without a Message key is no entry: refused, not counted as the line 'System.Collections.Hashtable'.
        "$($summary.ByLevel['Error']) $($summary.ByLevel['Info']) $($summary.ByLevel['Unknown'])" | Should -Be '2 1 0'
        $refused.FullyQualifiedErrorId | Should -Be 'UnsupportedLogInput,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        $summary.LastTimestamp | Should -Be $t.AddMinutes(1)
        $patterns.Template | Should -Be @('Disk <*> has a bad block')
        $patterns[0].Count | Should -Be 2
    }

    It 'reports a FIFO and a link to one (nginx''s image links its logs to /dev/stdout) given by <Case> as LogFileUnreadable and counts the other files' -Skip:(-not $IsLinux) -ForEach @(
        @{ Case = 'a wildcard'; Call = 'Measure-LogErrors -Path (Join-Path $pwd ''*.log'') -Summary' }
        @{ Case = '-LiteralPath'; Call = 'Measure-LogErrors -LiteralPath good.log, pipe.log, access.log -Summary' }
        @{ Case = 'the pipeline'; Call = 'Get-ChildItem -Filter *.log | Measure-LogErrors -Summary' }
    ) {
        # The build before waited forever for a writer (or, on a link to a pipe with a writer, stopped the whole call with
        # NotSupportedException): a child pwsh with a time limit, so such a build fails the test instead of hanging the suite.
        $null = Write-Log -Name 'good.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 ERROR a.B - two')
        & mkfifo (Join-Path $work 'pipe.log') (Join-Path $work 'stdout.fifo')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work 'access.log') -Target (Join-Path $work 'stdout.fifo')
        $modulePath = Get-BuiltModulePath
        $script = "Import-Module '$modulePath'`n`$s = $Call -ErrorVariable failures -ErrorAction SilentlyContinue`n" +
            "'FILES ' + `$s.Files + ' ERRORS ' + `$s.Errors`n`$failures | ForEach-Object { 'FAILED ' + `$_.FullyQualifiedErrorId + ' ' + `$_.TargetObject + ' ' + `$_.Exception.Message }"

        $result = Invoke-ChildPwsh -WorkDir $work -TimeoutSeconds 60 -Script $script

        $output = $result.Output | Out-String
        $output | Should -Match 'FILES 1 ERRORS 2'
        $failed = @($result.Output -split "`r?`n" | Where-Object { $_ -like 'FAILED *' } | Sort-Object)
        $failed.Count | Should -Be 2
        $failed[0] | Should -BeLike "FAILED LogFileUnreadable,OpsModule.Cmdlets.MeasureLogErrorsCommand $(Join-Path $work 'access.log') *FIFO (named pipe) (through the link to '*stdout.fifo')*"
        $failed[1] | Should -BeLike "FAILED LogFileUnreadable,OpsModule.Cmdlets.MeasureLogErrorsCommand $(Join-Path $work 'pipe.log') *FIFO (named pipe), not a file with an end*"
    }

    It 'reads a log linked to /dev/null (switched off) as an empty file, not as a device' -Skip:(-not $IsLinux) {
        # helper-109: the FIFO and device refusal took /dev/null for a device, an error that stopped scans under -ErrorAction Stop.
        $good = Write-Log -Name 'good.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work 'debug.log') -Target '/dev/null'

        $summary = Measure-LogErrors -Path (Join-Path $work '*.log') -Summary -ErrorAction Stop -WarningVariable warned -WarningAction SilentlyContinue

        "$($summary.Files) $($summary.Errors)" | Should -Be '2 1'
        @($warned | Where-Object { "$_" -like '*debug.log* is empty*' }) | Should -HaveCount 1
    }

    It 'reports a binary file, a 50 MB line and invalid UTF-8, and still counts the other files exactly' {
        $good = Write-Log -Name 'good.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 WARN a.B - two', '2026-11-20 10:00:02 ERROR a.B - three')
        $binary = Join-Path $work 'core.bin'
        [IO.File]::WriteAllBytes($binary, [byte[]](0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 0, 0))
        $huge = Join-Path $work 'huge.log'
        $bytes = [byte[]]::new(50MB + 20)
        [Array]::Fill($bytes, [byte][char]'x')
        [Text.Encoding]::ASCII.GetBytes('ERROR ').CopyTo($bytes, 0)
        $bytes[-1] = 10
        $tail = [Text.Encoding]::ASCII.GetBytes("ERROR after the long line`n")
        $stream = [IO.File]::Create($huge); $stream.Write($bytes, 0, $bytes.Length); $stream.Write($tail, 0, $tail.Length); $stream.Dispose()
        $invalid = Join-Path $work 'latin1.log'
        [IO.File]::WriteAllBytes($invalid, [byte[]](0x45, 0x52, 0x52, 0x4F, 0x52, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A, 0x49, 0x4E, 0x46, 0x4F, 0x20, 0x6F, 0x6B, 0x0A))
        $empty = Join-Path $work 'empty.log'
        $null = New-Item -ItemType File -Path $empty

        $summary = Measure-LogErrors -LiteralPath $good, $binary, $huge, $invalid, $empty -Summary -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'LogFileIsBinary,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        $failures[0].TargetObject | Should -Be $binary
        ($warnings | Where-Object { $_ -like "*huge.log*longer than 1 MiB*" }).Count | Should -Be 1
        ($warnings | Where-Object { $_ -like "*latin1.log*not valid UTF-8*" }).Count | Should -Be 1
        ($warnings | Where-Object { $_ -like "*empty.log*empty*" }).Count | Should -Be 1
        $summary.Files | Should -Be 4
        $summary.ByLevel['Error'] | Should -Be (2 + 2 + 1)
        $summary.ByLevel['Warning'] | Should -Be 1
        $summary.ByLevel['Info'] | Should -Be 1
        (Get-LevelCounts $good) | Should -Be 'Error=2 Warning=1'
    }

    It 'names the compression of a rotated log it cannot read (xz, bzip2, zstd, zip) and still counts the other files' {
        $good = Write-Log -Name 'app.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 WARN a.B - two')
        $compressed = [ordered]@{
            'app.log.2.xz'  = [byte[]](0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04, 0xE6, 0xD6, 0xB4, 0x46)
            'app.log.3.bz2' = [byte[]](0x42, 0x5A, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)
            'app.log.4.zst' = [byte[]](0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x05, 0x29, 0x00, 0x00, 0x68)
            'app.log.5.zip' = [byte[]](0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00)
        }
        $paths = foreach ($name in $compressed.Keys) { $path = Join-Path $work $name; [IO.File]::WriteAllBytes($path, $compressed[$name]); $path }

        $summary = Measure-LogErrors -LiteralPath (@($good) + $paths) -Summary -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 4
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'LogFileIsBinary,OpsModule.Cmdlets.MeasureLogErrorsCommand' }
        $failures.Exception.Message | Should -Be @(
            "'$($paths[0])' is compressed with xz, which Measure-LogErrors does not read (only gzip); it was skipped. Decompress it first (xz -d)."
            "'$($paths[1])' is compressed with bzip2, which Measure-LogErrors does not read (only gzip); it was skipped. Decompress it first (bunzip2)."
            "'$($paths[2])' is compressed with zstd, which Measure-LogErrors does not read (only gzip); it was skipped. Decompress it first (zstd -d)."
            "'$($paths[3])' is compressed with zip, which Measure-LogErrors does not read (only gzip); it was skipped. Decompress it first (Expand-Archive).")
        $summary.Files | Should -Be 1
        $summary.ByLevel['Error'] | Should -Be 1
    }

    It 'places times of day without a date on the file''s day, and warns when they go back into another day' {
        $oneDay = Write-Log -Name 'console.log' -Lines @('09:00:00.120 [main] INFO  com.example.App - Started', '10:15:00.500 [main] ERROR com.example.App - Connection refused')
        $twoDays = Write-Log -Name 'console-2.log' -Lines @('23:58:00.000 [main] INFO  com.example.App - Started', '23:59:30.000 [main] ERROR com.example.App - Disk full', '00:00:10.000 [main] ERROR com.example.App - Disk full')
        $written = [datetime]::new(2026, 11, 27, 12, 0, 0, [DateTimeKind]::Utc)
        (Get-Item $oneDay).LastWriteTimeUtc = $written
        (Get-Item $twoDays).LastWriteTimeUtc = $written

        $summary = Measure-LogErrors -LiteralPath $oneDay -Summary -TimeZone UTC -WarningVariable quiet -WarningAction SilentlyContinue
        $quiet | Should -BeNullOrEmpty
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 9, 0, 0, 120, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 15, 0, 500, [DateTimeKind]::Utc))
        Get-LevelCounts $oneDay | Should -Be 'Error=1 Info=1'

        $null = Measure-LogErrors -LiteralPath $twoDays -Summary -TimeZone UTC -WarningVariable warned -WarningAction SilentlyContinue
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "*console-2.log*at line 3 the time goes back into another day*"
    }

    It 'reads stamps at the edges of the calendar without stopping: the UTC instant is clamped' {
        $edges = Write-Log -Name 'edges.log' -Lines @(
            '9999-12-31T23:59:59-05:00 ERROR iso max neg'
            '0001-01-01T00:00:00+05:00 ERROR iso underflow'
            '10.0.0.1 - - [31/Dec/9999:23:59:59 -0500] "GET / HTTP/1.1" 500 1'
            '<11>1 9999-12-31T23:59:59-05:00 host app 1 - - rfc5424 overflow'
            '{"level":"error","msg":"json","time":"0001-01-01T00:00:00+01:00"}'
            '{"log":"msg=x\n","stream":"stderr","time":"9999-12-31T23:59:59-05:00"}')
        $good = Write-Log -Name 'good.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one')

        $summary = Measure-LogErrors -LiteralPath $edges, $good -Summary
        $summary.Files | Should -Be 2
        $summary.Entries | Should -Be 7
        $summary.ByLevel['Error'] | Should -Be 6
        $summary.LastTimestamp | Should -Be ([datetime]::MaxValue)
        $summary.FirstTimestamp | Should -Be ([datetime]::MinValue)
    }

    It 'joins the line inside a container record to the entry above, not the record' {
        $log = Write-Log -Name 'container.log' -Lines @(
            '{"log":"fail: MyApp.Worker[0]\n","stream":"stdout","time":"2026-11-27T10:00:08Z"}'
            '{"log":"      the message on the next line\n","stream":"stdout","time":"2026-11-27T10:00:08Z"}'
            '2026-11-27T10:00:09Z stderr F 2026-11-27 10:00:09,123 ERROR [main] app.db - Connection refused'
            '2026-11-27T10:00:09Z stderr F 	at com.example.Pool.take(Pool.java:42)')

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries)
        $entries.Message | Should -Be @('the message on the next line', "Connection refused`n`tat com.example.Pool.take(Pool.java:42)")
    }

    It 'starts an entry at the record''s time for an indented first line of a container log (<Name>)' -ForEach @(
        @{ Name = 'Docker json-file'; Time = '2026-11-27T10:00:00.0000000Z'; Lines = @(
                '{"log":" * Serving Flask app\n","stream":"stdout","time":"2026-11-27T10:00:00.000000000Z"}'
                '{"log":" * Debug mode: off\n","stream":"stdout","time":"2026-11-27T10:00:01.000000000Z"}'
                '{"log":"ERROR boom\n","stream":"stderr","time":"2026-11-27T10:00:02.000000000Z"}') }
        @{ Name = 'CRI'; Time = '2026-11-27T10:00:00.1000000Z'; Lines = @(
                '2026-11-27T10:00:00.1Z stdout F  * Serving Flask app'
                '2026-11-27T10:00:01.1Z stdout F  * Debug mode: off'
                '2026-11-27T10:00:02.1Z stderr F ERROR boom') }
    ) {
        $log = Write-Log -Name 'flask.log' -Lines $Lines

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Unknown)
        "$($entries.LineNumber)" | Should -Be '1 3'
        $entries[0].Timestamp.ToString('o') | Should -Be $Time
        (Measure-LogErrors -LiteralPath $log -Summary -Level Unknown -Since ([datetime]::new(2026, 11, 27, 9, 0, 0, [DateTimeKind]::Utc))).Entries | Should -Be 2
    }

    It 'reads docker compose logs and kubectl logs --prefix output: the label before each line is skipped' {
        $lines = @(
            'web-1     | 2026-11-27 10:00:00,123 ERROR [main] app.Db - Connection to 10.0.0.5:5432 timed out after 3000 ms'
            'web-1     |   at java.base/java.net.Socket.connect(Socket.java:633)'
            'db-1      | 2026-11-27 10:00:01.001 UTC [27] LOG:  checkpoint starting: time'
            'worker-1  | {"time":"2026-11-27T10:00:02Z","level":"warn","msg":"retrying job 7"}'
            '[pod/api-7d9f4/api] 2026-11-27T10:00:03Z ERROR Connection to 10.0.0.6:5432 timed out after 2000 ms'
            '[pod/api-7d9f4/api] Caused by: java.io.IOException: reset')
        $log = Write-Log -Name 'compose.log' -Lines $lines

        $summary = Measure-LogErrors -LiteralPath $log -Summary -TimeZone UTC
        $summary.Entries | Should -Be 4
        $summary.ByLevel['Error'] | Should -Be 2
        $summary.ByLevel['Warning'] | Should -Be 1
        $summary.ByLevel['Info'] | Should -Be 1
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 0, 123, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 3, [DateTimeKind]::Utc))

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -TimeZone UTC)
        $entries.Message | Should -Be @("Connection to 10.0.0.5:5432 timed out after 3000 ms`n  at java.base/java.net.Socket.connect(Socket.java:633)", "Connection to 10.0.0.6:5432 timed out after 2000 ms`nCaused by: java.io.IOException: reset")
        @($entries.TemplateId | Select-Object -Unique).Count | Should -Be 1
    }

    It 'reads grep -H -A output: context lines join their entry without the file label, and -- is skipped' {
        $log = Write-Log -Name 'grep-out.txt' -Lines @(
            '/var/log/app/a.log:2026-11-27 10:00:00,123 ERROR [main] com.example.App - Request failed'
            '/var/log/app/a.log-java.lang.IllegalStateException: boom'
            '/var/log/app/a.log-	at com.example.App.run(App.java:42)'
            '--'
            'logs/b.log.1:120:2026-11-27 10:00:05,000 ERROR [main] com.example.App - second'
            'logs/b.log.1-121-	at com.example.App.run(App.java:42)')

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -TimeZone UTC)
        $entries.Count | Should -Be 2
        $entries.Message | Should -Be @("Request failed`njava.lang.IllegalStateException: boom`n`tat com.example.App.run(App.java:42)", "second`n`tat com.example.App.run(App.java:42)")
        (Measure-LogErrors -LiteralPath $log -Summary).Entries | Should -Be 2
    }

    It 'reads kubelet (klog), Ruby Logger and docker logs -t lines, placing klog''s year-less stamps before the file''s time' {
        $klog = Write-Log -Name 'kubelet.log' -Lines @(
            'Log file created at: 2026/12/31 23:59:50'
            'Running on machine: node-1'
            'Binary: Built with gc go1.21.0 for linux/amd64'
            'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg'
            'E1231 23:59:58.000001   2101 reflector.go:138] failed to list *v1.Pod: connection refused'
            'I0101 00:00:01.500000   2101 server.go:42] Started kubelet'
            'W0101 00:00:02.000000   2101 warnings.go:70] v1beta1 deprecated')
        (Get-Item $klog).LastWriteTimeUtc = [datetime]::new(2027, 1, 1, 0, 5, 0, [DateTimeKind]::Utc)
        $ruby = Write-Log -Name 'production.log' -Lines @(
            'E, [2026-11-27T10:00:00.123456 #12345] ERROR -- : Connection refused'
            'I, [2026-11-27T10:00:01.000000 #12345]  INFO -- : Completed 200 OK')
        $docker = Write-Log -Name 'docker-t.log' -Lines @(
            '2026-11-27T10:00:02.000000000Z 2026-11-27 10:00:02,000 ERROR [main] app.Db - Connection refused'
            '2026-11-27T10:00:02.000000000Z 	at com.example.Pool.take(Pool.java:42)'
            '2026-11-27T10:00:03.000000000Z level=warn msg="slow query"')

        $entries = @(Measure-LogErrors -LiteralPath $klog, $ruby, $docker -Level Unknown -Entries -TimeZone UTC)
        $entries.Level | Should -Be @('Error', 'Info', 'Warning', 'Error', 'Info', 'Error', 'Warning')
        $entries[0].Timestamp | Should -Be ([datetime]::new(2026, 12, 31, 23, 59, 58, [DateTimeKind]::Utc).AddTicks(10))
        $entries[1].Timestamp | Should -Be ([datetime]::new(2027, 1, 1, 0, 0, 1, 500, [DateTimeKind]::Utc))
        $entries[3].Timestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 0, 123, [DateTimeKind]::Utc).AddTicks(4560))
        $entries.Message | Should -Be @('failed to list *v1.Pod: connection refused', 'Started kubelet', 'v1beta1 deprecated', 'Connection refused', 'Completed 200 OK', "Connection refused`n`tat com.example.Pool.take(Pool.java:42)", 'slow query')
    }

    It 'reads MongoDB''s text log before 4.4: the severity letter is the level, whatever words the message has' {
        $mongo = Write-Log -Name 'mongod.log' -Lines @(
            '2019-03-05T14:03:12.345+0000 I NETWORK  [conn1] end connection 127.0.0.1:53534 (0 connections now open)'
            '2019-03-05T14:03:13.345+0000 E STORAGE  [initandlisten] WiredTiger error (13) [1551794593:345][1:0x7f], file:WiredTiger.wt: Permission denied'
            '2019-03-05T14:03:14.000+0000 I REPL_HB  [replexec-3] Error in heartbeat (requestId: 7) to db2:27017, response status: HostUnreachable'
            '2019-03-05T14:03:15.345+0000 F -        [main] Fatal Assertion 28595 at src/mongo/db/storage/wiredtiger/wiredtiger_kv_engine.cpp 486'
            '2019-03-05T14:03:15.400+0000 F -        [main] '
            ''
            '***aborting after fassert() failure'
            '2019-03-05T15:03:16.345+0100 E STORAGE  [initandlisten] WiredTiger error (13) [1551794600:1][1:0x7e], file:WiredTiger.wt: Permission denied'
            '2019-03-05T14:03:17.345+0000 D1 NETWORK  [conn2] isMaster'
            '2019-03-05T14:03:18.345+0000 W CONTROL  [main] Option: sslMode is deprecated')

        $summary = Measure-LogErrors -LiteralPath $mongo -Summary
        $summary.Lines | Should -Be 10
        $summary.Entries | Should -Be 8
        $summary.ByLevel['Info'] | Should -Be 2
        $summary.ByLevel['Error'] | Should -Be 2
        $summary.ByLevel['Fatal'] | Should -Be 2
        $summary.ByLevel['Debug'] | Should -Be 1
        $summary.ByLevel['Warning'] | Should -Be 1
        $summary.LastTimestamp | Should -Be ([datetime]::new(2019, 3, 5, 14, 3, 18, 345, [DateTimeKind]::Utc))

        $entries = @(Measure-LogErrors -LiteralPath $mongo -Entries -Level Error)
        $entries.LineNumber | Should -Be @(2, 4, 5, 8)
        $entries[2].Message | Should -Be "`n`n***aborting after fassert() failure"
        $entries[3].Timestamp | Should -Be ([datetime]::new(2019, 3, 5, 14, 3, 16, 345, [DateTimeKind]::Utc))
        $entries[3].TemplateId | Should -Be $entries[0].TemplateId
    }

    It 'reads HAProxy''s traffic log: 5xx and server-side TCP ends are errors, and a server going DOWN too' {
        $haproxy = Write-Log -Name 'haproxy.log' -Lines @(
            'Mar 28 09:10:01 lb1 haproxy[1234]: 192.168.1.10:54321 [28/Mar/2026:09:10:01.123] http-in~ web/web1 0/0/1/25/26 200 1234 - - ---- 10/10/0/0/0 0/0 "GET /api/health HTTP/1.1"'
            'Mar 28 09:10:02 lb1 haproxy[1234]: 192.168.1.11:54322 [28/Mar/2026:09:10:02.123] http-in web/web2 0/0/1/-1/5001 504 194 - - sH-- 10/10/0/0/0 0/0 "POST /api/orders/17 HTTP/1.1"'
            'Mar 28 09:10:03 lb1 haproxy[1234]: 192.168.1.12:54323 [28/Mar/2026:09:10:03.123] http-in web/web2 0/0/1/-1/5002 504 194 - - sH-- 10/10/0/0/0 0/0 "POST /api/orders/18 HTTP/1.1"'
            'Mar 28 09:10:04 lb1 haproxy[1234]: 10.0.0.5:40000 [28/Mar/2026:09:10:04.000] fe-db be-db/db1 1/0/5007 212 -- 1/1/0/0/0 0/0'
            'Mar 28 09:10:05 lb1 haproxy[1234]: 10.0.0.5:40001 [28/Mar/2026:09:10:05.000] fe-db be-db/<NOSRV> -1/-1/3001 0 SC 1/1/0/0/3 0/0'
            'Mar 28 09:10:06 lb1 haproxy[1234]: Server web/web2 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.'
            'Mar 28 09:10:07 lb1 haproxy[1234]: 192.168.1.13:54324 [28/Mar/2026:09:10:07.123] http-in web/web1 0/0/1/3/4 404 150 - - ---- 10/10/0/0/0 0/0 "GET /missing HTTP/1.1"')
        (Get-Item $haproxy).LastWriteTimeUtc = [datetime]::new(2026, 3, 28, 10, 0, 0, [DateTimeKind]::Utc)

        $summary = Measure-LogErrors -LiteralPath $haproxy -Summary -TimeZone UTC
        $summary.Entries | Should -Be 7
        $summary.ByLevel['Error'] | Should -Be 4
        $summary.ByLevel['Warning'] | Should -Be 1
        $summary.ByLevel['Info'] | Should -Be 2

        $patterns = @(Measure-LogErrors -LiteralPath $haproxy -TimeZone UTC)
        $patterns.Count | Should -Be 3
        $patterns[0].Count | Should -Be 2
        $patterns[0].Sample | Should -BeLike '*POST /api/orders/1? HTTP/1.1 504 sH-- web/web2'
        $patterns.Template | Should -Contain 'fe-db be-db/<NOSRV> SC'
    }

    It 'reads Envoy''s and AWS load balancers'' access logs: the level of the status, 5xx as errors' {
        $envoy = Write-Log -Name 'envoy.log' -Lines @(
            '[2026-11-27T10:00:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"'
            '[2026-11-27T10:00:01.310Z] "GET /api/v1/orders/42 HTTP/1.1" 503 UF 0 91 12 - "-" "curl/7.68.0" "a1b2" "orders" "10.0.2.2:8080"'
            '[2026-11-27T10:00:02.310Z] "GET /api/v1/orders/43 HTTP/1.1" 503 UF 0 91 12 - "-" "curl/7.68.0" "a1b3" "orders" "10.0.2.2:8080"')
        $alb = Write-Log -Name 'alb.log' -Lines @(
            'https 2026-11-27T10:00:03.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 502 - 0 57 "GET https://www.example.com:443/api HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "-" 1 2026-11-27T10:00:03.000000Z "forward" "-" "-" "10.0.0.1:80" "-" "-" "-"'
            'h2 2026-11-27T10:00:04.186641Z app/my-lb/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/ HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337327-72bd00b0343d75b906739c42" "-" "-" 1 2026-11-27T10:00:04.000000Z "forward" "-" "-" "10.0.0.66:9000" "200" "-" "-"')
        $elb = Write-Log -Name 'elb.log' -Lines @(
            '2026-11-27T10:00:05.945958Z my-lb 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 404 404 0 29 "GET http://www.example.com:80/missing HTTP/1.1" "curl/7.38.0" - -')

        $summary = Measure-LogErrors -LiteralPath $envoy, $alb, $elb -Summary
        $summary.Entries | Should -Be 6
        $summary.ByLevel['Error'] | Should -Be 3
        $summary.ByLevel['Warning'] | Should -Be 1
        $summary.ByLevel['Info'] | Should -Be 2
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 0, 310, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 5, 945, [DateTimeKind]::Utc).AddTicks(9580))

        # Requests that differ in their path share a template, as for Apache's and nginx's access logs.
        $patterns = @(Measure-LogErrors -LiteralPath $envoy, $alb, $elb)
        $patterns.Count | Should -Be 1
        $patterns[0].Template | Should -Be 'GET <*> HTTP/<*> <*>'
        $patterns[0].Count | Should -Be 3
        @(Measure-LogErrors -LiteralPath $envoy, $alb, $elb -Entries).Message | Should -Be @('GET /api/v1/orders/42 HTTP/1.1 503', 'GET /api/v1/orders/43 HTTP/1.1 503', 'GET https://www.example.com:443/api HTTP/1.1 502')
    }

    It 'keeps an access log''s 5xx and 4xx apart with -Level Warning: one template per level, a sample at its level, distinct ids' {
        # A 502 and a 404 of the same path shape are two events: before, they folded into one template labelled Error,
        # counted 6 and shown with a 404 as its sample.
        $lines = @(1..4 | ForEach-Object { "127.0.0.1 - - [28/Nov/2026:16:57:3$_ +0000] `"GET /api/orders/$_ HTTP/1.1`" 502 157 `"-`" `"curl/7.88.1`"" }) +
            @(1..2 | ForEach-Object { "127.0.0.1 - - [28/Nov/2026:16:57:4$_ +0000] `"GET /missing$_.html HTTP/1.1`" 404 153 `"-`" `"curl/7.88.1`"" })
        $log = Write-Log -Name 'access-5xx-4xx.log' -Lines $lines
        $patterns = @(Measure-LogErrors -LiteralPath $log -Level Warning)
        $patterns.Count | Should -Be 2
        $patterns[0].Level | Should -Be 'Error'
        $patterns[0].Count | Should -Be 4
        $patterns[0].Sample | Should -BeLike '* 502'
        $patterns[1].Level | Should -Be 'Warning'
        $patterns[1].Count | Should -Be 2
        $patterns[1].Sample | Should -BeLike '* 404'
        # Without the same text at another level, the id is the hash of the text alone, as for every other template.
        foreach ($pattern in $patterns) {
            $pattern.TemplateId | Should -Be ([Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($pattern.Template)), 0, 4).ToLowerInvariant())
        }

        # The same path at both levels gives the same template text twice: still two templates, with two ids.
        $same = Write-Log -Name 'access-same-path.log' -Lines @(
            1..3 | ForEach-Object { "127.0.0.1 - - [28/Nov/2026:16:58:0$_ +0000] `"GET /api/orders/$_ HTTP/1.1`" 503 157 `"-`" `"curl/7.88.1`"" }
            4..5 | ForEach-Object { "127.0.0.1 - - [28/Nov/2026:16:58:0$_ +0000] `"GET /api/orders/$_ HTTP/1.1`" 404 153 `"-`" `"curl/7.88.1`"" })
        $patterns = @(Measure-LogErrors -LiteralPath $same -Level Warning)
        $patterns.Count | Should -Be 2
        $patterns.Template | Select-Object -Unique | Should -Be 'GET /api/orders/<*> HTTP/<*> <*>'
        $patterns.Level | Should -Be @('Error', 'Warning')
        @($patterns | ForEach-Object { $_.Count }) | Should -Be @(3, 2)
        $patterns[0].TemplateId | Should -Not -Be $patterns[1].TemplateId
        $entries = @(Measure-LogErrors -LiteralPath $same -Level Warning -Entries)
        @($entries | Where-Object TemplateId -eq $patterns[0].TemplateId).Message | Should -Be @('GET /api/orders/1 HTTP/1.1 503', 'GET /api/orders/2 HTTP/1.1 503', 'GET /api/orders/3 HTTP/1.1 503')
        @($entries | Where-Object TemplateId -eq $patterns[1].TemplateId).Count | Should -Be 2
    }

    It 'reads Proxifier''s year-less [MM.dd HH:mm:ss] lines and HealthApp''s unpadded stamps, one entry per line, endpoints masked as one value' {
        $proxifier = Write-Log -Name 'Proxifier.log' -Lines @(
            '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS'
            '[10.30 16:49:07] chrome.exe *64 - play.google.com:443 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS'
            '[10.30 16:49:08] chrome.exe *64 - play.google.com:443 error : Could not connect to proxy proxy.cse.cuhk.edu.hk:5070 - connection attempt failed with error 10061'
            '[10.30 16:49:09] Dropbox.exe - api.github.com:443 close, 0 bytes sent, 0 bytes received, lifetime <1 sec')
        (Get-Item $proxifier).LastWriteTimeUtc = [datetime]::new(2026, 11, 2, 0, 0, 0, [DateTimeKind]::Utc)
        $health = Write-Log -Name 'HealthApp.log' -Lines @(
            '20171223-22:15:59:999|Step_LSC|30002312|onStandStepChanged 3625'
            '20171223-22:16:0:119|Step_LSC|30002312|processHandleBroadcastAction action:android.intent.action.TIME_TICK'
            '20171223-22:16:0:150|Step_SPUtils|30002312| getTodayTotalDetailSteps = 1514038440000##7053##548365##8661##16256##27202475')

        $entries = @(Measure-LogErrors -LiteralPath $proxifier, $health -Level Unknown -Entries -TimeZone UTC)

        $entries.LineNumber | Should -Be @(1, 2, 3, 4, 1, 2, 3)
        $entries.Level | Should -Be @('Unknown', 'Unknown', 'Error', 'Unknown', 'Unknown', 'Unknown', 'Unknown')
        $entries[0].Timestamp | Should -Be ([datetime]::new(2026, 10, 30, 16, 49, 6, [DateTimeKind]::Utc))
        $entries[5].Timestamp | Should -Be ([datetime]::new(2017, 12, 23, 22, 16, 0, 119, [DateTimeKind]::Utc))
        $entries[0].Template | Should -Be '<*> open through proxy <*> HTTPS'
        $entries[1].TemplateId | Should -Be $entries[0].TemplateId
        $entries[3].Message | Should -Be 'api.github.com:443 close, 0 bytes sent, 0 bytes received, lifetime <1 sec'
    }

    It 'counts a <Name> crash below an INFO line as an entry of its own, with its own template' -ForEach @(
        @{
            Name = 'Python'; Levels = 'Error=2 Info=2'; Errors = 2; Line = 4; Level = 'Error'; Template = 'KeyError: <*>'; Sample = "KeyError: 'database_url'"
            Above = 'worker: loading config /etc/app.yaml'
            Lines = @(
                '2026-11-28 16:59:15,590 INFO worker: starting job 1'
                '2026-11-28 16:59:15,591 ERROR worker: job 1 failed: timeout'
                '2026-11-28 16:59:15,591 INFO worker: loading config /etc/app.yaml'
                'Traceback (most recent call last):'
                '  File "/srv/app/py_crash.py", line 8, in <module>'
                "    print(cfg['database_url'])"
                '          ~~~^^^^^^^^^^^^^^^^'
                "KeyError: 'database_url'")
        }
        @{
            Name = 'Java'; Levels = 'Error=2 Info=2'; Errors = 2; Line = 4; Level = 'Error'
            Template = 'Exception in thread <*> java.lang.NullPointerException: Cannot invoke <*> because <*> is null'
            Sample = 'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "Object.toString()" because "<local2>" is null'
            Above = 'app - about to crash'
            Lines = @(
                '2026-11-28 16:59:16.452 INFO app - starting'
                '2026-11-28 16:59:16.503 SEVERE app - handled failure'
                '2026-11-28 16:59:16.504 INFO app - about to crash'
                'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "Object.toString()" because "<local2>" is null'
                "`tat Crash.main(Crash.java:2)")
        }
        @{
            Name = 'Node'; Levels = 'Error=2 Info=2'; Errors = 2; Line = 4; Level = 'Error'
            Template = 'TypeError: Cannot read properties of undefined (reading <*>)'; Sample = "TypeError: Cannot read properties of undefined (reading 'id')"
            Above = 'about to crash'
            Lines = @(
                '{"level":30,"time":1795885156683,"pid":10052,"hostname":"vm","msg":"starting"}'
                '{"level":50,"time":1795885156683,"pid":10052,"hostname":"vm","msg":"handled failure"}'
                '{"level":30,"time":1795885156684,"pid":10052,"hostname":"vm","msg":"about to crash"}'
                '/srv/app/crash.js:3'
                'const o=undefined; o.id;'
                '                     ^'
                ''
                "TypeError: Cannot read properties of undefined (reading 'id')"
                '    at Object.<anonymous> (/srv/app/crash.js:3:22)'
                '    at Module._compile (node:internal/modules/cjs/loader:1521:14)'
                '    at node:internal/main/run_main_module:28:49'
                ''
                'Node.js v20.20.2')
        }
        @{
            Name = 'Go'; Levels = 'Fatal=1 Error=2 Warning=1 Info=2'; Errors = 3; Line = 6; Level = 'Fatal'
            Template = 'runtime error: index out of range [<*>] with length <*>'; Sample = 'runtime error: index out of range [5] with length 3'
            Above = 'about to index 5'
            Lines = @(
                '2026/11/28 16:59:05.574127 [INFO] processed batch 0 in 40ms'
                '2026/11/28 16:59:05.574415 [WARN] queue depth 1200 above threshold'
                '2026/11/28 16:59:05.574423 [ERROR] failed to publish message 900: connection reset by peer'
                '2026/11/28 16:59:05.574426 [ERROR] failed to publish message 901: connection reset by peer'
                '2026/11/28 16:59:05.574428 [INFO] about to index 5'
                'panic: runtime error: index out of range [5] with length 3'
                ''
                'goroutine 1 [running]:'
                'main.main()'
                "`t/srv/app/main.go:21 +0x1d3")
        }
    ) {
        $log = Write-Log -Name "crash-$Name.log" -Lines $Lines

        $summary = Measure-LogErrors -LiteralPath $log -Summary
        Get-LevelCounts $log | Should -Be $Levels
        $summary.Errors | Should -Be $Errors
        $crash = @(Measure-LogErrors -LiteralPath $log | Where-Object Template -EQ $Template)
        $crash.Count | Should -Be 1
        $crash[0].Count | Should -Be 1
        $crash[0].Level | Should -Be $Level
        $crash[0].Sample | Should -Be $Sample
        $entry = @(Measure-LogErrors -LiteralPath $log -Entries | Where-Object LineNumber -EQ $Line)
        $entry.Count | Should -Be 1
        $entry[0].Level | Should -Be $Level
        # The crash's own lines are in its message (after the exception's line), not in the INFO entry above.
        # -Entries: the crash's message (Python's and Node's exception line), then its lines (Java's and Go's after their first).
        $from = if ($Name -in 'Java', 'Go') { $Line } else { $Line - 1 }
        $entry[0].Message | Should -Be ((@($Sample) + $Lines[$from..($Lines.Count - 1)]) -join "`n")
        (Measure-LogErrors -LiteralPath $log -Entries -Level Info | Where-Object LineNumber -EQ ($Line - 1)).Message | Should -Be $Above
    }

    It 'reads java.util.logging''s two-line entries (level and message on the line after the stamp) and Tomcat''s one-line stamps' {
        $jul = Write-Log -Name 'app-jul.log' -Lines @(
            'Nov 27, 2026 10:00:00 AM org.apache.catalina.startup.Catalina start'
            'INFO: Server startup in 1234 ms'
            'Nov 27, 2026 10:00:01 PM com.example.App handle'
            'SEVERE: Request failed'
            'java.lang.IllegalStateException: boom'
            '	at com.example.App.handle(App.java:42)'
            'Nov 27, 2026 10:00:02 PM com.example.App handle'
            'WARNING: slow')
        $tomcat = Write-Log -Name 'catalina.out' -Lines @(
            '27-Nov-2026 10:00:03.456 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start.')

        Get-LevelCounts $jul | Should -Be 'Error=1 Warning=1 Info=1'
        $entries = @(Measure-LogErrors -LiteralPath $jul, $tomcat -Level Unknown -Entries -TimeZone UTC)
        $entries.LineNumber | Should -Be @(1, 3, 7, 1)
        $entries.Level | Should -Be @('Info', 'Error', 'Warning', 'Error')
        $entries[1].Message | Should -Be "Request failed`njava.lang.IllegalStateException: boom`n`tat com.example.App.handle(App.java:42)"
        $entries.Timestamp | Should -Be @(
            [datetime]::new(2026, 11, 27, 10, 0, 0, [DateTimeKind]::Utc), [datetime]::new(2026, 11, 27, 22, 0, 1, [DateTimeKind]::Utc),
            [datetime]::new(2026, 11, 27, 22, 0, 2, [DateTimeKind]::Utc), [datetime]::new(2026, 11, 27, 10, 0, 3, 456, [DateTimeKind]::Utc))
        (Measure-LogErrors -LiteralPath $jul).Sample | Should -Be 'Request failed'
    }

    It 'reads winston''s simple format (level: message) as one entry per line, not as .NET console headers' {
        # Real winston 3.19 format.simple() output; .NET's header needs its Category[EventId] ("info: App.Worker[0]").
        $winston = Write-Log -Name 'winston-simple.log' -Lines @(
            'info: GET /api/orders/1000 served in 10 ms'
            'info: GET /api/orders/1001 served in 11 ms'
            'info: GET /api/orders/1002 served in 12 ms'
            'info: GET /api/orders/1003 served in 13 ms'
            'info: GET /api/orders/1004 served in 14 ms'
            'debug: cache warm'
            'warn: Rate limit near for tenant t0: 80%'
            'warn: Rate limit near for tenant t1: 81%'
            'warn: Rate limit near for tenant t2: 82%'
            'error: Upstream inventory-svc returned 500 for request 2000'
            'error: Upstream inventory-svc returned 501 for request 2001'
            'error: Upstream inventory-svc returned 502 for request 2002'
            'error: Cannot read properties of undefined (reading ''id'')'
            'error: Payment declined {"code":"card_declined","orderId":42}'
            'http: GET /health 200'
            'verbose: verbose thing')
        $dotnet = Write-Log -Name 'dotnet-console.log' -Lines @(
            'info: Shop.Orders.OrderProcessor[0]'
            '      Request /api/items/0 finished in 12 ms'
            'fail: Shop.Orders.OrderProcessor[0]'
            '      Order 7001 rejected by payment provider')

        $summary = Measure-LogErrors -LiteralPath $winston -Summary
        $summary.Entries | Should -Be 16
        $summary.Errors | Should -Be 5
        Get-LevelCounts $winston | Should -Be 'Error=5 Warning=3 Info=5 Debug=1 Trace=1 Unknown=1'
        $entries = @(Measure-LogErrors -LiteralPath $winston -Level Warning -Entries)
        $entries[0].Message | Should -Be 'Rate limit near for tenant t0: 80%'
        $entries[-1].Message | Should -Be 'Payment declined {"code":"card_declined","orderId":42}'
        $entries[-1].LineNumber | Should -Be 14
        Get-LevelCounts $dotnet | Should -Be 'Error=1 Info=1'
        (Measure-LogErrors -LiteralPath $dotnet -Entries).Message | Should -Be 'Order 7001 rejected by payment provider'
    }

    It 'reads .NET console output with TimestampFormat "HH:mm:ss " (single-line and two-line): the time of day on the file''s day' {
        # Real Microsoft.Extensions.Logging 8 SimpleConsole output, TimestampFormat = "HH:mm:ss " as in Microsoft's docs.
        $single = Write-Log -Name 'mel-single.log' -Lines @(
            '16:55:23 info: Shop.Orders.OrderProcessor[0] Request /api/items/0 finished in 12 ms'
            '16:55:23 info: Shop.Orders.OrderProcessor[0] Request /api/items/1 finished in 13 ms'
            '16:55:23 dbug: Shop.Orders.OrderProcessor[0] Cache refreshed with 311 keys'
            '16:55:23 trce: Shop.Orders.OrderProcessor[0] Entering handler'
            '16:55:23 warn: Shop.Orders.OrderProcessor[0] Retry 1 for downstream billing'
            '16:55:23 fail: Shop.Orders.OrderProcessor[0] Order 7000 rejected by payment provider'
            '16:55:23 fail: Shop.Orders.OrderProcessor[0] Order 7001 rejected by payment provider'
            '16:55:24 crit: Shop.Orders.OrderProcessor[0] Database unreachable, stopping host')
        $twoLine = Write-Log -Name 'mel-twoline.log' -Lines @(
            '16:56:32 info: Shop.Orders.OrderProcessor[0]'
            '      Request /api/items/0 finished in 12 ms'
            '16:56:32 warn: Shop.Orders.OrderProcessor[0]'
            '      Retry 1 for downstream billing'
            '16:56:32 fail: Shop.Orders.OrderProcessor[0]'
            '      Unhandled exception while processing order 42'
            '      System.InvalidOperationException: Saving order 42 failed'
            '       ---> System.IO.IOException: Connection reset by peer (order 42)'
            '         at Work.Repo(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 7'
            '         --- End of inner exception stack trace ---'
            '         at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8'
            '16:56:33 crit: Shop.Orders.OrderProcessor[0]'
            '      Database unreachable, stopping host')
        foreach ($file in $single, $twoLine) { (Get-Item $file).LastWriteTimeUtc = [datetime]::new(2026, 11, 28, 17, 0, 0, [DateTimeKind]::Utc) }

        $summary = Measure-LogErrors -LiteralPath $single -Summary -TimeZone UTC
        $summary.Entries | Should -Be 8
        $summary.Errors | Should -Be 3
        Get-LevelCounts $single | Should -Be 'Critical=1 Error=2 Warning=1 Info=2 Debug=1 Trace=1'
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 55, 23, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 55, 24, [DateTimeKind]::Utc))
        $summary = Measure-LogErrors -LiteralPath $twoLine -Summary -TimeZone UTC
        $summary.Entries | Should -Be 4
        Get-LevelCounts $twoLine | Should -Be 'Critical=1 Error=1 Warning=1 Info=1'
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 56, 33, [DateTimeKind]::Utc))
        $entries = @(Measure-LogErrors -LiteralPath $twoLine -Entries -TimeZone UTC)
        $entries.Message[0] | Should -BeLike "Unhandled exception while processing order 42`n*System.InvalidOperationException*line 8"
        $entries.Message[1] | Should -Be 'Database unreachable, stopping host'
        (Measure-LogErrors -LiteralPath $single -Since ([datetime]::new(2026, 11, 28, 16, 55, 24, [DateTimeKind]::Utc)) -Summary -TimeZone UTC).Entries | Should -Be 1
    }

    It 'reads a syslog severity without facility or header (<3>, systemd''s stdout protocol) as the level: .NET''s systemd console and the kernel' {
        # Real Microsoft.Extensions.Logging 8 output with AddSystemdConsole (what UseSystemd() writes), captured outside journald.
        $systemd = Write-Log -Name 'mel-systemd.log' -Lines @(
            '<6>Shop.Orders.OrderProcessor[0] Request /api/items/0 finished in 12 ms'
            '<6>Shop.Orders.OrderProcessor[0] Request /api/items/1 finished in 13 ms'
            '<6>Shop.Orders.OrderProcessor[0] Request /api/items/2 finished in 14 ms'
            '<6>Shop.Orders.OrderProcessor[0] Request /api/items/3 finished in 15 ms'
            '<6>Shop.Orders.OrderProcessor[0] Request /api/items/4 finished in 16 ms'
            '<7>Shop.Orders.OrderProcessor[0] Cache refreshed with 311 keys'
            '<7>Shop.Orders.OrderProcessor[0] Entering handler'
            '<4>Shop.Orders.OrderProcessor[0] Retry 1 for downstream billing'
            '<4>Shop.Orders.OrderProcessor[0] Retry 2 for downstream billing'
            '<4>Shop.Orders.OrderProcessor[0] Retry 3 for downstream billing'
            '<3>Shop.Orders.OrderProcessor[0] Order 7000 rejected by payment provider'
            '<3>Shop.Orders.OrderProcessor[0] Order 7001 rejected by payment provider'
            '<3>Shop.Orders.OrderProcessor[0] Order 7002 rejected by payment provider'
            '<3>Shop.Orders.OrderProcessor[0] Unhandled exception while processing order 42 System.InvalidOperationException: Saving order 42 failed  ---> System.IO.IOException: Connection reset by peer (order 42)    at Work.Repo(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 7    at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8    --- End of inner exception stack trace ---    at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8    at Work.MakeEx(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 9'
            '<2>Shop.Orders.OrderProcessor[0] Database unreachable, stopping host')
        $kernel = Write-Log -Name 'dmesg-raw.log' -Lines @(
            '<6>[    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)'
            '<3>[   12.345678] EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0'
            '<4>[   13.000001] usb 1-1: device descriptor read/64, error -71')

        $summary = Measure-LogErrors -LiteralPath $systemd -Summary
        $summary.Entries | Should -Be 15
        $summary.Errors | Should -Be 5
        Get-LevelCounts $systemd | Should -Be 'Critical=1 Error=4 Warning=3 Info=5 Debug=2'
        $patterns = @(Measure-LogErrors -LiteralPath $systemd)
        $patterns[0].Template | Should -Be 'Order <*> rejected by payment provider'
        $patterns[0].Count | Should -Be 3
        Get-LevelCounts $kernel | Should -Be 'Error=1 Warning=1 Info=1'
    }

    It 'reads HAProxy''s events in log stdout format raw: a server DOWN is an Error, no server available Critical, UP Notice' {
        # Real HAProxy 2.6 output with "log stdout format raw" (the events carry no stamp; the traffic its accept date).
        $raw = Write-Log -Name 'haproxy-raw.log' -Lines @(
            'Server web/web1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.'
            'backend web has no server available!'
            '127.0.0.1:59514 [28/Nov/2026:16:58:41.303] fe web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /api/item1 HTTP/1.1"'
            '127.0.0.1:59530 [28/Nov/2026:16:58:41.329] fe web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /api/item2 HTTP/1.1"'
            '127.0.0.1:59536 [28/Nov/2026:16:58:41.355] fe web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /api/item3 HTTP/1.1"'
            '127.0.0.1:59552 [28/Nov/2026:16:58:41.397] fe ok/<NOSRV> 0/-1/-1/-1/0 200 73 - - LR-- 1/1/0/0/0 0/0 "GET /ok/1 HTTP/1.1"'
            '127.0.0.1:59558 [28/Nov/2026:16:58:41.431] fe ok/<NOSRV> 0/-1/-1/-1/0 200 73 - - LR-- 1/1/0/0/0 0/0 "GET /ok/2 HTTP/1.1"'
            'Server web/web1 is UP, reason: Layer4 check passed, check duration: 0ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.')

        $summary = Measure-LogErrors -LiteralPath $raw -Summary -TimeZone UTC
        $summary.Entries | Should -Be 8
        $summary.Errors | Should -Be 5
        Get-LevelCounts $raw | Should -Be 'Critical=1 Error=4 Notice=1 Info=2'
        $entries = @(Measure-LogErrors -LiteralPath $raw -Entries -TimeZone UTC)
        $entries.LineNumber | Should -Be @(1, 2, 3, 4, 5)
        $entries[1].Message | Should -Be 'backend web has no server available!'
    }

    It 'reads the stamp after a level word (Django''s verbose formatter, log4j''s %-5p %d): -Since works and stack traces stay in their entry' {
        # Real Python 3.11 logging output with Django's documented "verbose" format, and real log4j 2.19 output with %-5p %d{yyyy-MM-dd HH:mm:ss,SSS} [%t] %c: %m%n.
        $django = Write-Log -Name 'django-verbose.log' -Lines @(
            'INFO 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Processed order 1000 for user user0 in 20 ms'
            'INFO 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Processed order 1001 for user user1 in 21 ms'
            'INFO 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Processed order 1002 for user user2 in 22 ms'
            'INFO 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Processed order 1003 for user user3 in 23 ms'
            'INFO 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Processed order 1004 for user user4 in 24 ms'
            'DEBUG 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 cache hit ratio 0.93'
            'WARNING 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Retrying connection to db-0.internal:5432 (attempt 1)'
            'WARNING 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Retrying connection to db-1.internal:5432 (attempt 2)'
            'WARNING 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Retrying connection to db-2.internal:5432 (attempt 3)'
            'ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Payment gateway returned status 502 for order 2000'
            'ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Payment gateway returned status 503 for order 2001'
            'ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Payment gateway returned status 502 for order 2002'
            'ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Payment gateway returned status 503 for order 2003'
            'ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Unhandled error computing ratio for batch 7'
            'Traceback (most recent call last):'
            '  File "/tmp/adv80/gen/py_logs.py", line 19, in workload'
            '    1/0'
            '    ~^~'
            'ZeroDivisionError: division by zero'
            'ERROR 2026-11-28 16:51:55,478 py_logs 32747 140486314433408 Failed to load config'
            'Traceback (most recent call last):'
            '  File "/tmp/adv80/gen/py_logs.py", line 24, in workload'
            '    {}[''missing'']'
            '    ~~^^^^^^^^^^^'
            'KeyError: ''missing'''
            ''
            'The above exception was the direct cause of the following exception:'
            ''
            'Traceback (most recent call last):'
            '  File "/tmp/adv80/gen/py_logs.py", line 26, in workload'
            '    raise RuntimeError("config lookup failed") from e'
            'RuntimeError: config lookup failed'
            'ERROR 2026-11-28 16:51:55,479 py_logs 32747 140486314433408 Could not open fallback file'
            'Traceback (most recent call last):'
            '  File "/tmp/adv80/gen/py_logs.py", line 31, in workload'
            '    int(''abc'')'
            'ValueError: invalid literal for int() with base 10: ''abc'''
            ''
            'During handling of the above exception, another exception occurred:'
            ''
            'Traceback (most recent call last):'
            '  File "/tmp/adv80/gen/py_logs.py", line 33, in workload'
            '    open(''/nonexistent/file'')'
            'FileNotFoundError: [Errno 2] No such file or directory: ''/nonexistent/file'''
            'CRITICAL 2026-11-28 16:51:55,479 py_logs 32747 140486314433408 Worker 3 died, shutting down'
            'INFO 2026-11-28 16:51:55,479 py_logs 32747 140486314433408 multi-line message first line'
            'second line of the same message'
            'WARNING 2026-11-28 16:51:55,479 py_logs 32747 140486314433408 Disk usage at 91%')
        $log4j = Write-Log -Name 'log4j-levelfirst.log' -Lines @(
            'INFO  2026-11-28 16:54:23,904 [main] com.example.billing.InvoiceService: Invoice INV-100 created for account acct-0'
            'INFO  2026-11-28 16:54:23,906 [main] com.example.billing.InvoiceService: Invoice INV-101 created for account acct-1'
            'INFO  2026-11-28 16:54:23,906 [main] com.example.billing.InvoiceService: Invoice INV-102 created for account acct-2'
            'INFO  2026-11-28 16:54:23,906 [main] com.example.billing.InvoiceService: Invoice INV-103 created for account acct-3'
            'DEBUG 2026-11-28 16:54:23,906 [main] com.example.billing.InvoiceService: Loaded 57 tax rules'
            'TRACE 2026-11-28 16:54:23,907 [main] com.example.billing.InvoiceService: entering main'
            'WARN  2026-11-28 16:54:23,907 [main] com.example.billing.InvoiceService: Payment provider latency 900 ms exceeds threshold'
            'WARN  2026-11-28 16:54:23,907 [main] com.example.billing.InvoiceService: Payment provider latency 937 ms exceeds threshold'
            'WARN  2026-11-28 16:54:23,907 [main] com.example.billing.InvoiceService: Payment provider latency 974 ms exceeds threshold'
            'ERROR 2026-11-28 16:54:23,909 [main] com.example.billing.InvoiceService: Invoice batch 40 aborted'
            'java.lang.IllegalStateException: Could not persist invoice INV-300'
            '	at L4jApp.svc(L4jApp.java:5) ~[java/:?]'
            '	at L4jApp.main(L4jApp.java:11) ~[java/:?]'
            'Caused by: java.sql.SQLException: Deadlock found when trying to get lock; try restarting transaction (txn 9000)'
            '	at L4jApp.dao(L4jApp.java:4) ~[java/:?]'
            '	... 2 more'
            'ERROR 2026-11-28 16:54:23,923 [main] com.example.billing.InvoiceService: Invoice batch 41 aborted'
            'java.lang.IllegalStateException: Could not persist invoice INV-301'
            '	at L4jApp.svc(L4jApp.java:5) ~[java/:?]'
            '	at L4jApp.main(L4jApp.java:11) ~[java/:?]'
            'Caused by: java.sql.SQLException: Deadlock found when trying to get lock; try restarting transaction (txn 9001)'
            '	at L4jApp.dao(L4jApp.java:4) ~[java/:?]'
            '	... 2 more'
            'ERROR 2026-11-28 16:54:23,923 [main] com.example.billing.InvoiceService: Invoice batch 42 aborted'
            'java.lang.IllegalStateException: Could not persist invoice INV-302'
            '	at L4jApp.svc(L4jApp.java:5) ~[java/:?]'
            '	at L4jApp.main(L4jApp.java:11) ~[java/:?]'
            'Caused by: java.sql.SQLException: Deadlock found when trying to get lock; try restarting transaction (txn 9002)'
            '	at L4jApp.dao(L4jApp.java:4) ~[java/:?]'
            '	... 2 more'
            'ERROR 2026-11-28 16:54:23,924 [main] com.example.billing.InvoiceService: Ledger out of balance by 1234 cents'
            'FATAL 2026-11-28 16:54:23,924 [main] com.example.billing.InvoiceService: Cannot reach config server config-01:8888, shutting down'
            'ERROR 2026-11-28 16:54:23,924 [main] com.example.billing.InvoiceService: Cleanup failed'
            'java.lang.RuntimeException: primary failure'
            '	at L4jApp.main(L4jApp.java:14) ~[java/:?]'
            '	Suppressed: java.io.IOException: close failed'
            '		at L4jApp.main(L4jApp.java:14) ~[java/:?]'
            'INFO  2026-11-28 16:54:23,924 [main] com.example.billing.InvoiceService: multi-line'
            '  indented continuation of info')

        $summary = Measure-LogErrors -LiteralPath $django -Summary -TimeZone UTC
        $summary.Entries | Should -Be 19
        Get-LevelCounts $django | Should -Be 'Critical=1 Error=7 Warning=4 Info=6 Debug=1'
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 51, 55, 478, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 51, 55, 479, [DateTimeKind]::Utc))
        (Measure-LogErrors -LiteralPath $django -Since '2026-11-01' -Summary -TimeZone UTC).Errors | Should -Be 8
        (Measure-LogErrors -LiteralPath $django -Since '2026-11-29' -Summary -TimeZone UTC).Entries | Should -Be 0
        $summary = Measure-LogErrors -LiteralPath $log4j -Summary -TimeZone UTC
        $summary.Entries | Should -Be 16
        Get-LevelCounts $log4j | Should -Be 'Fatal=1 Error=5 Warning=3 Info=5 Debug=1 Trace=1'
        $entries = @(Measure-LogErrors -LiteralPath $log4j -Entries -TimeZone UTC)
        $entries[0].Message | Should -BeLike "Invoice batch 40 aborted`njava.lang.IllegalStateException: Could not persist invoice INV-300*... 2 more"
        (Measure-LogErrors -LiteralPath $log4j -TimeZone UTC)[0].Template | Should -Be 'Invoice batch <*> aborted'
    }

    It 'reads java.util.logging''s one-line formats: FINE is Debug and CONFIG Info right after any stamp' {
        # Real JDK 17 output with -Djava.util.logging.SimpleFormatter.format='%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n'.
        $jul = Write-Log -Name 'jul-oneline.log' -Lines @(
            '2026-11-28 16:52:42.320 INFO    [com.example.orders.OrderService] Accepted order 100 from customer c0'
            '2026-11-28 16:52:42.346 INFO    [com.example.orders.OrderService] Accepted order 101 from customer c1'
            '2026-11-28 16:52:42.347 INFO    [com.example.orders.OrderService] Accepted order 102 from customer c2'
            '2026-11-28 16:52:42.349 INFO    [com.example.orders.OrderService] Accepted order 103 from customer c3'
            '2026-11-28 16:52:42.350 FINE    [com.example.orders.OrderService] fine detail'
            '2026-11-28 16:52:42.351 WARNING [com.example.orders.OrderService] Slow query took 1200 ms on shard 0'
            '2026-11-28 16:52:42.354 WARNING [com.example.orders.OrderService] Slow query took 1210 ms on shard 1'
            '2026-11-28 16:52:42.355 WARNING [com.example.orders.OrderService] Slow query took 1220 ms on shard 2'
            '2026-11-28 16:52:42.362 SEVERE  [com.example.orders.OrderService] Order 501 failed'
            'java.lang.RuntimeException: reservation failed'
            '	at JulApp.level2(JulApp.java:5)'
            '	at JulApp.handle(JulApp.java:7)'
            '	at JulApp.main(JulApp.java:15)'
            'Caused by: java.lang.IllegalStateException: inventory negative for sku 1'
            '	at JulApp.level3(JulApp.java:4)'
            '	... 3 more'
            ''
            '2026-11-28 16:52:42.371 SEVERE  [com.example.orders.OrderService] Order 502 failed'
            'java.lang.RuntimeException: reservation failed'
            '	at JulApp.level2(JulApp.java:5)'
            '	at JulApp.handle(JulApp.java:7)'
            '	at JulApp.main(JulApp.java:15)'
            'Caused by: java.lang.IllegalStateException: inventory negative for sku 2'
            '	at JulApp.level3(JulApp.java:4)'
            '	... 3 more'
            ''
            '2026-11-28 16:52:42.372 SEVERE  [com.example.orders.OrderService] Order 503 failed'
            'java.lang.RuntimeException: reservation failed'
            '	at JulApp.level2(JulApp.java:5)'
            '	at JulApp.handle(JulApp.java:7)'
            '	at JulApp.main(JulApp.java:15)'
            'Caused by: java.lang.IllegalStateException: inventory negative for sku 3'
            '	at JulApp.level3(JulApp.java:4)'
            '	... 3 more'
            ''
            '2026-11-28 16:52:42.374 SEVERE  [com.example.orders.OrderService] Database connection pool exhausted (size=20)'
            '2026-11-28 16:52:42.375 CONFIG  [com.example.orders.OrderService] config line'
            '2026-11-28 16:52:42.375 INFO    [com.example.orders.OrderService] multi'
            'line info message')

        $summary = Measure-LogErrors -LiteralPath $jul -Summary -TimeZone UTC
        $summary.Entries | Should -Be 14
        Get-LevelCounts $jul | Should -Be 'Error=4 Warning=3 Info=6 Debug=1'
        @(Measure-LogErrors -LiteralPath $jul -Level Debug -Entries -TimeZone UTC | Where-Object Level -eq 'Debug').Message | Should -Be 'fine detail'
    }

    It 'reads SQL Server''s ERRORLOG (UTF-16): level from the severity, the next line with the same stamp as the error''s message' {
        $lines = @(
            '2026-11-27 10:00:00.12 Server      Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) '
            '	Oct  8 2022 05:58:25 '
            '2026-11-27 10:00:01.34 spid51      Error: 18456, Severity: 14, State: 8.'
            '2026-11-27 10:00:01.34 Logon       Login failed for user ''sa''. Reason: Password did not match that for the login provided. [CLIENT: 10.0.0.5]'
            '2026-11-27 10:00:02.56 spid51      Error: 18456, Severity: 14, State: 8.'
            '2026-11-27 10:00:02.56 Logon       Login failed for user ''app''. Reason: Password did not match that for the login provided. [CLIENT: 10.0.0.6]'
            '2026-11-27 10:00:02.90 spid56      Error: 1205, Severity: 13, State: 51.'
            '2026-11-27 10:00:02.90 spid57      Another session''s message at the same time.'
            '2026-11-27 10:00:03.00 spid9s      Error: 823, Severity: 24, State: 2.'
            '2026-11-27 10:00:03.01 spid9s      The operating system returned error 21 to SQL Server during a read at offset 0x00000000012000.'
            '2026-11-27 10:00:04.00 spid12s     Starting up database ''msdb''.')
        $log = Join-Path $work 'ERRORLOG'
        [IO.File]::WriteAllText($log, ($lines -join "`r`n") + "`r`n", [Text.UnicodeEncoding]::new($false, $true))

        Get-LevelCounts $log | Should -Be 'Fatal=1 Error=3 Info=4'
        $patterns = @(Measure-LogErrors -LiteralPath $log -TimeZone UTC)
        # The deadlock error keeps its own text (the next line at its time is another session's), like the 823 error.
        $patterns.Count | Should -Be 2
        $login = $patterns | Where-Object Template -Like 'Login failed for user *(Error: <*>, Severity: <*>, State: <*>*'
        $login.Count | Should -Be 2
        $other = $patterns | Where-Object Template -EQ 'Error: <*>, Severity: <*>, State: <*>.'
        $other.Count | Should -Be 2
        $other.Level | Should -Be 'Fatal'
    }

    It 'counts a MongoDB structured log by its "s" severity and reads its {"$date": ...} time' {
        $log = Write-Log -Name 'mongod.log' -Lines @(
            '{"t":{"$date":"2026-11-27T10:00:00.123+00:00"},"s":"I",  "c":"NETWORK",  "id":22943,   "ctx":"listener","msg":"Connection accepted","attr":{"remote":"127.0.0.1:50000"}}'
            '{"t":{"$date":"2026-11-27T10:00:01.123+00:00"},"s":"E",  "c":"STORAGE",  "id":22435,   "ctx":"thread1","msg":"WiredTiger error","attr":{"error":13}}'
            '{"t":{"$date":"2026-11-27T10:00:02.123+00:00"},"s":"W",  "c":"CONTROL",  "id":22120,   "ctx":"initandlisten","msg":"Access control is not enabled"}'
            '{"t":{"$date":"2026-11-27T10:00:03.123+00:00"},"s":"D1", "c":"COMMAND",  "id":51803,   "ctx":"conn1","msg":"Slow query"}')

        Get-LevelCounts $log | Should -Be 'Error=1 Warning=1 Info=1 Debug=1'
        $summary = Measure-LogErrors -LiteralPath $log -Summary
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 0, 123, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 3, 123, [DateTimeKind]::Utc))
        (Measure-LogErrors -LiteralPath $log).Sample | Should -Be 'WiredTiger error'
    }

    It 'reads a W3C log without a date column with the #Date: directive''s date' {
        $log = Write-Log -Name 'ex.log' -Lines @(
            '#Version: 1.0'
            '#Date: 2026-11-20 05:00:00'
            '#Fields: time c-ip cs-method cs-uri-stem sc-status time-taken'
            '05:00:01 1.2.3.4 GET /a 500 10'
            '05:00:02 1.2.3.4 GET /b - 10'
            '05:00:03 1.2.3.4 GET /c 600 10')

        $entries = @(Measure-LogErrors -LiteralPath $log -Level Unknown -Entries)
        $entries.Timestamp | Should -Be @([datetime]::new(2026, 11, 20, 5, 0, 1, [DateTimeKind]::Utc), [datetime]::new(2026, 11, 20, 5, 0, 2, [DateTimeKind]::Utc), [datetime]::new(2026, 11, 20, 5, 0, 3, [DateTimeKind]::Utc))
        $entries.Level | Should -Be @('Error', 'Unknown', 'Unknown')
        $entries.Message | Should -Be @('GET /a 500', 'GET /b', 'GET /c 600')
    }

    It 'reads a CloudFront access log: W3C directives with tab-separated columns' {
        $log = Write-Log -Name 'cf.log' -Lines @(
            '#Version: 1.0'
            '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query time-taken'
            "2026-11-20`t05:00:01`tFRA56-P1`t512`t1.2.3.4`tGET`td1.cloudfront.net`t/a`t502`t-`tMozilla/5.0`t-`t0.120"
            "2026-11-20`t05:00:02`tFRA56-P1`t512`t1.2.3.4`tGET`td1.cloudfront.net`t/b`t404`t-`tMozilla/5.0`t-`t0.010"
            "2026-11-20`t05:00:03`tFRA56-P1`t512`t1.2.3.4`tGET`td1.cloudfront.net`t/c`t200`t-`tMozilla/5.0`t-`t0.002")

        $entries = @(Measure-LogErrors -LiteralPath $log -Level Unknown -Entries)
        $entries.Level | Should -Be @('Error', 'Warning', 'Info')
        $entries.Message | Should -Be @('GET /a 502', 'GET /b 404', 'GET /c 200')
        $entries[2].Timestamp | Should -Be ([datetime]::new(2026, 11, 20, 5, 0, 3, [DateTimeKind]::Utc))
        (Measure-LogErrors -LiteralPath $log -Level Unknown -Measure time-taken -GroupBy cs-uri-stem | ForEach-Object { "$($_.Group) $($_.Max)" }) | Should -Be @('/a 0.12', '/b 0.01', '/c 0.002')
    }

    It 'keeps joining exception lines to their entry in a log that mixes timestamped and .NET console entries' {
        $lines = foreach ($n in 1..6) {
            "2026-11-27 10:00:0$n,123 ERROR [main] com.x.Y - request $n failed"
            "java.lang.RuntimeException: boom $n"
            'fail: MyApp.Worker[0]'
            "      dotnet msg $n"
        }
        $log = Write-Log -Name 'mixed-console.log' -Lines $lines

        $entries = @(Measure-LogErrors -LiteralPath $log -Level Unknown -Entries)
        $entries.Count | Should -Be 12
        $entries.Message | Should -Be @(foreach ($n in 1..6) { "request $n failed`njava.lang.RuntimeException: boom $n"; "dotnet msg $n" })
    }

    It 'reports a missing file as SourceNotFound and goes on' {
        $good = Write-Log -Name 'good.log' -Lines @('ERROR one')

        $patterns = Measure-LogErrors -LiteralPath (Join-Path $work 'missing.log'), $good -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -Be 'SourceNotFound,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        $patterns.Count | Should -Be 1

        # A file under a folder that does not exist is as missing (not a permission problem).
        $null = Measure-LogErrors -Path (Join-Path $work 'no-such-folder/x.log') -ErrorVariable underMissing -ErrorAction SilentlyContinue
        $underMissing[0].FullyQualifiedErrorId | Should -Be 'SourceNotFound,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        $underMissing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'gives the exact nearest-rank percentiles of -Measure per -GroupBy value' {
        $rng = [Random]::new(7)
        $rows = @(1..100 | ForEach-Object { @{ endpoint = '/orders'; duration_ms = $_ } }) + @(1..20 | ForEach-Object { @{ endpoint = '/users'; duration_ms = $_ * 10 } })
        $lines = $rows | Sort-Object { $rng.Next() } | ForEach-Object {
            '{"timestamp":"2026-11-20T10:00:00Z","level":"info","message":"request done","endpoint":"' + $_.endpoint + '","duration_ms":' + $_.duration_ms + '}'
        }
        $log = Write-Log -Name 'perf.log' -Lines $lines

        $stats = Measure-LogErrors -LiteralPath $log -Measure duration_ms -GroupBy endpoint

        $stats.Group | Should -Be @('/orders', '/users')
        ($stats[0] | ForEach-Object { "$($_.Count) $($_.Min) $($_.Mean) $($_.P50) $($_.P95) $($_.P99) $($_.Max)" }) | Should -Be '100 1 50.5 50 95 99 100'
        ($stats[1] | ForEach-Object { "$($_.Count) $($_.Min) $($_.Mean) $($_.P50) $($_.P95) $($_.P99) $($_.Max)" }) | Should -Be '20 10 105 100 190 200 200'
        (Measure-LogErrors -LiteralPath $log -Measure duration_ms).Count | Should -Be 120
        # -Top keeps the groups with the most values (not the first by name).
        $few = @(1..3 | ForEach-Object { '{"level":"info","message":"m","endpoint":"/a","duration_ms":' + $_ + '}' }) + @(1..5 | ForEach-Object { '{"level":"info","message":"m","endpoint":"/z","duration_ms":' + $_ + '}' })
        $topLog = Write-Log -Name 'top.log' -Lines $few
        (Measure-LogErrors -LiteralPath $topLog -Measure duration_ms -GroupBy endpoint -Top 1).Group | Should -Be '/z'
    }

    It 'measures name=value in every text format, only where the name starts a word outside quotes, and "name": value in a JSON context' {
        $lines = @(
            'Nov 27 10:00:00 host app[123]: error: request failed duration_ms=5 endpoint=/z'
            '<11>1 2026-11-27T10:00:01Z host app 123 - - request failed duration_ms=6 endpoint=/z'
            'ERROR:app:request failed duration_ms=7 endpoint=/z'
            'E1127 10:00:03.123456   12345 file.go:42] request failed duration_ms=8 endpoint=/z'
            'fail: Shop.Orders[0] request failed duration_ms=9 endpoint=/z'
            "2026-11-27T10:00:05.000Z`tERROR`tapp/main.go:42`trequest failed`t{""duration_ms"": 10, ""endpoint"": ""/b""}"
            '2026-11-27T10:00:06Z level=error msg="upstream duration_ms=999 exceeded budget" duration_ms=11 endpoint=/b'
            '2026-11-27 10:00:07,123 ERROR [main] com.example.Api - request failed: upstream.duration_ms=999 x-endpoint=/zzz duration_ms=12 endpoint=/b'
            '2026-11-27 10:00:08,123 ERROR [main] com.example.Api - request failed "duration_ms=999" duration_ms=13 endpoint=/b')
        $log = Write-Log -Name 'mixed.log' -Lines $lines

        $stats = @(Measure-LogErrors -LiteralPath $log -Measure duration_ms -GroupBy endpoint -Level Error)

        # Before, syslog, RFC 5424, Python's ERROR:app:, klog and .NET lines gave no value, and the first 'duration_ms=' anywhere
        # (inside a quoted msg, after 'upstream.') won: /z 1 value, /b 999s and a group '/zzz'. Groups come most values first
        # (they were sorted by name without -Top).
        ($stats | ForEach-Object { "$($_.Group) $($_.Count) $($_.Min) $($_.Max)" }) | Should -Be @('/z 5 5 9', '/b 4 10 13')
    }

    It 'measures a value with a trailing ms or s only, and reads -Format groups and -Measure names in any case' {
        $json = Write-Log -Name 'units.log' -Lines @(foreach ($v in '12ms', '2s', '5m', '100µs', '12mss', '3mm', '7') { '{"level":"error","msg":"x","d":"' + $v + '"}' })
        $custom = Write-Log -Name 'custom.log' -Lines @('2026-11-27 10:00:00 ERROR took 40ms on /a', '2026-11-27 10:00:01 ERROR took 60ms on /a', '2026-11-27 10:00:02 WARN took 5ms on /b')

        $units = Measure-LogErrors -LiteralPath $json -Measure d
        $byCase = @(Measure-LogErrors -LiteralPath $custom -Format '^(?<Timestamp>\S+ \S+) (?<LEVEL>\w+) took (?<Took>\d+)ms on (?<Ep>\S+)$' -Measure took -GroupBy EP -Level Warning)

        # 5m (minutes), 100µs and the like were read as 5 and 100 beside milliseconds.
        "$($units.Count) $($units.Min) $($units.Max)" | Should -Be '3 2 12'
        ($byCase | ForEach-Object { "$($_.Group) $($_.Count) $($_.Max)" }) | Should -Be @('/a 2 60', '/b 1 5')
        { Measure-LogErrors -LiteralPath $custom -Summary -Top 1 } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.MeasureLogErrorsCommand'
    }

    It 'reads a nested JSON field to the end of its value, keeps a record''s own null field, and takes no field from a URL''s query' {
        $log = Write-Log -Name 'pino.log' -Lines @(
            '{"level":50,"time":1795773600000,"req":{"id":1},"res":{"statusCode":500},"responseTime":5,"msg":"request errored"}'
            '{"level":50,"time":1795773601000,"req":{"id":2},"res":{"statusCode":502},"responseTime":7,"msg":"request errored"}'
            '{"level":50,"time":1795773602000,"res":{"statusCode":500,"headers":{}},"responseTime":9,"msg":"request errored"}')
        $own = Write-Log -Name 'own.log' -Lines @(
            '{"level":"error","msg":"a","upstream": {"duration_ms": 999}, "duration_ms": null}'
            '{"level":"error","msg":"b","http":{"duration_ms":5,"status":200}}')
        $text = Write-Log -Name 'text.log' -Lines @(
            '2026-11-27 10:00:00 ERROR ctx:duration_ms=500'
            'ERROR:app:duration_ms=20 route=/b'
            '2026-11-27 10:00:01 ERROR url=/api?duration_ms=5 duration_ms=100')

        $groups = @(Measure-LogErrors -LiteralPath $log -Measure responseTime -GroupBy statusCode)
        $nested = Measure-LogErrors -LiteralPath $own -Measure duration_ms
        $values = @(Measure-LogErrors -LiteralPath $text -Measure duration_ms) | Sort-Object Min

        # Before: groups '500},"responseTime":5,"msg":"request' and the like; the null field replaced by the nested 999; ctx: no value.
        ($groups | ForEach-Object { "$($_.Group) $($_.Count)" }) | Should -Be @('500 2', '502 1')
        "$($nested.Count) $($nested.Min)" | Should -Be '1 5'
        ($values | ForEach-Object { "$($_.Count) $($_.Min)" }) | Should -Be @('1 20', '1 100', '1 500')
    }

    It 'reads piped rows and bags as Windows events or JSON lines by their shape, and goes on past a property that throws' {
        $rows = "Level,Message,Id`n1,crashed,1`n2,failed,1`n3,low disk,1`n4,started,1" | ConvertFrom-Csv
        $bags = @(
            [pscustomobject]@{ Message = $null; Level = 'Error'; ProviderName = 'Disk'; Id = 7 }
            [pscustomobject]@{ Message = 'timed out'; Level = 'Error'; Timestamp = '2024-05-01 10:00:00' })
        $hashtable = '{"message":"x failed","level":"error"}' | ConvertFrom-Json -AsHashtable
        $bad = [pscustomobject]@{ Message = 'm' }
        $bad | Add-Member -MemberType ScriptProperty -Name TimeCreated -Value { throw 'boom' }

        $levels = @($rows | Measure-LogErrors -Entries -Level Unknown).Level
        $entries = @($bags | Measure-LogErrors -Entries -Level Unknown -TimeZone 'Asia/Tokyo')
        $fromHashtable = $hashtable | Measure-LogErrors -Summary
        $survived = @($bags[1], $bad, $bags[1]) | Measure-LogErrors -Summary -ErrorVariable failed -ErrorAction SilentlyContinue

        # Import-Csv's Level '2' is Windows' Error (it was Unknown, then syslog's Critical); a null Message keeps its provider's
        # text; a text timestamp is read in -TimeZone; -AsHashtable's "message" was refused; a throwing property ended the run.
        "$levels" | Should -Be 'Critical Error Warning Info'
        $entries[0].Message | Should -Be 'Disk event 7 (no message)'
        $entries[1].Timestamp | Should -Be ([datetime]::new(2024, 5, 1, 1, 0, 0, [DateTimeKind]::Utc))
        $fromHashtable.Errors | Should -Be 1
        $survived.Errors | Should -Be 2
        $failed[0].FullyQualifiedErrorId | Should -Be 'UnsupportedLogInput,OpsModule.Cmdlets.MeasureLogErrorsCommand'
    }

    It 'warns when a -Format timestamp group holds no date and time, naming the first such line' {
        $format = '^(?<timestamp>[^|]*)\|(?<level>\w+)\|(?<message>.*)$'
        $bad = Write-Log -Name 'bad.log' -Lines @('2026-11-27T10:00:00Z|ERROR|one', 'Thu, 27 Nov 2026 10:00:07 GMT|ERROR|two', '10:00:09|ERROR|three')
        $good = Write-Log -Name 'good.log' -Lines @('2026-11-27T10:00:00Z|ERROR|one', '1795773600|ERROR|two')

        $entries = @(Measure-LogErrors -LiteralPath $bad -Format $format -Entries -WarningVariable badWarned -WarningAction SilentlyContinue)
        $null = Measure-LogErrors -LiteralPath $good -Format $format -Summary -WarningVariable goodWarned -WarningAction SilentlyContinue

        # Before, such lines silently took the timestamp of the entry above.
        @($badWarned).Count | Should -Be 1
        "$($badWarned[0])" | Should -BeLike "*bad.log*line 2*'Thu, 27 Nov 2026 10:00:07 GMT'*no date and time*"
        $entries[1].Timestamp | Should -Be $entries[0].Timestamp
        $goodWarned | Should -BeNullOrEmpty
    }

    It 'reads objects from ConvertFrom-Json as their JSON lines: level, time and -Measure fields under any of their names' {
        $records = @(
            '{"@timestamp":"2026-11-27T10:00:00.000Z","log.level":"error","message":"ecs failure","duration_ms":5,"endpoint":"/a"}'
            '{"time":"2026-11-27T10:00:01Z","severity":"ERROR","message":"gcp failure","duration_ms":7,"endpoint":"/b"}'
            '{"level":50,"time":1795773602000,"message":"pino failure","duration_ms":9,"endpoint":"/a"}'
            '{"ts":"2026-11-27T10:00:03Z","lvl":"warn","message":"lvl key","http":{"duration_ms":11}}')
        $objects = $records | ConvertFrom-Json

        $fromObjects = $objects | Measure-LogErrors -Summary
        $fromLines = $records | Measure-LogErrors -Summary
        $measured = @($objects | Measure-LogErrors -Measure duration_ms -GroupBy endpoint -Level Error)

        # Before, an object with a message property was read as an event: Unknown, no time, nothing measured.
        "$($fromObjects.Errors) $($fromObjects.Warnings) $($fromObjects.FirstTimestamp.ToString('o'))" | Should -Be "$($fromLines.Errors) $($fromLines.Warnings) $($fromLines.FirstTimestamp.ToString('o'))"
        "$($fromObjects.Errors) $($fromObjects.Warnings)" | Should -Be '3 1'
        $fromObjects.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 3, [DateTimeKind]::Utc))
        ($measured | ForEach-Object { "$($_.Group) $($_.Count) $($_.Max)" }) | Should -Be @('/a 2 9', '/b 1 7')
    }

    It 'warns, naming the field and the entries looked at, when no entry has the -Measure or -GroupBy field' {
        $log = Write-Log -Name 'app.log' -Lines @(1..50 | ForEach-Object { "2026-11-27 00:00:$('{0:d2}' -f ($_ % 60)),000 - app - ERROR - Query failed after $_ ms" })
        $json = Write-Log -Name 'perf.log' -Lines @(1..4 | ForEach-Object { '{"level":"error","message":"slow","duration_ms":' + $_ + '}' })

        $none = Measure-LogErrors -LiteralPath $log -Measure duration_ms -GroupBy endpoint -WarningVariable noneWarned -WarningAction SilentlyContinue
        $ungrouped = Measure-LogErrors -LiteralPath $json -Measure duration_ms -GroupBy endpoint -WarningVariable groupWarned -WarningAction SilentlyContinue
        $errorsOnly = Measure-LogErrors -LiteralPath $log -Level Error -Measure elapsed -WarningVariable levelWarned -WarningAction SilentlyContinue
        $fine = Measure-LogErrors -LiteralPath $json -Measure duration_ms -WarningVariable fineWarned -WarningAction SilentlyContinue

        $none | Should -BeNullOrEmpty
        @($noneWarned).Count | Should -Be 2
        "$($noneWarned[0])" | Should -BeLike "*-Measure 'duration_ms': none of the 50 entries looked at had a numeric value for 'duration_ms'*"
        "$($noneWarned[1])" | Should -BeLike "*-GroupBy 'endpoint': none of the 50 entries looked at had the field 'endpoint'*"
        "$($ungrouped.Group)|$($ungrouped.Count)" | Should -Be '|4'
        @($groupWarned).Count | Should -Be 1
        "$($groupWarned[0])" | Should -BeLike "*-GroupBy 'endpoint': none of the 4 entries looked at had the field 'endpoint', so all values are in one group*"
        "$($levelWarned[0])" | Should -BeLike "*none of the 50 entries at or above -Level Error looked at had a numeric value for 'elapsed'*"
        $fine.Count | Should -Be 4
        $fineWarned | Should -BeNullOrEmpty
    }

    It 'emits only the first -Top entries in input order with -Entries' {
        $log = Write-Log -Name 'app.log' -Lines @(1..50 | ForEach-Object { "2026-11-27 10:00:$('{0:d2}' -f $_) ERROR a.B - failure $_" })

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Top 2)

        $entries.LineNumber | Should -Be @(1, 2)
        $entries.Message | Should -Be @('failure 1', 'failure 2')
        @(Measure-LogErrors -LiteralPath $log -Entries).Count | Should -Be 50
    }

    It 'refuses piped objects that are no log line, file or entry with UnsupportedLogInput and counts only the rest' {
        $line = '2026-11-27 10:00:00 ERROR a.B - disk full'
        $summary = @($line, (Get-Process -Id $PID), 42, @{ Level = 'Error' }, '2026-11-27 10:00:01 WARN a.B - low memory') |
            Measure-LogErrors -Summary -ErrorVariable refused -ErrorAction SilentlyContinue

        "$($summary.Lines) $($summary.Entries) $($summary.Errors) $($summary.Warnings)" | Should -Be '2 2 1 1'
        $refused.Count | Should -Be 3
        $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'UnsupportedLogInput,OpsModule.Cmdlets.MeasureLogErrorsCommand' }
        $refused | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        $refused[0].Exception.Message | Should -BeLike 'An object of type System.Diagnostics.Process is not a log line, so it was not counted. Pipe strings*'
        $refused[1].Exception.Message | Should -BeLike '*type System.Int32*'
        $refused[2].Exception.Message | Should -BeLike '*type System.Collections.Hashtable*'
        $refused[0].TargetObject | Should -BeOfType ([Diagnostics.Process])

        # Lines from Get-Content (strings with PSPath notes) and a JSON event from ConvertFrom-Json still count.
        $log = Write-Log -Name 'app.log' -Lines @($line, '2026-11-27 10:00:01 INFO a.B - ok')
        (Get-Content -LiteralPath $log | Measure-LogErrors -Summary -ErrorVariable contentFailed).Lines | Should -Be 2
        $contentFailed | Should -BeNullOrEmpty
        $event = '{"level":"error","msg":"boom","ts":"2026-11-27T10:00:00Z"}' | ConvertFrom-Json | Measure-LogErrors -Entries
        "$($event.Level) $($event.Message)" | Should -Be 'Error boom'
    }

    It 'binds Get-ChildItem output, reads folders with -Recurse, and takes a -Format regex' {
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'sub')
        $null = Write-Log -Name 'sub/x[1].log' -Lines @('E|2026-11-20 10:00:00|disk full', 'I|2026-11-20 10:00:01|ok', 'E|2026-11-20 10:00:02|disk full')

        (Get-ChildItem -LiteralPath (Join-Path $work 'sub') | Measure-LogErrors -Summary).Files | Should -Be 1
        (Measure-LogErrors -LiteralPath $work -Recurse -Summary).Lines | Should -Be 3
        $custom = Measure-LogErrors -LiteralPath $work -Recurse -Format '^(?<level>\w)\|(?<timestamp>[^|]+)\|(?<message>.*)$' -TimeZone UTC
        $custom.Count | Should -Be 2
        $custom.LastSeen | Should -Be ([datetime]::new(2026, 11, 20, 10, 0, 2, [DateTimeKind]::Utc))
    }

    It 'builds an hourly histogram with -Summary -Bucket' {
        $log = Write-Log -Name 'h.log' -Lines @('2026-11-20T10:05:00Z ERROR a', '2026-11-20T10:55:00Z INFO b', '2026-11-20T12:01:00Z ERROR c')

        $summary = Measure-LogErrors -LiteralPath $log -Summary -Bucket 1h
        # A number without a unit is refused (before: 7 seconds, silently).
        { Measure-LogErrors -LiteralPath $log -Summary -Bucket 7 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.MeasureLogErrorsCommand'

        ($summary.Buckets | ForEach-Object { '{0:HH} {1} {2}' -f $_.Start, $_.Entries, $_.Errors }) | Should -Be @('10 2 1', '12 1 1')
        $summary.ErrorRate | Should -Be (2 / 3)
        $summary.Severity | Should -Be 'Warning'
    }

    It 'refuses conflicting outputs with InvalidArgument' {
        $log = Write-Log -Name 'a.log' -Lines @('ERROR x')
        { Measure-LogErrors -LiteralPath $log -Entries -Summary -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        { Measure-LogErrors -LiteralPath $log -TimeZone 'Nowhere/Else' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        { Measure-LogErrors -LiteralPath $log -Since '2026-11-27 12:00' -Until '2026-11-27 11:00' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        @(Measure-LogErrors -LiteralPath $log -Since '2026-11-27 11:00' -Until '2026-11-27 11:00' -Summary -ErrorAction Stop).Count | Should -Be 1
    }

    It 'reads a -Since or -Until that a daylight-saving change skipped with the standard offset, as it reads such a log line' {
        # Europe/Berlin skipped 02:00-03:00 on 2026-03-29; 02:30 there is read as 01:30 UTC, in the log and in -Since.
        $log = Write-Log -Name 'dst.log' -Lines @('2026-03-29 02:29:00 ERROR a.B - before', '2026-03-29 02:30:00 ERROR a.B - at', '2026-03-29 03:31:00 ERROR a.B - after')

        $since = Measure-LogErrors -LiteralPath $log -Entries -TimeZone 'Europe/Berlin' -Since '2026-03-29 02:30' -ErrorAction Stop
        $until = Measure-LogErrors -LiteralPath $log -Summary -TimeZone 'Europe/Berlin' -Until '2026-03-29 02:30' -ErrorAction Stop

        $since.Message | Should -Be @('at', 'after')
        $since[0].Timestamp | Should -Be ([datetime]::new(2026, 3, 29, 1, 30, 0, [DateTimeKind]::Utc))
        $until.Entries | Should -Be 2
    }

    It 'reads PostgreSQL''s jsonlog: the level from error_severity (LOG as Info), the message, and the stamp in -TimeZone' {
        # Lines PostgreSQL 15 wrote with log_destination = 'jsonlog' and log_timezone = 'Europe/Berlin'.
        $log = Write-Log -Name 'postgresql.json' -Lines @(
            '{"timestamp":"2026-11-28 17:56:44.470 CET","pid":7209,"session_id":"6b0b07cc.1c29","line_num":1,"session_start":"2026-11-28 17:56:44 CET","txid":0,"error_severity":"LOG","message":"starting PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit","backend_type":"postmaster","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:44.543 CET","pid":7209,"session_id":"6b0b07cc.1c29","line_num":4,"session_start":"2026-11-28 17:56:44 CET","txid":0,"error_severity":"LOG","message":"database system is ready to accept connections","backend_type":"postmaster","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:53.748 CET","user":"postgres","dbname":"postgres","pid":7496,"remote_host":"127.0.0.1","remote_port":46266,"session_id":"6b0b07d5.1d48","line_num":1,"ps":"INSERT","session_start":"2026-11-28 17:56:53 CET","vxid":"3/6","txid":727,"error_severity":"ERROR","state_code":"23505","message":"duplicate key value violates unique constraint \"t_pkey\"","detail":"Key (id)=(1) already exists.","statement":"insert into t values (1,''dup1'')","application_name":"psql","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:54.194 CET","user":"postgres","dbname":"postgres","pid":7502,"remote_host":"127.0.0.1","remote_port":46300,"session_id":"6b0b07d6.1d4e","line_num":1,"ps":"SELECT","session_start":"2026-11-28 17:56:54 CET","vxid":"3/12","txid":0,"error_severity":"ERROR","state_code":"22012","message":"division by zero","statement":"select 1/0 as boom1","application_name":"psql","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:54.935 CET","user":"postgres","dbname":"postgres","pid":7532,"remote_host":"127.0.0.1","remote_port":46330,"session_id":"6b0b07d6.1d6c","line_num":1,"ps":"SELECT","session_start":"2026-11-28 17:56:54 CET","vxid":"3/20","txid":0,"error_severity":"ERROR","state_code":"42703","message":"column \"nosuchcol\" does not exist","statement":"select id,\n   v\n from t\n where nosuchcol = 1","cursor_position":32,"application_name":"psql","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:55.176 CET","user":"postgres","dbname":"postgres","pid":7552,"remote_host":"127.0.0.1","remote_port":46346,"session_id":"6b0b07d7.1d80","line_num":1,"ps":"DO","session_start":"2026-11-28 17:56:55 CET","vxid":"3/22","txid":0,"error_severity":"WARNING","state_code":"01000","message":"low disk on volume 3","context":"PL/pgSQL function inline_code_block line 1 at RAISE","application_name":"psql","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:55.467 CET","user":"postgres","dbname":"postgres","pid":7560,"remote_host":"127.0.0.1","remote_port":46362,"session_id":"6b0b07d7.1d88","line_num":1,"ps":"DO","session_start":"2026-11-28 17:56:55 CET","vxid":"3/26","txid":0,"error_severity":"ERROR","state_code":"P0001","message":"custom failure for tenant acme","hint":"check tenant config","context":"PL/pgSQL function inline_code_block line 1 at RAISE","statement":"DO $$ BEGIN RAISE EXCEPTION ''custom failure for tenant %'', ''acme'' USING HINT = ''check tenant config''; END $$","application_name":"psql","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:55.617 CET","user":"postgres","dbname":"postgres","pid":7562,"remote_host":"127.0.0.1","remote_port":46374,"session_id":"6b0b07d7.1d8a","line_num":1,"ps":"authentication","session_start":"2026-11-28 17:56:55 CET","vxid":"3/27","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \"postgres\"","detail":"Connection matched pg_hba.conf line 87: \"host    all             all             127.0.0.1/32            scram-sha-256\"","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:55.881 CET","user":"postgres","dbname":"nosuchdb","pid":7566,"remote_host":"127.0.0.1","remote_port":46400,"session_id":"6b0b07d7.1d8e","line_num":1,"ps":"startup","session_start":"2026-11-28 17:56:55 CET","vxid":"3/29","txid":0,"error_severity":"FATAL","state_code":"3D000","message":"database \"nosuchdb\" does not exist","backend_type":"client backend","query_id":0}'
            '{"timestamp":"2026-11-28 17:56:56.044 CET","pid":7211,"session_id":"6b0b07cc.1c2b","line_num":2,"session_start":"2026-11-28 17:56:44 CET","txid":0,"error_severity":"LOG","message":"checkpoint complete: wrote 42 buffers (0.3%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.009 s, sync=0.010 s, total=0.028 s; sync files=36, longest=0.002 s, average=0.001 s; distance=146 kB, estimate=146 kB","backend_type":"checkpointer","query_id":0}')

        Get-LevelCounts $log | Should -Be 'Fatal=2 Error=4 Warning=1 Info=3'
        $summary = Measure-LogErrors -LiteralPath $log -Summary -TimeZone Europe/Berlin
        $summary.Errors | Should -Be 6
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 56, 44, 470, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 56, 56, 44, [DateTimeKind]::Utc))
        $errors = Measure-LogErrors -LiteralPath $log -Entries -TimeZone Europe/Berlin
        $errors.Count | Should -Be 6
        $errors[0].Message | Should -BeLike 'duplicate key value violates unique constraint "t_pkey"*'
        $errors[0].Timestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 56, 53, 748, [DateTimeKind]::Utc))
        $errors.Level | Should -Be @('Error', 'Error', 'Error', 'Error', 'Fatal', 'Fatal')
        (Measure-LogErrors -LiteralPath $log -Level Fatal).Template | Should -Be @('database <*> does not exist', 'password authentication failed for user <*>')
    }

    It 'reads PostgreSQL''s csvlog: one entry per record (a quoted field''s lines included), the level from error_severity, the message column' {
        # Rows PostgreSQL 15 wrote with log_destination = 'csvlog' and log_timezone = 'Europe/Berlin'; a statement and a detail span lines.
        $log = Write-Log -Name 'postgresql.csv' -Lines @(
            '2026-11-28 17:56:44.470 CET,,,7209,,6b0b07cc.1c29,1,,2026-11-28 17:56:44 CET,,0,LOG,00000,"starting PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit",,,,,,,,,"","postmaster",,0'
            '2026-11-28 17:56:53.748 CET,"postgres","postgres",7496,"127.0.0.1:46266",6b0b07d5.1d48,1,"INSERT",2026-11-28 17:56:53 CET,3/6,727,ERROR,23505,"duplicate key value violates unique constraint ""t_pkey""","Key (id)=(1) already exists.",,,,,"insert into t values (1,''dup1'')",,,"psql","client backend",,0'
            '2026-11-28 17:56:54.935 CET,"postgres","postgres",7532,"127.0.0.1:46330",6b0b07d6.1d6c,1,"SELECT",2026-11-28 17:56:54 CET,3/20,0,ERROR,42703,"column ""nosuchcol"" does not exist",,,,,,"select id,'
            '   v'
            ' from t'
            ' where nosuchcol = 1",32,,"psql","client backend",,0'
            '2026-11-28 17:56:55.176 CET,"postgres","postgres",7552,"127.0.0.1:46346",6b0b07d7.1d80,1,"DO",2026-11-28 17:56:55 CET,3/22,0,WARNING,01000,"low disk on volume 3",,,,,"PL/pgSQL function inline_code_block line 1 at RAISE",,,,"psql","client backend",,0'
            '2026-11-28 17:56:55.745 CET,"alice","alice",7564,"127.0.0.1:46390",6b0b07d7.1d8c,1,"authentication",2026-11-28 17:56:55 CET,3/28,0,FATAL,28P01,"password authentication failed for user ""alice""","Role ""alice"" does not exist.'
            'Connection matched pg_hba.conf line 87: ""host    all             all             127.0.0.1/32            scram-sha-256""",,,,,,,,"","client backend",,0'
            '2026-11-28 17:56:55.881 CET,"postgres","nosuchdb",7566,"127.0.0.1:46400",6b0b07d7.1d8e,1,"startup",2026-11-28 17:56:55 CET,3/29,0,FATAL,3D000,"database ""nosuchdb"" does not exist",,,,,,,,,"","client backend",,0'
            '2026-11-28 17:56:56.044 CET,,,7211,,6b0b07cc.1c2b,2,,2026-11-28 17:56:44 CET,,0,LOG,00000,"checkpoint complete: wrote 42 buffers (0.3%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.009 s, sync=0.010 s, total=0.028 s; sync files=36, longest=0.002 s, average=0.001 s; distance=146 kB, estimate=146 kB",,,,,,,,,"","checkpointer",,0')

        Get-LevelCounts $log | Should -Be 'Fatal=2 Error=2 Warning=1 Info=2'
        $summary = Measure-LogErrors -LiteralPath $log -Summary -TimeZone Europe/Berlin
        $summary.Lines | Should -Be 11
        $summary.Entries | Should -Be 7
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 28, 16, 56, 44, 470, [DateTimeKind]::Utc))
        $entries = Measure-LogErrors -LiteralPath $log -Entries -Level Info -TimeZone Europe/Berlin
        $entries.LineNumber | Should -Be @(1, 2, 3, 7, 8, 10, 11)
        $entries[2].Message | Should -Be ('column "nosuchcol" does not exist' + "`n   v`n from t`n where nosuchcol = 1"",32,,""psql"",""client backend"",,0")
        $entries[4].Message | Should -BeLike 'password authentication failed for user "alice"*Connection matched pg_hba.conf line 87*'
        (Measure-LogErrors -LiteralPath $log -Level Fatal).Template | Should -Be @('database <*> does not exist', 'password authentication failed for user <*>')
    }

    It 'shows a JSON line''s stack trace after its message with -Entries (pino, winston, .NET JSON console, Serilog), and renders Serilog''s compact JSON templates' {
        # Lines pino 10, winston 3, Microsoft.Extensions.Logging's JsonConsole and bunyan 2 wrote (bunyan's err was empty).
        $json = Write-Log -Name 'node-dotnet.json' -Lines @(
            '{"level":50,"time":1795884797211,"pid":2084,"hostname":"vm","err":{"type":"TypeError","message":"Cannot read properties of undefined (reading ''id'')","stack":"TypeError: Cannot read properties of undefined (reading ''id'')\n    at work (/tmp/adv80/node/gen.js:9:9)\n    at Object.<anonymous> (/tmp/adv80/node/gen.js:14:3)\n    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n    at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)\n    at Module.load (node:internal/modules/cjs/loader:1266:32)\n    at Module._load (node:internal/modules/cjs/loader:1091:12)\n    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n    at node:internal/main/run_main_module:28:49"},"msg":"Order handler crashed"}'
            '{"level":"error","message":"Cannot read properties of undefined (reading ''id'')","stack":"TypeError: Cannot read properties of undefined (reading ''id'')\n    at work (/tmp/adv80/node/gen.js:9:9)\n    at Object.<anonymous> (/tmp/adv80/node/gen.js:32:3)\n    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n    at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)\n    at Module.load (node:internal/modules/cjs/loader:1266:32)\n    at Module._load (node:internal/modules/cjs/loader:1091:12)\n    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n    at node:internal/main/run_main_module:28:49","timestamp":"2026-11-28T16:53:17.278Z"}'
            '{"Timestamp":"2026-11-28T16:55:24.635\u002B00:00","EventId":0,"LogLevel":"Error","Category":"Shop.Orders.OrderProcessor","Message":"Unhandled exception while processing order 42","Exception":"System.InvalidOperationException: Saving order 42 failed\n ---\u003E System.IO.IOException: Connection reset by peer (order 42)\n   at Work.Repo(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 7\n   at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8\n   --- End of inner exception stack trace ---\n   at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8\n   at Work.MakeEx(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 9","State":{"OrderId":42,"{OriginalFormat}":"Unhandled exception while processing order {OrderId}"}}'
            '{"name":"orders","hostname":"vm","pid":2084,"level":50,"err":{},"msg":"Order handler crashed","time":"2026-11-28T16:53:17.312Z","v":0}')
        # Serilog 4's CompactJsonFormatter: @mt and the values, no @m.
        $clef = Write-Log -Name 'serilog.clef' -Lines @(
            '{"@t":"2026-11-28T16:55:25.3191222Z","@mt":"Request {Path} finished in {Elapsed} ms","Path":"/api/items/0","Elapsed":12}'
            '{"@t":"2026-11-28T16:55:25.3333752Z","@mt":"Request {Path} finished in {Elapsed} ms","Path":"/api/items/1","Elapsed":13}'
            '{"@t":"2026-11-28T16:55:25.3335833Z","@mt":"Request {Path} finished in {Elapsed} ms","Path":"/api/items/2","Elapsed":14}'
            '{"@t":"2026-11-28T16:55:25.3335929Z","@mt":"Request {Path} finished in {Elapsed} ms","Path":"/api/items/3","Elapsed":15}'
            '{"@t":"2026-11-28T16:55:25.3335986Z","@mt":"Request {Path} finished in {Elapsed} ms","Path":"/api/items/4","Elapsed":16}'
            '{"@t":"2026-11-28T16:55:25.3336045Z","@mt":"Cache refreshed with {Count} keys","@l":"Debug","Count":311}'
            '{"@t":"2026-11-28T16:55:25.3337592Z","@mt":"Entering handler","@l":"Verbose"}'
            '{"@t":"2026-11-28T16:55:25.3340934Z","@mt":"Retry {Attempt} for downstream {Service}","@l":"Warning","Attempt":1,"Service":"billing"}'
            '{"@t":"2026-11-28T16:55:25.3341099Z","@mt":"Retry {Attempt} for downstream {Service}","@l":"Warning","Attempt":2,"Service":"billing"}'
            '{"@t":"2026-11-28T16:55:25.3341478Z","@mt":"Retry {Attempt} for downstream {Service}","@l":"Warning","Attempt":3,"Service":"billing"}'
            '{"@t":"2026-11-28T16:55:25.3341556Z","@mt":"Order {OrderId} rejected by payment provider","@l":"Error","OrderId":7000}'
            '{"@t":"2026-11-28T16:55:25.3341627Z","@mt":"Order {OrderId} rejected by payment provider","@l":"Error","OrderId":7001}'
            '{"@t":"2026-11-28T16:55:25.3341680Z","@mt":"Order {OrderId} rejected by payment provider","@l":"Error","OrderId":7002}'
            '{"@t":"2026-11-28T16:55:25.3348278Z","@mt":"Unhandled exception while processing order {OrderId}","@l":"Error","@x":"System.InvalidOperationException: Saving order 42 failed\n ---> System.IO.IOException: Connection reset by peer (order 42)\n   at Work.Repo(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 7\n   at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8\n   --- End of inner exception stack trace ---\n   at Work.Svc(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 8\n   at Work.MakeEx(Int32 id) in /tmp/adv80/dotnet/Program.cs:line 9","OrderId":42}'
            '{"@t":"2026-11-28T16:55:25.3582364Z","@mt":"Database unreachable, stopping host","@l":"Fatal"}')

        Get-LevelCounts $json | Should -Be 'Error=4'
        Get-LevelCounts $clef | Should -Be 'Fatal=1 Error=4 Warning=3 Info=5 Debug=1 Trace=1'
        $entries = Measure-LogErrors -LiteralPath $json -Entries
        $entries.Count | Should -Be 4
        $entries[0].Message | Should -BeLike "Order handler crashed`nTypeError: Cannot read properties of undefined (reading 'id')`n    at work (/tmp/adv80/node/gen.js:9:9)`n*"
        $entries[1].Message | Should -BeLike "Cannot read properties of undefined (reading 'id')`nTypeError: Cannot read properties of undefined (reading 'id')`n    at work*"
        $entries[2].Message | Should -BeLike "Unhandled exception while processing order 42`nSystem.InvalidOperationException: Saving order 42 failed`n ---> System.IO.IOException: Connection reset by peer (order 42)`n*--- End of inner exception stack trace ---*"
        $entries[3].Message | Should -Be 'Order handler crashed'
        # Patterns and their samples keep the message alone, and -Summary counts as before.
        (Measure-LogErrors -LiteralPath $json | Where-Object Template -EQ 'Order handler crashed').Sample | Should -Be 'Order handler crashed'

        $errors = Measure-LogErrors -LiteralPath $clef -Entries
        $errors.Message[0..2] | Should -Be @('Order 7000 rejected by payment provider', 'Order 7001 rejected by payment provider', 'Order 7002 rejected by payment provider')
        $errors[3].Message | Should -BeLike "Unhandled exception while processing order 42`nSystem.InvalidOperationException: Saving order 42 failed`n*"
        (Measure-LogErrors -LiteralPath $clef -Level Warning -Entries).Message[0] | Should -Be 'Retry 1 for downstream "billing"'
        $patterns = Measure-LogErrors -LiteralPath $clef -Level Trace
        ($patterns | Where-Object Template -EQ 'Order <*> rejected by payment provider').Count | Should -Be 3
        ($patterns | Where-Object Template -EQ 'Request <*> finished in <*> ms').Count | Should -Be 5
    }

    It 'counts nginx and Apache [alert] as Critical, and a Serilog compact JSON line without @l as Information' {
        $web = Write-Log -Name 'error.log' -Lines @(
            '2026/11/20 10:00:00 [alert] 1#1: worker process 77 exited on signal 9'
            '[Fri Nov 20 10:00:01.123456 2026] [core:alert] [pid 3:tid 4] AH00052: child pid 5 exit signal Segmentation fault (11)'
            '2026/11/20 10:00:02 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)'
            '2026/11/20 10:00:03 [error] 1#1: *5 open() "/x" failed (2: No such file or directory)')
        $clef = Write-Log -Name 'clef.json' -Lines @(
            '{"@t":"2026-11-20T10:00:00.0000000Z","@mt":"Started {App}","App":"api"}'
            '{"@t":"2026-11-20T10:00:01.0000000Z","@mt":"Request {Path} failed","@l":"Error","Path":"/a"}'
            '{"@t":"2026-11-20T10:00:02.0000000Z","@m":"Cache \"warm\"","@i":"a1b2c3d4"}'
            '{"@t":"2026-11-20T10:00:03.0000000Z","@mt":"Slow {Ms}","@l":"Warning","Ms":5}')

        Get-LevelCounts $web | Should -Be 'Fatal=1 Critical=2 Error=1'
        Get-LevelCounts $clef | Should -Be 'Error=1 Warning=1 Info=2'
        # A template (@mt) is rendered with the line's values, as Serilog renders it (strings in quotes).
        (Measure-LogErrors -LiteralPath $clef -Level Info -Entries).Message | Should -Be @('Started "api"', 'Request "/a" failed', 'Cache "warm"', 'Slow 5')
    }

    It 'gives entries from Select-String matches the file and line number of the match' {
        $log = Write-Log -Name 'sel.log' -Lines @('2026-11-20 10:00:00 INFO a.B - start', '2026-11-20 10:00:01 ERROR a.B - disk 3 failed', '2026-11-20 10:00:02 INFO a.B - ok', '2026-11-20 10:00:03 ERROR a.B - disk 5 failed')

        # Before: File was empty and LineNumber the match's place in the pipeline (1, 2).
        $entries = @(Select-String -LiteralPath $log -Pattern 'ERROR' | Measure-LogErrors -Entries)
        $fromText = @(Get-Content -LiteralPath $log | Select-String -Pattern 'ERROR' | Measure-LogErrors -Entries)

        $entries.File | Should -Be @($log, $log)
        $entries.LineNumber | Should -Be @(2, 4)
        $entries.Message | Should -Be @('disk 3 failed', 'disk 5 failed')
        # Matches of piped text (Path 'InputStream') name no file.
        $fromText.File | Should -Be @('', '')
        $fromText.LineNumber | Should -Be @(2, 4)
    }

    It 'reads the files that piped objects name (Import-Csv rows, LiteralPath or PSPath properties), not their text' {
        $log = Write-Log -Name 'listed.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 ERROR a.B - two', '2026-11-20 10:00:02 INFO a.B - three')
        $csv = Join-Path $work 'logs.csv'
        [pscustomobject]@{ Path = $log; Owner = 'ops' } | Export-Csv -LiteralPath $csv

        $fromCsv = Import-Csv -LiteralPath $csv | Measure-LogErrors -Summary
        $fromLiteral = [pscustomobject]@{ LiteralPath = $log } | Measure-LogErrors -Summary
        $fromPSPath = [pscustomobject]@{ PSPath = (Get-Item -LiteralPath $log).PSPath } | Measure-LogErrors -Summary
        $missing = [pscustomobject]@{ LiteralPath = (Join-Path $work 'gone.log') } | Measure-LogErrors -Summary -ErrorVariable failed -ErrorAction SilentlyContinue
        # Select-String's matches have a Path too, but they are lines: each is counted as one. So is a JSON event whose
        # "path" is a URL path.
        $matches = Select-String -LiteralPath $log -Pattern 'ERROR' | Measure-LogErrors -Summary
        $event = '{"level":"error","msg":"boom","path":"/api/users"}' | ConvertFrom-Json | Measure-LogErrors -Summary -ErrorVariable eventFailed -ErrorAction SilentlyContinue
        $eventFailed | Should -BeNullOrEmpty
        "$($event.Files) $($event.Lines)" | Should -Be '0 1'

        foreach ($summary in $fromCsv, $fromLiteral, $fromPSPath) {
            "$($summary.Files) $($summary.Lines) $($summary.Errors)" | Should -Be '1 3 2'
        }
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SourceNotFound*'
        "$($missing.Files) $($missing.Lines)" | Should -Be '0 0'
        "$($matches.Files) $($matches.Lines) $($matches.Errors)" | Should -Be '0 2 2'
    }

    It 'reads arrays item by item (-InputObject, Get-Content -ReadCount) and counts an event whose Message is null at its level' {
        $lines = @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 WARN a.B - two', '2026-11-20 10:00:02 ERROR a.B - three')
        $log = Write-Log -Name 'r.log' -Lines $lines
        $t = [datetime]::new(2026, 11, 20, 10, 0, 0, [DateTimeKind]::Utc)
        $events = @(
            [pscustomobject]@{ Message = $null; Id = 1000; ProviderName = 'Application Error'; Level = [byte]2; LevelDisplayName = 'Error'; TimeCreated = $t }
            [pscustomobject]@{ Message = $null; Id = 1000; ProviderName = 'Application Error'; Level = [byte]2; LevelDisplayName = 'Error'; TimeCreated = $t.AddMinutes(1) }
            [pscustomobject]@{ Message = 'Low memory'; Level = [byte]3; TimeCreated = $t.AddMinutes(2) })

        $direct = Measure-LogErrors -InputObject $lines -Summary
        $chunks = Get-Content -LiteralPath $log -ReadCount 2 | Measure-LogErrors -Summary
        $summary = $events | Measure-LogErrors -Summary
        $patterns = $events | Measure-LogErrors

        "$($direct.Lines) $($direct.Errors) $($direct.Warnings)" | Should -Be '3 2 1'
        "$($chunks.Lines) $($chunks.Errors) $($chunks.Warnings)" | Should -Be '3 2 1'
        "$($summary.Errors) $($summary.Warnings) $($summary.LastTimestamp.ToString('HH:mm'))" | Should -Be '2 1 10:02'
        @($patterns).Count | Should -Be 1
        $patterns[0].Template | Should -Be 'Application Error event 1000 (no message)'
        $patterns[0].Count | Should -Be 2
    }

    It 'keeps events without a message apart by provider and event id, and never masks the id' {
        $t = [datetime]::new(2026, 11, 20, 10, 0, 0, [DateTimeKind]::Utc)
        $events = foreach ($id in 7001, 7002, 7001, 7003, 7002, 7001) {
            [pscustomobject]@{ Message = $null; Id = $id; ProviderName = 'MyProv'; Level = [byte]2; LevelDisplayName = 'Error'; TimeCreated = $t }
        }
        $events += [pscustomobject]@{ Message = $null; Id = 7001; ProviderName = 'Other'; Level = [byte]3; LevelDisplayName = 'Warning'; TimeCreated = $t }

        $patterns = @($events | Measure-LogErrors -Level Warning)
        $entries = @($events | Measure-LogErrors -Entries)

        @($patterns | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be @(
            '3 MyProv event 7001 (no message)', '2 MyProv event 7002 (no message)', '1 MyProv event 7003 (no message)', '1 Other event 7001 (no message)')
        @($entries.Template | Select-Object -Unique) | Should -Be @('MyProv event 7001 (no message)', 'MyProv event 7002 (no message)', 'MyProv event 7003 (no message)')
        $entries[0].Message | Should -Be 'MyProv event 7001 (no message)'
    }

    It 'goes on when a -Format expression times out on one line: that line continues the entry above' {
        $slow = ('a' * 40) + '!'
        $log = Write-Log -Name 'redos.log' -Lines @('E|first', $slow, 'E|second')
        $other = Write-Log -Name 'other.log' -Lines @('E|third')

        $summary = Measure-LogErrors -LiteralPath $log, $other -Format '^(?<level>E)\|(?<message>.*)$|^(a+)+$' -Summary -ErrorAction Stop

        "$($summary.Files) $($summary.Lines) $($summary.Entries) $($summary.Errors)" | Should -Be '2 4 3 3'
    }

    It 'skips a FIFO in a folder instead of waiting for it forever' -Skip:(-not $IsLinux) {
        $logs = (New-Item -ItemType Directory -Path (Join-Path $work 'logs')).FullName
        $null = Write-Log -Name 'logs/a.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one')
        & mkfifo (Join-Path $logs 'pipe.log')
        $modulePath = Get-BuiltModulePath

        $result = Invoke-ChildPwsh -WorkDir $work -TimeoutSeconds 30 -Script "Import-Module '$modulePath'`n`$s = Measure-LogErrors -LiteralPath '$logs' -Summary`n'FILES ' + `$s.Files + ' ERRORS ' + `$s.Errors"

        ($result.Output | Out-String) | Should -Match 'FILES 1 ERRORS 1'
    }

    It 'reads a file named twice once: overlapping paths, and Get-ChildItem -Recurse output that holds a folder and its files' {
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'sub')
        $a = Write-Log -Name 'a.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one')
        $null = Write-Log -Name 'sub/b.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - two')

        $piped = Get-ChildItem -LiteralPath $work -Recurse | Measure-LogErrors -Summary
        $named = Measure-LogErrors -Path (Join-Path $work '*.log'), $a, $work -Summary

        "$($piped.Files) $($piped.Errors)" | Should -Be '2 2'
        "$($named.Files) $($named.Errors)" | Should -Be '1 1'
    }

    It 'reads a -Since in the hour daylight saving time repeats as its first occurrence, takes a DateTimeOffset, and refuses text that is no time' {
        $log = Write-Log -Name 'dst.log' -Lines @('2026-10-25 01:50:00 ERROR a.B - before', '2026-10-25 02:20:00 ERROR a.B - first pass', '2026-10-25 02:50:00 ERROR a.B - still first pass')

        # Before, -Since '2026-10-25 02:20' was read as standard time (01:20Z), an hour after the line's own 00:20Z: 0 counted.
        (Measure-LogErrors -LiteralPath $log -TimeZone 'Europe/Berlin' -Since '2026-10-25 02:20' -Summary).Entries | Should -Be 2
        (Measure-LogErrors -LiteralPath $log -TimeZone 'Europe/Berlin' -Since ([DateTimeOffset]::new(2026, 10, 25, 0, 20, 0, [TimeSpan]::Zero)) -Summary).Entries | Should -Be 2
        { Measure-LogErrors -LiteralPath $log -Since 'garbage' -Summary -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,OpsModule.Cmdlets.MeasureLogErrorsCommand' -ExpectedMessage "*'garbage' is not a point in time*"
    }

    It 'counts no entry for blank lines, before the first entry or alone, and keeps them out of messages' {
        $log = Join-Path $work 'blank.log'
        [IO.File]::WriteAllText($log, "`n`n2026-11-27 10:00:00 ERROR a.B - first`n`n`n2026-11-27 10:00:01 ERROR a.B - second`n   `n")

        $summary = Measure-LogErrors -LiteralPath $log -Summary
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Unknown)

        # Before: the two leading blank lines were an Unknown entry (Entries 3, ErrorRate 0.67) and messages ended in blank lines.
        "$($summary.Lines) $($summary.Entries) $($summary.Errors) $($summary.ErrorRate)" | Should -Be '7 2 2 1'
        $entries.Message | Should -Be @('first', 'second')
        $entries.LineNumber | Should -Be @(3, 6)
        ('', '  ' | Measure-LogErrors -Summary).Entries | Should -Be 0
    }

    It 'reads a folder an interrupted rotation left once: not the .gz beside its original, nor an in-flight .tmp- file' {
        $lines = @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 ERROR a.B - two', '2026-11-20 10:00:02 ERROR a.B - three')
        $null = Write-Log -Name 'app.log' -Lines @('2026-11-20 11:00:00 ERROR a.B - now')
        $plain = Write-Log -Name 'app.log.1' -Lines $lines
        $bytes = [IO.File]::ReadAllBytes($plain)
        $gz = [IO.File]::Create("$plain.gz"); $zip = [IO.Compression.GZipStream]::new($gz, [IO.Compression.CompressionMode]::Compress); $zip.Write($bytes, 0, $bytes.Length); $zip.Dispose(); $gz.Dispose()
        [IO.File]::WriteAllBytes((Join-Path $work 'app.log.2.gz.tmp-0123abcd'), [byte[]](0x1F, 0x8B, 8, 0))

        # Before: 7 errors (app.log.1 and its copy both counted) and a LogFileUnreadable error for the in-flight file.
        $summary = Measure-LogErrors -LiteralPath $work -Summary -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }
        $verbose = (Measure-LogErrors -LiteralPath $work -Summary -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message

        "$($summary.Files) $($summary.Errors)" | Should -Be '2 4'
        $failures | Should -BeNullOrEmpty
        $verbose | Should -Contain "'$plain.gz' is the compressed copy of '$plain' beside it (an interrupted rotation; its next run removes one): only the uncompressed file is read."
        # Named one by one, every file is read.
        (Measure-LogErrors -LiteralPath $plain, "$plain.gz" -Summary).Errors | Should -Be 6
        # A .gz beside a name without a rotation number is another file (a crude "gzip -c app.log > app.log.gz; : > app.log").
        Move-Item "$plain.gz" (Join-Path $work 'app.log.gz')
        (Measure-LogErrors -LiteralPath $work -Summary).Errors | Should -Be 7
    }

    It 'reads symlinked files in a folder (as /var/log/containers holds), once with their targets, and does not loop on a symlinked folder' {
        $pods = Join-Path $work 'pods/web_app-1/app'
        $null = New-Item -ItemType Directory -Path $pods
        $target = Join-Path $pods '0.log'
        Set-Content -LiteralPath $target -Value @('2026-11-20 10:00:00 ERROR a.B - one', '2026-11-20 10:00:01 ERROR a.B - two')
        $containers = Join-Path $work 'containers'
        $null = New-Item -ItemType Directory -Path $containers
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $containers 'web_app-1.log') -Target $target
        # A link back up: with -Recurse it is not descended into.
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $containers 'up') -Target $work

        # Before, symlinked files were skipped: Files 0, Errors 0, and no warning.
        $folder = Measure-LogErrors -LiteralPath $containers -Summary
        $recursed = Measure-LogErrors -LiteralPath $containers -Recurse -Summary
        $both = Measure-LogErrors -LiteralPath $containers, (Join-Path $work 'pods') -Recurse -Summary

        "$($folder.Files) $($folder.Errors)" | Should -Be '1 2'
        "$($recursed.Files) $($recursed.Errors)" | Should -Be '1 2'
        # The link and its target are one file, read once.
        "$($both.Files) $($both.Errors)" | Should -Be '1 2'
    }

    It 'reports a cut-short or damaged .gz as LogFileUnreadable, counts its lines before the damage as zcat shows them and the other files, and reads several gzip members' {
        function New-Gzip([string] $Text) {
            $ms = [IO.MemoryStream]::new(); $gz = [IO.Compression.GZipStream]::new($ms, [IO.Compression.CompressionMode]::Compress)
            $b = [Text.Encoding]::UTF8.GetBytes($Text); $gz.Write($b, 0, $b.Length); $gz.Dispose()
            return , $ms.ToArray()
        }
        $good = Write-Log -Name 'good.log' -Lines @('2026-11-20 10:00:00 ERROR a.B - one')
        $all = New-Gzip ("2026-11-20 10:00:00 ERROR a.B - x`n" * 2000)
        $cut = Join-Path $work 'cut.log.1.gz'; [IO.File]::WriteAllBytes($cut, $all[0..([int]($all.Length / 2))])
        $noTrailer = Join-Path $work 'notrailer.log.2.gz'; [IO.File]::WriteAllBytes($noTrailer, $all[0..($all.Length - 3)])
        $s = Measure-LogErrors -LiteralPath $good, $cut, $noTrailer -Summary -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be @('LogFileUnreadable,OpsModule.Cmdlets.MeasureLogErrorsCommand')
        @($failures.TargetObject | Sort-Object) | Should -Be @($cut, $noTrailer | Sort-Object)
        $failures[0].Exception.Message | Should -BeLike '*the lines that decompress before the damage were counted*'
        # What decompresses before the damage (a last line cut short included) is counted: read it as far as it goes.
        $decompressed = [IO.MemoryStream]::new()
        $stream = [IO.Compression.GZipStream]::new([IO.File]::OpenRead($cut), [IO.Compression.CompressionMode]::Decompress)
        try { $stream.CopyTo($decompressed) } catch { } finally { $stream.Dispose() }
        $cutLines = @([Text.Encoding]::UTF8.GetString($decompressed.ToArray()) -split "`n" | Where-Object { $_ -cmatch '\bERR(OR)?\b' }).Count
        $cutLines | Should -BeGreaterThan 0
        $cutLines | Should -BeLessThan 2000
        $s.Errors | Should -Be (1 + $cutLines + 2000)

        # Two members one after the other (cat a.gz b.gz), as gzip -t accepts them: every line counted, no error.
        $two = Join-Path $work 'two.log.3.gz'
        [IO.File]::WriteAllBytes($two, [byte[]]((New-Gzip ("2026-11-20 10:00:00 ERROR a.B - x`n" * 3)) + (New-Gzip ("2026-11-20 10:00:01 WARN a.B - y`n" * 5))))
        $whole = Join-Path $work 'whole.log.4.gz'; [IO.File]::WriteAllBytes($whole, $all)
        $s = Measure-LogErrors -LiteralPath $two, $whole -Summary -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        "$($s.Errors) $($s.Warnings)" | Should -Be '2003 5'
    }

    It 'counts the lines that decompress before a broken byte of a .gz, and every line of a .gz whose CRC does not match' {
        $text = -join (0..2999 | ForEach-Object { '2026-11-27 10:{0:D2}:{1:D2},000 ERROR request {2} failed{3}' -f ([int][Math]::Floor($_ / 60) % 60), ($_ % 60), (($_ * 7919 + 13) % 1000003), "`n" })
        $ms = [IO.MemoryStream]::new(); $gz = [IO.Compression.GZipStream]::new($ms, [IO.Compression.CompressionMode]::Compress)
        $b = [Text.Encoding]::UTF8.GetBytes($text); $gz.Write($b, 0, $b.Length); $gz.Dispose()
        $all = $ms.ToArray()
        $broken = [byte[]] $all.Clone(); $broken[[int]($all.Length * 0.02)] = $broken[[int]($all.Length * 0.02)] -bxor 0xFF
        $crc = [byte[]] $all.Clone(); $crc[$all.Length - 8] = $crc[$all.Length - 8] -bxor 0xFF
        $brokenPath = Join-Path $work 'broken.log.1.gz'; [IO.File]::WriteAllBytes($brokenPath, $broken)
        $crcPath = Join-Path $work 'crc.log.2.gz'; [IO.File]::WriteAllBytes($crcPath, $crc)
        # What decompresses before the damage, one byte a read (the read that meets the damage gives nothing).
        $before = [IO.MemoryStream]::new()
        $stream = [IO.Compression.GZipStream]::new([IO.MemoryStream]::new($broken), [IO.Compression.CompressionMode]::Decompress)
        try { while (($next = $stream.ReadByte()) -ge 0) { $before.WriteByte($next) } } catch { } finally { $stream.Dispose() }
        $lines = [Text.Encoding]::UTF8.GetString($before.ToArray()).Split("`n")
        $lines.Count | Should -BeGreaterThan 2

        $s = Measure-LogErrors -LiteralPath $brokenPath -Summary -Level Trace -ErrorVariable failures -ErrorAction SilentlyContinue
        # Every intact line, and the line the damage cuts as what is left of it.
        $s.Lines | Should -Be ($lines.Count - [int]($lines[-1] -eq ''))
        $s.Bytes | Should -Be $before.Length
        $failures.FullyQualifiedErrorId | Should -Be 'LogFileUnreadable,OpsModule.Cmdlets.MeasureLogErrorsCommand'
        $failures[0].Exception.Message | Should -Be "'$brokenPath' is damaged: it decompresses to $($before.Length) bytes, then its data is invalid; the lines that decompress before the damage were counted, as zcat shows them (``gzip -t`` reports the damage too)."

        $s = Measure-LogErrors -LiteralPath $crcPath -Summary -ErrorVariable failures -ErrorAction SilentlyContinue
        "$($s.Lines) $($s.Errors)" | Should -Be '3000 3000'
        $failures.FullyQualifiedErrorId | Should -Be 'LogFileUnreadable,OpsModule.Cmdlets.MeasureLogErrorsCommand'
    }

    It 'reads an IIS (W3C extended) log by its #Fields: layout: status levels, UTC times, -Measure and -GroupBy by column, a new layout mid-file' {
        $lines = @(
            '#Software: Microsoft Internet Information Services 10.0'
            '#Version: 1.0'
            '#Date: 2026-11-27 10:00:00'
            '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
            '2026-11-27 10:00:01 10.0.0.1 GET /default.htm - 443 - 10.0.0.9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15'
            '2026-11-27 10:00:02 10.0.0.1 POST /api/orders - 443 - 10.0.0.9 curl/8.0 - 500 0 0 1200'
            '2026-11-27 10:00:03 10.0.0.1 GET /missing - 443 - 10.0.0.9 curl/8.0 - 404 0 2 3'
            '2026-11-27 10:00:04 10.0.0.1 POST /api/orders - 443 - 10.0.0.9 curl/8.0 - 503 0 0 800'
            '#Software: Microsoft Internet Information Services 10.0'
            '#Version: 1.0'
            '#Date: 2026-11-27 11:00:00'
            '#Fields: date time cs-method cs-uri-stem sc-status time-taken'
            '2026-11-27 11:00:01 GET /api/orders 502 400'
            '2026-11-27 11:00:02 GET /default.htm 200 20')
        $log = Write-Log -Name 'u_ex261127.log' -Lines $lines -NewLine "`r`n"

        $summary = Measure-LogErrors -LiteralPath $log -Summary
        $summary.Lines | Should -Be 14
        $summary.Entries | Should -Be 6
        Get-LevelCounts $log | Should -Be 'Error=3 Warning=1 Info=2'
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 1, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 11, 0, 2, [DateTimeKind]::Utc))

        $patterns = @(Measure-LogErrors -LiteralPath $log)
        $patterns.Template | Should -Be @('POST /api/orders <*>', 'GET /api/orders <*>')
        $patterns | ForEach-Object Count | Should -Be @(2, 1)

        $measures = @(Measure-LogErrors -LiteralPath $log -Level Unknown -Measure time-taken -GroupBy cs-uri-stem | Sort-Object Group)
        $measures.Group | Should -Be @('/api/orders', '/default.htm', '/missing')
        $measures | ForEach-Object Count | Should -Be @(3, 2, 1)
        $measures[0].Max | Should -Be 1200
        $measures[0].P50 | Should -Be 800
        $measures[1].Mean | Should -Be 17.5

        (Measure-LogErrors -LiteralPath $log -Summary -Since ([datetime]::new(2026, 11, 27, 10, 30, 0, [DateTimeKind]::Utc))).Entries | Should -Be 2
    }

    It 'reads .NET console output with a timestamp format: fail/crit/dbug/trce levels and the message from the next line' {
        $log = Write-Log -Name 'dotnet-ts.log' -Lines @(
            '2026-11-20 10:00:00 fail: App.Db[0]'
            '      Query 17 failed'
            '2026-11-20 10:00:01 fail: App.Db[0]'
            '      Query 18 failed'
            '2026-11-20 10:00:02 crit: App.Web[1]'
            '      Host down'
            '2026-11-20 10:00:03 dbug: App.Web[2]'
            '      detail'
            '2026-11-20 10:00:04 trce: App.Web[3]'
            '      trace')

        Get-LevelCounts $log | Should -Be 'Critical=1 Error=2 Debug=1 Trace=1'
        $patterns = Measure-LogErrors -LiteralPath $log -TimeZone UTC
        ($patterns | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be @('2 Query <*> failed', '1 Host down')
        $patterns[0].FirstSeen | Should -Be ([datetime]::new(2026, 11, 20, 10, 0, 0, [DateTimeKind]::Utc))
    }

    It 'reads RFC 5424 structured data whose quoted values hold \], \" or [: the message after it is whole, one template' {
        $log = Write-Log -Name 'sd.log' -Lines @(
            '<11>1 2026-11-27T10:00:04Z host app 123 ID1 [a@1 x="\]"][b@2 y="z"] Disk failure on sda'
            '<11>1 2026-11-27T10:00:05Z host app 123 ID1 [a@1 path="C:\[x"] Disk failure on sdb'
            '<11>1 2026-11-27T10:00:06Z host app 123 ID1 [a@1 q="say \"]\" \\"] Disk failure on sdc'
            '<11>1 2026-11-27T10:00:07Z host app 123 ID1 [a@1 x="ok"] Disk failure on sdd')

        (Measure-LogErrors -LiteralPath $log -Entries).Message | Should -Be @('Disk failure on sda', 'Disk failure on sdb', 'Disk failure on sdc', 'Disk failure on sdd')
        $patterns = Measure-LogErrors -LiteralPath $log
        ($patterns | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be '4 Disk failure on <*>'
    }

    It 'reads epoch nanoseconds (19 digits, as zap, Vector and OpenTelemetry write them) as a JSON number, a JSON string and in logfmt, exact to the tick' {
        $log = Write-Log -Name 'ns.log' -Lines @(
            '{"level":"error","msg":"epoch seconds","ts":1795773600}'
            '{"level":"error","msg":"epoch ns number","ts":1795773615123456789}'
            '{"level":"error","msg":"epoch ns string","timestamp":"1795773630987654321"}'
            'level=error ts=1795773645000000150 msg="epoch ns logfmt"'
            '{"level":"error","msg":"epoch us","ts":1795773660123456}')

        $entries = Measure-LogErrors -LiteralPath $log -Entries
        ($entries | ForEach-Object { '{0:o} {1}' -f $_.Timestamp, $_.Message }) | Should -Be @(
            '2026-11-27T10:00:00.0000000Z epoch seconds'
            '2026-11-27T10:00:15.1234567Z epoch ns number'
            '2026-11-27T10:00:30.9876543Z epoch ns string'
            '2026-11-27T10:00:45.0000001Z epoch ns logfmt'
            '2026-11-27T10:01:00.1234560Z epoch us')
        (Measure-LogErrors -LiteralPath $log -Since '2026-11-27T10:00:10Z' -Summary).Entries | Should -Be 4
    }

    It 'masks a common-log-format stamp inside a message (with and without its zone) as one value, like an ISO stamp' {
        $log = Write-Log -Name 'clf.log' -Lines @(
            '2026-11-27 10:00:00 ERROR cache entry expired at 27/Nov/2026:10:00:00 +0000 for key a'
            '2026-11-27 10:00:01 ERROR cache entry expired at 3/Dec/2025:23:59:59 -0500 for key b'
            '2026-11-27 10:00:02 ERROR cache entry expired at 27/Nov/2026:10:00:00 for key c'
            '2026-11-27 10:00:03 ERROR cache entry expired at 2026-11-27T10:00:00Z for key d')

        $patterns = Measure-LogErrors -LiteralPath $log
        ($patterns | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be '4 cache entry expired at <*> for key <*>'
    }

    It 'shows Count, Min, Mean, P50, P95, P99 and Max in the default table of -Measure, within 120 columns' {
        $log = Write-Log -Name 'perf.log' -Lines @(1..20 | ForEach-Object { '{"level":"info","message":"done","endpoint":"/orders","duration_ms":' + ($_ * 10 + 3) + '}' })

        $table = Measure-LogErrors -LiteralPath $log -Measure duration_ms -GroupBy endpoint | Format-Table | Out-String -Width 120
        $lines = $table -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('Field', 'Count', 'Min', 'Mean', 'P50', 'P95', 'P99', 'Max', 'Group')
        $lines[2] -split '\s+' | Where-Object { $_ } | Should -Be @('duration_ms', '20', '13', '108.00', '103', '193', '203', '203', '/orders')
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
    }

    It 'reads Python''s LEVEL:name: after a stamp, keeps Python''s own logger names (root, __main__) out of the message and other words in it' {
        $log = Write-Log -Name 'python-names.log' -Lines @(
            '2026-11-27 10:00:00,123 ERROR:root:Payment failed for order 1'
            '2026-11-27 10:00:01,123:ERROR:app:Payment failed for order 2'
            '2026-11-27 10:00:02,123 - ERROR - root - Payment failed for order 3'
            '[2026-11-27 10:00:03,123] ERROR in app: Payment failed for order 4'
            '2026-11-27 10:00:04,123 ERROR root: Payment failed for order 5'
            '2026-11-27 10:00:05,123 WARNING:worker:Slow job 6'
            '2026-11-27 10:00:06,123 ERROR Payment: declined for order 7'
            '2026-11-27 10:00:07,123 ERROR worker: Payment failed for order 8'
            '2026-11-27 10:00:08,123 ERROR __main__ - Payment failed for order 9'
            '2026-11-27 10:00:09,123 ERROR - timeout - after 30s for order 10'
            # Not BASIC_FORMAT's name (a space or a digit after the colon): only 'ERROR:' goes (helper-96: these had lost
            # their first word and merged into one template).
            '2026-11-27 10:00:10,123 ERROR:TimeoutError: upstream payments did not answer'
            '2026-11-27 10:00:11,123 ERROR:PermissionError: upstream payments did not answer'
            '2026-11-27 10:00:12,123 ERROR:redis:6379 connection refused')

        Get-LevelCounts $log | Should -Be 'Error=12 Warning=1'
        # Words that may be the message's own stay in it ('in app:' may be Flask's module, 'timeout' a logger name or not).
        (Measure-LogErrors -LiteralPath $log -Entries -Level Warning).Message | Should -Be @(
            'Payment failed for order 1', 'Payment failed for order 2', 'Payment failed for order 3', 'in app: Payment failed for order 4', 'Payment failed for order 5'
            'Slow job 6', 'Payment: declined for order 7', 'worker: Payment failed for order 8', 'Payment failed for order 9', 'timeout - after 30s for order 10'
            'TimeoutError: upstream payments did not answer', 'PermissionError: upstream payments did not answer', 'redis:6379 connection refused')
        $patterns = Measure-LogErrors -LiteralPath $log
        ($patterns | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be @(
            '5 Payment failed for order <*>', '1 Payment: declined for order <*>', '1 PermissionError: upstream payments did not answer'
            '1 TimeoutError: upstream payments did not answer', '1 in app: Payment failed for order <*>', '1 redis:<*> connection refused'
            '1 timeout - after <*> for order <*>', '1 worker: Payment failed for order <*>')
    }

    It 'reads Python''s LEVEL:name: without a stamp as with one (logging.basicConfig()): only BASIC_FORMAT''s logger name leaves the message' {
        $lines = @(
            'ERROR:root:Payment failed for order 1'
            'ERROR:KeyError: ''a'''
            'ERROR:IndexError: ''a'''
            'ERROR:Connection:refused'
            'ERROR:C:\temp\x not found'
            'ERROR:arn:aws:iam::123456789012:role/x denied'
            'WARNING:fe80::1%eth0 down'
            'ERROR:http://example.com:8080/path failed'
            'ERROR:[::1]:8080 unreachable')
        $log = Write-Log -Name 'python-basic.log' -Lines $lines
        $stamped = Write-Log -Name 'python-basic-stamped.log' -Lines ($lines | ForEach-Object { "2026-11-27 10:00:00,123 $_" })

        Get-LevelCounts $log | Should -Be 'Error=8 Warning=1'
        $expected = @(
            'Payment failed for order 1', 'KeyError: ''a''', 'IndexError: ''a''', 'Connection:refused', 'C:\temp\x not found'
            'arn:aws:iam::123456789012:role/x denied', 'fe80::1%eth0 down', 'http://example.com:8080/path failed', '[::1]:8080 unreachable')
        (Measure-LogErrors -LiteralPath $log -Entries -Level Warning).Message | Should -Be $expected
        (Measure-LogErrors -LiteralPath $stamped -Entries -Level Warning).Message | Should -Be $expected
        # One template per error: KeyError and IndexError no longer share one (they had become one, ' <*>').
        $patterns = @(Measure-LogErrors -LiteralPath $log)
        $patterns.Count | Should -Be 8
        ($patterns | Where-Object Template -Like 'KeyError*').Count | Should -Be 1
    }

    It 'reads logging.captureWarnings'' py.warnings as a logger name (a dotted name goes before a colon in the message''s first word)' {
        $log = Write-Log -Name 'py-warnings.log' -Lines @(
            'WARNING:py.warnings:/srv/app/x.py:12: DeprecationWarning: foo is deprecated'
            '2026-11-27 10:00:01,123 WARNING:py.warnings:/srv/app/y.py:40: DeprecationWarning: foo is deprecated'
            'ERROR:django.request:Internal Server Error: /api/orders'
            # Before a digit the dotted word is a host's name, the message's own.
            'ERROR:api.example.com:443 down')

        Get-LevelCounts $log | Should -Be 'Error=2 Warning=2'
        (Measure-LogErrors -LiteralPath $log -Entries -Level Warning).Message | Should -Be @(
            '/srv/app/x.py:12: DeprecationWarning: foo is deprecated', '/srv/app/y.py:40: DeprecationWarning: foo is deprecated'
            'Internal Server Error: /api/orders', 'api.example.com:443 down')
    }

    It 'reads a Python 3.11 exception group below an Info entry as a crash named by the group''s line, and below an ERROR entry as that entry''s' {
        $group = @(
            '  + Exception Group Traceback (most recent call last):'
            '  |   File "/srv/app/main.py", line 10, in <module>'
            '  |     asyncio.run(main())'
            '  | ExceptionGroup: jobs failed (2 sub-exceptions)'
            '  +-+---------------- 1 ----------------'
            '    | ValueError: bad job 1'
            '    +---------------- 2 ----------------'
            '    | KeyError: ''job'''
            '    +------------------------------------')
        $log = Write-Log -Name 'exception-group.log' -Lines (@('2026-11-27 10:00:00,123 INFO worker: started') + $group + @(
            '2026-11-27 10:00:01,123 ERROR root: Task group failed') + $group + @('2026-11-27 10:00:02,123 INFO worker: next'))
        $alone = Write-Log -Name 'exception-group-alone.log' -Lines $group

        Get-LevelCounts $log | Should -Be 'Error=2 Info=2'
        $entries = Measure-LogErrors -LiteralPath $log -Entries
        ($entries | ForEach-Object { "$($_.LineNumber) $(($_.Message -split "`n")[0])" }) | Should -Be @('2 ExceptionGroup: jobs failed (2 sub-exceptions)', '11 Task group failed')
        ($entries[0].Message -split "`n").Count | Should -Be 10
        Get-LevelCounts $alone | Should -Be 'Error=1'
        (Measure-LogErrors -LiteralPath $alone).Template | Should -Be 'ExceptionGroup: jobs failed (<*> sub-exceptions)'
    }

    It 'reads java.util.logging''s two-line format as a German, French or Spanish JVM writes it, and after a custom stamp' {
        # As JDK 17 wrote them (java -Duser.language=de|fr|es; the Spanish marker holds a no-break space).
        $nbsp = [char]0xA0
        $de = Write-Log -Name 'jul-de.log' -Lines @(
            'Nov. 28, 2026 10:11:48 PM com.example.Worker main', 'SCHWERWIEGEND: Verbindung fehlgeschlagen zu db1'
            'Nov. 28, 2026 10:11:48 PM com.example.Worker main', 'WARNUNG: Langsame Antwort'
            'März 02, 2026 9:05:07 AM com.example.Worker main', 'INFORMATION: Gestartet'
            'Nov. 28, 2026 10:11:49 PM com.example.Worker main', 'SCHWERWIEGEND: Verbindung fehlgeschlagen zu db2')
        $fr = Write-Log -Name 'jul-fr.log' -Lines @(
            'nov. 28, 2026 10:11:49 PM com.example.Worker main', 'GRAVE: Connexion impossible'
            'déc. 01, 2026 9:00:00 AM com.example.Worker main', 'AVERTISSEMENT: Réponse lente'
            'nov. 28, 2026 10:11:49 PM com.example.Worker main', 'INFOS: Démarré')
        $es = Write-Log -Name 'jul-es.log' -Lines @(
            "nov 28, 2026 10:11:50 P.$($nbsp)M. com.example.Worker main", 'GRAVE: Conexión fallida'
            "nov 28, 2026 10:11:50 P.$($nbsp)M. com.example.Worker main", 'ADVERTENCIA: Respuesta lenta')
        $custom = Write-Log -Name 'jul-custom.log' -Lines @(
            '28.11.2026 22:13:53 com.example.Worker main', 'SCHWERWIEGEND: Verbindung fehlgeschlagen zu db1'
            '28.11.2026 22:13:54 com.example.Worker main', 'WARNUNG: Langsame Antwort')

        Get-LevelCounts $de | Should -Be 'Error=2 Warning=1 Info=1'
        Get-LevelCounts $fr | Should -Be 'Error=1 Warning=1 Info=1'
        Get-LevelCounts $es | Should -Be 'Error=1 Warning=1'
        Get-LevelCounts $custom | Should -Be 'Error=1 Warning=1'
        $entries = Measure-LogErrors -LiteralPath $de -Entries -Level Info -TimeZone UTC
        ($entries | ForEach-Object { '{0:yyyy-MM-dd HH:mm:ss} {1} {2}' -f $_.Timestamp, $_.Level, $_.Message }) | Should -Be @(
            '2026-11-28 22:11:48 Error Verbindung fehlgeschlagen zu db1'
            '2026-11-28 22:11:48 Warning Langsame Antwort'
            '2026-03-02 09:05:07 Info Gestartet'
            '2026-11-28 22:11:49 Error Verbindung fehlgeschlagen zu db2')
        ((Measure-LogErrors -LiteralPath $de) | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be '2 Verbindung fehlgeschlagen zu <*>'
        (Measure-LogErrors -LiteralPath $fr -Entries -Level Info).Message | Should -Be @('Connexion impossible', 'Réponse lente', 'Démarré')
    }

    It 'reads a Python traceback inside docker compose and CRI records as a crash, as on its own line' {
        $traceback = @('Traceback (most recent call last):', '  File "/srv/app/main.py", line 10, in <module>', '    main()', 'KeyError: ''database_url''')
        $compose = Write-Log -Name 'compose.log' -Lines (@('web-1  | 2026-11-27 10:00:00,123 INFO app: started') + ($traceback | ForEach-Object { "web-1  | $_" }) + @(
            'web-1  | 2026-11-27 10:00:02,123 ERROR app: request failed') + ($traceback | ForEach-Object { "web-1  | $_" }) + @('web-1  | 2026-11-27 10:00:03,123 INFO app: next'))
        $cri = Write-Log -Name 'cri.log' -Lines (@('2026-11-27T10:00:00.123456789Z stdout F 2026-11-27 10:00:00,123 INFO app: started') +
            ($traceback | ForEach-Object { "2026-11-27T10:00:01.123456789Z stderr F $_" }))

        Get-LevelCounts $compose | Should -Be 'Error=2 Info=2'
        ((Measure-LogErrors -LiteralPath $compose -Entries) | ForEach-Object { "$($_.LineNumber) $(($_.Message -split "`n")[0])" }) | Should -Be @('2 KeyError: ''database_url''', '6 app: request failed')
        Get-LevelCounts $cri | Should -Be 'Error=1 Info=1'
        ((Measure-LogErrors -LiteralPath $cri) | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be '1 KeyError: <*>'
    }

    It 'counts a lowercase error: line below a .NET console entry as an entry of its own, as its warn: and info: lines are' {
        $log = Write-Log -Name 'dotnet-winston.log' -Lines @(
            'info: App.Worker[0]'
            '      Worker started'
            'fail: App.Worker[0]'
            '      Payment failed for order 17'
            'error: child exited with code 3'
            'fail: App.Worker[0]'
            '      Payment failed for order 18'
            '  error: indented, part of the entry'
            'error: child exited with code 4')

        Get-LevelCounts $log | Should -Be 'Error=4 Info=1'
        ((Measure-LogErrors -LiteralPath $log) | ForEach-Object { "$($_.Count) $($_.Template)" }) | Should -Be @('2 Payment failed for order <*>', '2 child exited with code <*>')
        ((Measure-LogErrors -LiteralPath $log -Entries) | ForEach-Object { $_.LineNumber }) | Should -Be @(3, 5, 6, 9)
    }
}

Describe 'Measure-LogErrors -Entries temporary files' -Skip:(-not $IsLinux) {
    # -Entries keeps the messages in a temporary file until all input is read: messages of a log other users may not
    # read (passwords, tokens). Each child pwsh gets its own temp folder (TMPDIR) to look into.
    BeforeAll {
        $modulePath = Get-BuiltModulePath

        function Get-Spool {
            @(Get-ChildItem -LiteralPath $tmp -Filter 'opsmodule-entries*' -Force)
        }

        function Get-BlockingScript([string] $Reached) {
            # 200 entries from the pipeline, whose source then waits (as tail -f would) until the file $Reached is removed.
            @"
Import-Module '$modulePath'
& {
    1..200 | ForEach-Object { "2026-11-27 10:00:00 ERROR login failed for alice password=Hunter2-`$_" }
    Set-Content -LiteralPath '$Reached' -Value waiting
    while (Test-Path -LiteralPath '$Reached') { Start-Sleep -Milliseconds 50 }
} | Measure-LogErrors -Entries | Measure-Object | ForEach-Object Count
"@
        }

        function Write-SecretLog([string] $Name) {
            $path = Join-Path $work $Name
            Set-Content -LiteralPath $path -Value (1..200 | ForEach-Object { "2026-11-27 10:00:00 ERROR login failed for alice password=Hunter2-$_" })
            $path
        }
    }
    BeforeEach {
        $work = New-TestFolder -Prefix ops-spool
        $tmp = Join-Path $work 'tmp'
        $null = New-Item -ItemType Directory -Path $tmp
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'keeps the entries readable by their owner only (0600) while the call runs, and deletes them when it ends' {
        $reached = Join-Path $work 'reached'
        $child = Start-ChildPwsh -WorkDir $work -Script (Get-BlockingScript $reached) -Environment @{ TMPDIR = $tmp }
        try {
            Wait-ForFile -Path $reached -Process $child.Process
            $spool = Get-Spool
            $spool.Count | Should -Be 1
            $spool[0].UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')

            Remove-Item -LiteralPath $reached
            $child.Process.WaitForExit(60000) | Should -BeTrue
            $child.Output.Result.Trim() | Should -Be '200'
            Get-Spool | Should -BeNullOrEmpty
        }
        finally {
            Stop-ChildProcess $child
        }
    }

    It 'leaves no temporary file when -ErrorAction Stop ends the call at a missing file among the inputs, without a garbage collection' {
        $log = Write-SecretLog 'app.log'
        # No garbage collection (whose finalizers would close and delete an abandoned file) until the check.
        $result = Invoke-ChildPwsh -WorkDir $work -Environment @{ TMPDIR = $tmp } -Script @"
Import-Module '$modulePath'
`$null = [GC]::TryStartNoGCRegion(200MB)
try { Measure-LogErrors -LiteralPath '$log', '$(Join-Path $work 'missing.log')' -Entries -ErrorAction Stop | Out-Null; 'no error' }
catch { `$_.FullyQualifiedErrorId }
'left: ' + @(Get-ChildItem -LiteralPath '$tmp' -Filter 'opsmodule-entries*').Count
'collections: ' + [Runtime.GCSettings]::LatencyMode
"@

        $result.Output -split "`r?`n" | Where-Object { $_ } | Should -Be @('SourceNotFound,OpsModule.Cmdlets.MeasureLogErrorsCommand', 'left: 0', 'collections: NoGCRegion')
        Get-Spool | Should -BeNullOrEmpty
    }

    It 'leaves no temporary file when PowerShell.Stop() stops the call in-process, without a garbage collection' {
        $reached = Join-Path $work 'reached'
        $result = Invoke-ChildPwsh -WorkDir $work -Environment @{ TMPDIR = $tmp } -Script @"
`$ps = [powershell]::Create()
`$null = `$ps.AddScript(@'
$(Get-BlockingScript $reached)
'@)
`$handle = `$ps.BeginInvoke()
`$null = [GC]::TryStartNoGCRegion(200MB)
while (-not (Test-Path -LiteralPath '$reached')) {
    if (`$handle.IsCompleted) { throw "The call ended before it waited: `$(`$ps.Streams.Error)" }
    Start-Sleep -Milliseconds 50
}
'spooled: ' + @(Get-ChildItem -LiteralPath '$tmp' -Filter 'opsmodule-entries*').Count
`$ps.Stop()
'state: ' + `$ps.InvocationStateInfo.State
'left: ' + @(Get-ChildItem -LiteralPath '$tmp' -Filter 'opsmodule-entries*').Count
'collections: ' + [Runtime.GCSettings]::LatencyMode
"@

        $result.Output -split "`r?`n" | Where-Object { $_ } | Should -Be @('spooled: 1', 'state: Stopped', 'left: 0', 'collections: NoGCRegion')
    }

    It 'leaves no temporary file when Ctrl+C (SIGINT) stops the call while it reads the files' {
        $first = Write-SecretLog 'first.log'
        $second = Write-SecretLog 'second.log'
        $child = Start-PausedAt -Point 'logs-file-read' -WorkDir $work -ModulePath $modulePath -Environment @{ TMPDIR = $tmp } `
            -Script "Measure-LogErrors -LiteralPath '$first', '$second' -Entries -ThrottleLimit 1 | Measure-Object | ForEach-Object Count"
        try {
            (Get-Spool).Count | Should -Be 1
            & kill -s INT $child.Process.Id
            $child.Process.WaitForExit(60000) | Should -BeTrue
            $child.Output.Result | Should -Not -Match '400'
            Get-Spool | Should -BeNullOrEmpty
        }
        finally {
            Stop-ChildProcess $child
        }
    }

    It 'removes the temporary file of a run killed with kill -9 at the next -Entries run, never a live run''s' {
        $deadReached = Join-Path $work 'dead'
        $dead = Start-ChildPwsh -WorkDir $work -Script (Get-BlockingScript $deadReached) -Environment @{ TMPDIR = $tmp }
        Wait-ForFile -Path $deadReached -Process $dead.Process
        $deadSpool = (Get-Spool)[0].FullName
        Stop-ChildProcess $dead
        Test-Path -LiteralPath $deadSpool | Should -BeTrue -Because 'kill -9 runs no clean-up'

        $liveReached = Join-Path $work 'live'
        $live = Start-ChildPwsh -WorkDir $work -Script (Get-BlockingScript $liveReached) -Environment @{ TMPDIR = $tmp }
        try {
            Wait-ForFile -Path $liveReached -Process $live.Process
            $liveSpool = @(Get-Spool | Where-Object FullName -ne $deadSpool)
            $liveSpool.Count | Should -Be 1

            $log = Write-SecretLog 'app.log'
            $next = Invoke-ChildPwsh -WorkDir $work -Environment @{ TMPDIR = $tmp } -Script "Import-Module '$modulePath'; (Measure-LogErrors -LiteralPath '$log' -Entries).Count"
            $next.Output.Trim() | Should -Be '200'
            Test-Path -LiteralPath $deadSpool | Should -BeFalse
            Test-Path -LiteralPath $liveSpool[0].FullName | Should -BeTrue

            Remove-Item -LiteralPath $liveReached
            $live.Process.WaitForExit(60000) | Should -BeTrue
            $live.Output.Result.Trim() | Should -Be '200'
            Get-Spool | Should -BeNullOrEmpty
        }
        finally {
            Stop-ChildProcess $live
        }
    }

    It 'removes the temporary files earlier versions named opsmodule-entries-<guid>.tmp once nobody wrote to them for a day' {
        $old = Join-Path $tmp ('opsmodule-entries-' + [guid]::NewGuid().ToString('N') + '.tmp')
        $recent = Join-Path $tmp ('opsmodule-entries-' + [guid]::NewGuid().ToString('N') + '.tmp')
        $other = Join-Path $tmp 'opsmodule-entries-notes.tmp'
        foreach ($file in $old, $recent, $other) { Set-Content -LiteralPath $file -Value 'password=Hunter2' }
        (Get-Item -LiteralPath $old).LastWriteTimeUtc = [DateTime]::UtcNow.AddDays(-2)
        (Get-Item -LiteralPath $other).LastWriteTimeUtc = [DateTime]::UtcNow.AddDays(-2)

        $log = Write-SecretLog 'app.log'
        $next = Invoke-ChildPwsh -WorkDir $work -Environment @{ TMPDIR = $tmp } -Script "Import-Module '$modulePath'; (Measure-LogErrors -LiteralPath '$log' -Entries).Count"

        $next.Output.Trim() | Should -Be '200'
        Test-Path -LiteralPath $old | Should -BeFalse
        Test-Path -LiteralPath $recent | Should -BeTrue -Because 'a live run of an earlier version may still use it'
        Test-Path -LiteralPath $other | Should -BeTrue -Because 'only names OpsModule made are removed'
    }
}

Describe 'Measure-LogErrors on public log formats' {
    BeforeEach {
        $work = New-TestFolder -Prefix ops-logs-formats
    }
    AfterEach {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reads GELF records (Graylog): the level is the syslog severity, the message short_message; pino''s and bunyan''s numbers keep their meaning' {
        $log = Write-Log -Name 'gelf.log' -Lines @(
            '{"version":"1.1","host":"web01","short_message":"Disk full","full_message":"Disk full\nat /dev/sda1","timestamp":1795773606.1,"level":3,"_app":"api"}'
            '{"version":"1.1","host":"web01","short_message":"Disk full","timestamp":1795773607.25,"level":3,"_app":"api"}'
            '{"version":"1.1","host":"web01","short_message":"Kernel panic","timestamp":1795773608,"level":0}'
            '{"version":"1.1","host":"web01","short_message":"Slow disk","timestamp":1795773609,"level":4}'
            '{"version":"1.1","host":"web01","short_message":"Started","timestamp":1795773610,"level":6}'
            '{"level":50,"time":1795773611000,"pid":1,"hostname":"web01","msg":"request failed"}'
            '{"level":30,"time":1795773612000,"pid":1,"hostname":"web01","msg":"request served"}'
            # bunyan's record that carries version and short_message fields: 50 is no syslog severity, so bunyan's Error.
            '{"name":"svc","hostname":"web01","pid":1,"level":50,"msg":"payment failed","version":"2.4.0","short_message":"payment failed","time":"2026-11-27T10:00:13Z","v":0}'
            # A record with its own message field is no GELF record: its 3 is no syslog Error (bunyan's numbers start at 10).
            '{"level":3,"message":"pino custom level 3 with message","version":"2","short_message":"s","time":1795773614000}')

        Get-LevelCounts $log | Should -Be 'Fatal=1 Error=4 Warning=1 Info=2 Unknown=1'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Warning -TimeZone UTC)
        $entries.Message | Should -Be @('Disk full', 'Disk full', 'Kernel panic', 'Slow disk', 'request failed', 'payment failed')
        $entries.Level | Should -Be @('Error', 'Error', 'Fatal', 'Warning', 'Error', 'Error')
        $entries[0].Timestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 6, 100, [DateTimeKind]::Utc))
        $entries[1].Timestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 7, 250, [DateTimeKind]::Utc))
        $entries[0].Template | Should -Be 'Disk full'
        $patterns = @(Measure-LogErrors -LiteralPath $log -TimeZone UTC)
        ($patterns | Where-Object Template -eq 'Disk full').Count | Should -Be 2
    }

    It 'reads Docker''s gelf driver records as json-file records: the container''s line inside short_message, the record''s level ignored' {
        $docker = ',"_container_id":"ab12","_container_name":"web","_image_name":"shop:1.2","_command":"python app.py","_tag":"ab12","_created":"2026-11-27T09:59:00Z"}'
        $log = Write-Log -Name 'gelfdocker.log' -Lines @(
            # The driver writes level 3 for each stderr line, as Python's logging (and gunicorn) write theirs: no severity.
            '{"version":"1.1","host":"node1","short_message":"2026-11-27 10:00:00,123 INFO:root:Starting worker","timestamp":1795773600.123,"level":3' + $docker
            '{"version":"1.1","host":"node1","short_message":"[2026-11-27 10:00:01 +0000] [7] [INFO] Booting worker with pid: 7","timestamp":1795773601.5,"level":3' + $docker
            # A traceback over several records below an Info line: one crash entry, as in json-file records.
            '{"version":"1.1","host":"node1","short_message":"Traceback (most recent call last):","timestamp":1795773604.5,"level":3' + $docker
            '{"version":"1.1","host":"node1","short_message":"  File \"/app/main.py\", line 3, in <module>","timestamp":1795773604.5,"level":3' + $docker
            '{"version":"1.1","host":"node1","short_message":"KeyError: ''database_url''","timestamp":1795773604.5,"level":3' + $docker
            '{"version":"1.1","host":"node1","short_message":"{\"level\":\"info\",\"msg\":\"listening\",\"port\":8080}","timestamp":1795773604.75,"level":6,"_container_id":"cd34","_container_name":"api"}'
            '{"version":"1.1","host":"node1","short_message":"2026-11-27 10:00:05,000 ERROR:root:Payment failed","timestamp":1795773605.5,"level":3' + $docker
            # A line without a stamp or level of its own in another container: Unknown, at the record's time.
            '{"version":"1.1","host":"node1","short_message":"plain text","timestamp":1795773606.75,"level":3,"_container_id":"ef56"}'
            # Graylog's own record (no container fields) keeps its syslog severity.
            '{"version":"1.1","host":"web01","short_message":"Disk full","timestamp":1795773607,"level":3}')

        Get-LevelCounts $log | Should -Be 'Error=3 Info=3 Unknown=1'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Unknown -TimeZone UTC)
        $entries.Level | Should -Be @('Info', 'Info', 'Error', 'Info', 'Error', 'Unknown', 'Error')
        $entries.Message | ForEach-Object { ($_ -split "`n")[0] } | Should -Be @('Starting worker', 'Booting worker with pid: 7', "KeyError: 'database_url'", 'listening', 'Payment failed', 'plain text', 'Disk full')
        $entries[2].Message | Should -Match 'File "/app/main.py", line 3'
        $entries[3].Timestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 4, 750, [DateTimeKind]::Utc))
        $entries[5].Timestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 6, 750, [DateTimeKind]::Utc))
    }

    It 'reads Heroku''s router and app lines (heroku logs): the level from at=, the stamp, the pairs as the message' {
        $log = Write-Log -Name 'heroku.log' -Lines @(
            '2026-11-27T10:00:07.123456+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" host=app.herokuapp.com status=503'
            '2026-11-27T10:00:08.5+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/orders" host=app.herokuapp.com status=503'
            '2026-11-27T10:00:09+00:00 heroku[router]: at=info method=GET path="/" host=app.herokuapp.com status=200 bytes=13'
            '2026-11-27T10:00:10+00:00 heroku[router]: at=warning code=H27 desc="Client Request Interrupted" method=POST path="/upload"'
            '2026-11-27T10:00:11+00:00 app[web.1]: at=main.go:42 msg="started"'
            '2026-11-27T10:00:12+00:00 app[web.1]: Started GET "/" for 10.0.0.5')

        Get-LevelCounts $log | Should -Be 'Error=2 Warning=1 Info=1 Unknown=2'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Warning -TimeZone UTC)
        $entries.Level | Should -Be @('Error', 'Error', 'Warning')
        $entries.Timestamp | Should -Be @(
            [datetime]::new(2026, 11, 27, 10, 0, 7, [DateTimeKind]::Utc).AddTicks(1234560)
            [datetime]::new(2026, 11, 27, 10, 0, 8, 500, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 10, [DateTimeKind]::Utc))
        $entries[0].Message | Should -Be 'at=error code=H12 desc="Request timeout" method=GET path="/" host=app.herokuapp.com status=503'
        $entries[0].TemplateId | Should -Be $entries[1].TemplateId
    }

    It 'reads Heroku''s drains (octet-counted RFC 5424 with Logplex''s fixed PRI) and runtime errors by their messages, not the PRI' {
        # The frames as Heroku's drain article shows them (the count is the line's length and its newline), the router's and
        # the platform's lines, a dyno's output, and `heroku logs` with a runtime error.
        $frames = @(
            '<40>1 2012-11-30T06:45:29+00:00 host app web.3 - State changed from starting to up'
            '<40>1 2012-11-30T06:45:26+00:00 host app web.3 - Starting process with command `bundle exec rackup config.ru -p 24405`'
            '<158>1 2012-11-30T06:45:30.5+00:00 host heroku router - at=error code=H12 desc="Request timeout" method=GET path="/" status=503'
            '<45>1 2012-11-30T06:45:31+00:00 host heroku web.3 - Error R14 (Memory quota exceeded)'
            '<190>1 2012-11-30T06:45:32+00:00 host app web.3 - ERROR: payment failed for order 17'
            '<190>1 2012-11-30T06:45:33+00:00 host app web.3 - Completed 200 OK in 12ms')
        $log = Write-Log -Name 'heroku-drain.log' -Lines @($frames | ForEach-Object { "$([Text.Encoding]::UTF8.GetByteCount($_) + 1) $_" })
        $text = Write-Log -Name 'heroku-logs.log' -Lines @(
            '2026-11-27T10:00:01.123456+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)'
            '2026-11-27T10:00:02.123456+00:00 heroku[web.1]: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch'
            '2026-11-27T10:00:03.123456+00:00 heroku[web.1]: State changed from starting to crashed')

        Get-LevelCounts $log | Should -Be 'Error=3 Unknown=3'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Error)
        $entries.Message | Should -Be @('at=error code=H12 desc="Request timeout" method=GET path="/" status=503', 'Error R14 (Memory quota exceeded)', 'payment failed for order 17')
        $entries[0].Timestamp | Should -Be ([datetime]::new(2012, 11, 30, 6, 45, 30, 500, [DateTimeKind]::Utc))
        (Measure-LogErrors -LiteralPath $log -Summary).FirstTimestamp | Should -Be ([datetime]::new(2012, 11, 30, 6, 45, 26, [DateTimeKind]::Utc))
        Get-LevelCounts $text | Should -Be 'Error=2 Unknown=1'
        (Measure-LogErrors -LiteralPath $text -Entries).Message | Should -Be @('Error R14 (Memory quota exceeded)', 'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch')
    }

    It 'reads macOS''s log show (default style): the level from its Type column, the message from the process on' {
        $log = Write-Log -Name 'log-show.txt' -Lines @(
            'Filtering the log data using "subsystem CONTAINS "com.example""'
            'Timestamp                       Thread     Type        Activity             PID    TTL  '
            '2026-11-27 10:00:00.123456+0100 0x1e2cd    Error       0x0                  4004   14   backupd: [com.apple.TimeMachine:General] Backup failed with error 19'
            '2026-11-27 10:00:01.123456+0100 0x1e584    Default     0x0                  4009   14   backupd: [com.apple.TimeMachine:General] Starting backup'
            '2026-11-27 10:00:02.123456+0100 0x1e9a2    Fault       0x2b4c1              4019   0    WindowServer: (SkyLight) display fault'
            '2026-11-27 10:00:03.123456+0100 0x1ea44    Info        0x0                  4021   14   backupd: [com.apple.TimeMachine:General] Found 3 items'
            '2026-11-27 10:00:04.123456+0100 0x1ea44    Error       0x0                  4004   14   backupd: [com.apple.TimeMachine:General] Backup failed with error 20')

        Get-LevelCounts $log | Should -Be 'Critical=1 Error=2 Notice=1 Info=1 Unknown=2'
        $patterns = @(Measure-LogErrors -LiteralPath $log)
        ($patterns | ForEach-Object { "$($_.Count) $($_.Level) $($_.Template)" }) | Should -Be @(
            '2 Error backupd: [com.apple.TimeMachine:General] Backup failed with error <*>', '1 Critical WindowServer: (SkyLight) display fault')
        $patterns[0].FirstSeen | Should -Be ([datetime]::new(2026, 11, 27, 9, 0, 0, [DateTimeKind]::Utc).AddTicks(1234560))
    }

    It 'reads JSON access logs (nginx escape=json, Traefik) without a level field: the level from the status, the stamp from time_local or StartUTC; other records keep theirs' {
        $log = Write-Log -Name 'access.json.log' -Lines @(
            '{"time_local":"27/Nov/2026:10:00:24 +0000","remote_addr":"10.0.0.5","request":"GET / HTTP/1.1","status":"502","body_bytes_sent":"0"}'
            '{"time_local":"27/Nov/2026:10:00:25 +0000","remote_addr":"10.0.0.6","request":"GET /a HTTP/1.1","status":"502","body_bytes_sent":"0"}'
            '{"time_local":"27/Nov/2026:10:00:26 +0000","remote_addr":"10.0.0.5","request":"GET /missing HTTP/1.1","status":404,"body_bytes_sent":"0"}'
            '{"time_local":"27/Nov/2026:10:00:27 +0000","remote_addr":"10.0.0.5","request":"GET / HTTP/1.1","status":200,"body_bytes_sent":"612"}'
            '{"ClientAddr":"10.0.0.5:51234","DownstreamStatus":503,"OriginStatus":0,"RequestMethod":"GET","RequestPath":"/","StartUTC":"2026-11-27T10:00:28.5Z"}'
            '{"level":"info","ts":1795773629.25,"logger":"http.log.access","msg":"handled request","status":502}'
            # An application's event with a status (no request field): not an access log, no level.
            '{"time":"2026-11-27T10:00:30Z","event":"order.updated","status":400,"items":3}'
            # A request id is no request: no access log, no level.
            '{"time":"2026-11-27T10:00:29Z","request":"req-8f3a","job":"sync","status":404}')

        Get-LevelCounts $log | Should -Be 'Error=3 Warning=1 Info=2 Unknown=2'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Warning -TimeZone UTC)
        $entries.Level | Should -Be @('Error', 'Error', 'Warning', 'Error')
        $entries.Timestamp | Should -Be @(
            [datetime]::new(2026, 11, 27, 10, 0, 24, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 25, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 26, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 28, 500, [DateTimeKind]::Utc))
        $summary = Measure-LogErrors -LiteralPath $log -Summary -TimeZone UTC
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 24, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 30, [DateTimeKind]::Utc))
        # The message is the request and the status, as a text access log's (it was the whole record, and every record of a
        # log one template '{<*>:<*>,...}', helper-99).
        $entries.Message | Should -Be @('GET / HTTP/1.1 502', 'GET /a HTTP/1.1 502', 'GET /missing HTTP/1.1 404', 'GET / 503')
        # Traefik's records as it writes them ("level":"info","msg":"", helper-103): the status gives the level all the same.
        $traefik = Write-Log -Name 'traefik.json.log' -Lines @(
            '{"ClientAddr":"10.0.0.1:5555","DownstreamStatus":502,"RequestMethod":"GET","RequestPath":"/api/v1/items?id=5","StartUTC":"2026-11-27T10:00:00.123Z","level":"info","msg":"","time":"2026-11-27T10:00:00Z"}'
            '{"ClientAddr":"10.0.0.1:5555","DownstreamStatus":200,"RequestMethod":"GET","RequestPath":"/","StartUTC":"2026-11-27T10:00:01.123Z","level":"info","msg":"","time":"2026-11-27T10:00:01Z"}')
        Get-LevelCounts $traefik | Should -Be 'Error=1 Info=1'
        (Measure-LogErrors -LiteralPath $traefik).Template | Should -Be 'GET /api/v1/items?id=<*> <*>'
        @(Measure-LogErrors -LiteralPath $log -Level Warning).Template | Should -Be @('GET <*> HTTP/<*> <*>', 'GET / <*>', 'GET /missing HTTP/<*> <*>')
    }

    It 'reads Apache Airflow''s task log stamps ([2026-11-27, 10:00:15 UTC], UTC+05:30 and [2026-11-27T10:00:17.123+0000]) and keeps the traceback in its entry' {
        $log = Write-Log -Name 'airflow.log' -Lines @(
            '[2026-11-27, 10:00:14 UTC] {taskinstance.py:1100} INFO - Executing <Task(PythonOperator): fail> on 2026-11-27'
            '[2026-11-27, 10:00:15 UTC] {taskinstance.py:1234} ERROR - Task failed with exception'
            'Traceback (most recent call last):'
            '  File "/opt/airflow/dags/x.py", line 3, in fail'
            '    raise ValueError("boom")'
            'ValueError: boom'
            '[2026-11-27, 10:00:16.5 UTC] {taskinstance.py:1300} INFO - Marking task as FAILED.'
            '[2026-11-27T10:00:17.123+0000] {local_task_job_runner.py:123} ERROR - Task exited with return code 1'
            '[2026-11-27, 15:30:18 UTC+05:30] {taskinstance.py:1400} ERROR - A fixed-offset zone, as Python''s %Z prints it')

        Get-LevelCounts $log | Should -Be 'Error=3 Info=2'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Info -TimeZone 'Europe/Berlin')
        $entries.LineNumber | Should -Be @(1, 2, 7, 8, 9)
        # The stamps say UTC (or +0000, or UTC+05:30): -TimeZone does not move them.
        $entries.Timestamp | Should -Be @(
            [datetime]::new(2026, 11, 27, 10, 0, 14, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 15, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 16, 500, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 17, 123, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 18, [DateTimeKind]::Utc))
        $entries[4].Message | Should -Be 'A fixed-offset zone, as Python''s %Z prints it'
        $lines = $entries[1].Message -split "`n"
        $lines[0] | Should -Be 'Task failed with exception'
        $lines[-1] | Should -Be 'ValueError: boom'
        $entries[1].Template | Should -Be 'Task failed with exception'
        $summary = Measure-LogErrors -LiteralPath $log -Summary -TimeZone UTC
        $summary.FirstTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 14, [DateTimeKind]::Utc))
        $summary.LastTimestamp | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 18, [DateTimeKind]::Utc))
    }

    It 'applies an offset alone after Airflow''s comma stamp ([2026-11-27, 10:00:28 +0100]) as after an ISO stamp, and no offset beyond 14 hours' {
        $log = Write-Log -Name 'airflow-offsets.log' -Lines @(
            '[2026-11-27, 10:00:28 +0100] {x.py:1} ERROR - bare offset'
            '[2026-11-27, 10:00:29 +01:00] {x.py:1} ERROR - bare offset with a colon'
            '[2026-11-27, 07:00:30 -0300] {x.py:1} ERROR - minus three'
            '2026-11-27 10:00:31 +0100 ERROR the ISO form'
            # Beyond 14 hours no zone is: the stamp is read in -TimeZone's.
            '[2026-11-27, 10:00:32 UTC+14:30] {x.py:1} ERROR - beyond fourteen hours'
            '2026-11-27T10:00:33+14:30 ERROR beyond fourteen hours, ISO')

        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -TimeZone UTC)
        $entries.Timestamp | Should -Be @(
            [datetime]::new(2026, 11, 27, 9, 0, 28, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 9, 0, 29, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 30, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 9, 0, 31, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 32, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 33, [DateTimeKind]::Utc))
        $entries[0..3].Message | Should -Be @('bare offset', 'bare offset with a colon', 'minus three', 'the ISO form')
    }

    It 'reads Apache Cassandra''s system.log (level, [thread], stamp, file:line - message) with its own stamps and the stack trace in the error''s entry' {
        $log = Write-Log -Name 'system.log' -Lines @(
            'INFO  [main] 2026-11-27 10:00:09,001 YamlConfigurationLoader.java:97 - Configuration location: file:/etc/cassandra/cassandra.yaml'
            'ERROR [main] 2026-11-27 10:00:10,123 CassandraDaemon.java:123 - Exception encountered during startup'
            'java.lang.RuntimeException: Unable to bind to 0.0.0.0:7000'
            '	at org.apache.cassandra.net.InboundSockets.bind(InboundSockets.java:200)'
            '	at org.apache.cassandra.service.CassandraDaemon.setup(CassandraDaemon.java:300)'
            'WARN  [CompactionExecutor:1] 2026-11-27 10:00:11,500 BigTableWriter.java:274 - Writing large partition ks/t:1 (120.5MiB)'
            'ERROR [main] 2026-11-27 10:00:12,750 CassandraDaemon.java:123 - Exception encountered during startup')

        Get-LevelCounts $log | Should -Be 'Error=2 Warning=1 Info=1'
        $entries = @(Measure-LogErrors -LiteralPath $log -Entries -Level Warning -TimeZone UTC)
        $entries.LineNumber | Should -Be @(2, 6, 7)
        $entries.Timestamp | Should -Be @(
            [datetime]::new(2026, 11, 27, 10, 0, 10, 123, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 11, 500, [DateTimeKind]::Utc)
            [datetime]::new(2026, 11, 27, 10, 0, 12, 750, [DateTimeKind]::Utc))
        ($entries[0].Message -split "`n")[0] | Should -Be 'Exception encountered during startup'
        $entries[0].Message | Should -BeLike '*CassandraDaemon.setup(CassandraDaemon.java:300)'
        $entries[2].Message | Should -Be 'Exception encountered during startup'
        $patterns = @(Measure-LogErrors -LiteralPath $log -TimeZone UTC)
        $patterns[0].Template | Should -Be 'Exception encountered during startup'
        $patterns[0].Count | Should -Be 2
        $patterns[0].FirstSeen | Should -Be ([datetime]::new(2026, 11, 27, 10, 0, 10, 123, [DateTimeKind]::Utc))
    }
}

