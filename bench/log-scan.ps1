<#
.SYNOPSIS
    Benchmarks Measure-LogErrors against grep and Select-String on a generated mixed-format log.

.DESCRIPTION
    Generates a log of at least -SizeMB (default 1024) that mixes the formats Measure-LogErrors detects:
    Python logging (with tracebacks), log4j (with Java stack traces), JSON lines, logfmt and syslog, at
    realistic level proportions (about 4% errors), with numbers, IPs, ids and durations in the messages. Then
    runs each method -Runs times, interleaved (one run of each per round, the order rotating), timed inside
    this pwsh (the module already loaded, so pwsh's own start is not counted), and prints the median, fastest
    and slowest seconds:
      - grep -c -E 'ERROR|CRITICAL' file, its output written to a file (GNU grep stops at the first match
        when its output is /dev/null)
      - Measure-LogErrors -Summary (level counts for every entry)
      - Measure-LogErrors (template grouping of the entries at Error and above)
      - Select-String -Pattern 'ERROR|CRITICAL' | Group-Object, the command the issue names (Group-Object without a
        property groups the matches by their text: path, line number and line), and the same with Group-Object on
        the fourth word (the seeds' awk '{print $4}'), which is faster; run once per round only when
        -IncludeSelectString is given, as they take minutes on 1 GB
    and the ratios against grep, plus the peak working set of a child pwsh running each cmdlet call compared
    with a child that only imports the module, and the whole-process time of those children (pwsh's start and the
    import included) beside grep's. A report, not a gate.

.PARAMETER ModulePath
    The module to benchmark (the build passes out/OpsModule/OpsModule.psd1).

.PARAMETER SizeMB
    The minimum size of the generated log. Default 1024; 100 for a quick run.

.PARAMETER Runs
    Runs of each method. Default 3.

.PARAMETER IncludeSelectString
    Also time Select-String | Group-Object (slow).

.PARAMETER WorkDir
    Where to put the log. Default: a new folder under the temp folder, removed after.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench

.EXAMPLE
    dotnet pwsh bench/log-scan.ps1 -ModulePath ./out/OpsModule/OpsModule.psd1 -SizeMB 100 -IncludeSelectString
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [int] $SizeMB = 1024,
    [ValidateRange(1, 100)]
    [int] $Runs = 3,
    [switch] $IncludeSelectString,
    [string] $WorkDir
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$moduleManifest = Join-Path (Get-Module OpsModule).ModuleBase 'OpsModule.psd1'
$ownFolder = -not $WorkDir
if ($ownFolder) {
    $WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-logbench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
}
$null = New-Item -ItemType Directory -Path $WorkDir -Force
$log = Join-Path $WorkDir 'mixed.log'

try {
    # One 4 MB block of varied lines, written repeatedly until the size is reached.
    $rng = [Random]::new(42)
    $block = [Text.StringBuilder]::new()
    $t = [datetime]::new(2026, 11, 20, 0, 0, 0, [DateTimeKind]::Utc)
    $hosts = 1..40 | ForEach-Object { "10.0.$($_ % 7).$_" }
    $users = 'alice', 'bob', 'carol', 'dave', 'erin'
    $i = 0
    while ($block.Length -lt 4MB) {
        $i++
        $t = $t.AddMilliseconds($rng.Next(1, 400))
        $roll = $rng.Next(1000)
        $level = if ($roll -lt 30) { 'ERROR' } elseif ($roll -lt 40) { 'CRITICAL' } elseif ($roll -lt 120) { 'WARNING' } elseif ($roll -lt 300) { 'DEBUG' } else { 'INFO' }
        $hostName = $hosts[$rng.Next($hosts.Count)]
        $message = switch ($rng.Next(6)) {
            0 { "Connection to ${hostName}:5432 timed out after $($rng.Next(100, 5000)) ms" }
            1 { "request GET /api/orders/$($rng.Next(1, 99999)) completed status=$(200 + 100 * $rng.Next(4)) in $($rng.Next(1, 900))ms" }
            2 { "user $($users[$rng.Next($users.Count)]) logged in from $hostName" }
            3 { "cache miss for key session:$([guid]::NewGuid().ToString('N').Substring(0, 12))" }
            4 { "worker $($rng.Next(1, 16)) processed batch $($rng.Next(1, 100000)) of $($rng.Next(1, 500)) items" }
            default { "disk /dev/sd$([char](97 + $rng.Next(4))) usage at $($rng.Next(50, 100))%" }
        }
        switch ($i % 5) {
            0 { [void]$block.AppendLine(('{0:yyyy-MM-dd HH:mm:ss,fff} - app.worker - {1} - {2}' -f $t, $level, $message)) }
            1 { [void]$block.AppendLine(('{0:yyyy-MM-dd HH:mm:ss.fff} {1} [pool-1-thread-{3}] com.example.Service - {2}' -f $t, ($level -replace 'WARNING', 'WARN' -replace 'CRITICAL', 'FATAL'), $message, $rng.Next(1, 9))) }
            2 { [void]$block.AppendLine(('{{"timestamp":"{0:yyyy-MM-ddTHH:mm:ss.fffZ}","level":"{1}","service":"api","traceId":"{3:x8}","message":"{2}"}}' -f $t, $level.ToLowerInvariant(), $message, $rng.Next())) }
            3 { [void]$block.AppendLine(('time={0:yyyy-MM-ddTHH:mm:ss.fffZ} level={1} msg="{2}" duration_ms={3}' -f $t, $level.ToLowerInvariant(), $message, $rng.Next(1, 3000))) }
            default { [void]$block.AppendLine(('{0:MMM dd HH:mm:ss} web01 app[{3}]: {1}: {2}' -f $t, $level.ToLowerInvariant(), $message, $rng.Next(100, 999))) }
        }
        if ($level -eq 'ERROR' -and $i % 5 -eq 1) {
            [void]$block.AppendLine('java.lang.IllegalStateException: pool exhausted').AppendLine("`tat com.example.Pool.take(Pool.java:$($rng.Next(10, 300)))").AppendLine("`tat com.example.Service.run(Service.java:42)")
        }
    }
    $bytes = [Text.Encoding]::UTF8.GetBytes($block.ToString())
    $stream = [IO.File]::Create($log)
    while ($stream.Length -lt $SizeMB * 1MB) { $stream.Write($bytes, 0, $bytes.Length) }
    $stream.Dispose()
    $size = (Get-Item $log).Length
    Write-Host ("Generated {0:N0} MB mixed-format log ({1})" -f ($size / 1MB), $log)

    $grepOut = Join-Path $WorkDir 'grep.out'
    $methods = [ordered]@{
        'grep -c -E ERROR|CRITICAL'        = { bash -c "grep -c -E 'ERROR|CRITICAL' '$log' > '$grepOut'" }
        'Measure-LogErrors -Summary'       = { $null = Measure-LogErrors -LiteralPath $log -Summary }
        'Measure-LogErrors (templates)'    = { $null = Measure-LogErrors -LiteralPath $log }
    }
    if ($IncludeSelectString) {
        # The issue's command as it is written (Group-Object without a property groups the MatchInfo objects by their text),
        # and the seeds' awk '{print $4}' grouping, which does less work per match.
        $methods['Select-String | Group-Object'] = { $null = Select-String -LiteralPath $log -Pattern 'ERROR|CRITICAL' | Group-Object }
        $methods['Select-String | Group-Object {4th}'] = { $null = Select-String -LiteralPath $log -Pattern 'ERROR|CRITICAL' | Group-Object { ($_.Line -split ' ')[3] } }
    }
    $names = @($methods.Keys)
    $times = @{}
    foreach ($name in $names) { $times[$name] = [Collections.Generic.List[double]]::new() }
    for ($round = 0; $round -lt $Runs; $round++) {
        for ($k = 0; $k -lt $names.Count; $k++) {
            $name = $names[($k + $round) % $names.Count]
            $times[$name].Add((Measure-Command $methods[$name]).TotalSeconds)
        }
    }

    $median = @{}
    Write-Host ''
    Write-Host ('{0,-36} {1,9} {2,9} {3,9}' -f 'Method', 'Median s', 'Fastest', 'Slowest')
    foreach ($name in $names) {
        $sorted = @($times[$name] | Sort-Object)
        $median[$name] = $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)]
        Write-Host ('{0,-36} {1,9:N2} {2,9:N2} {3,9:N2}' -f $name, $median[$name], $sorted[0], $sorted[-1])
    }
    $grep = $median['grep -c -E ERROR|CRITICAL']
    Write-Host ''
    # grep counts lines with the upper-case words; Measure-LogErrors counts entries by level in every format (also 'error' in JSON, logfmt and syslog).
    Write-Host ('Lines grep matched: {0}; entries at Error or above per Measure-LogErrors -Summary: {1}' -f (Get-Content $grepOut), (Measure-LogErrors -LiteralPath $log -Summary).Errors)
    Write-Host ('Measure-LogErrors -Summary     / grep: {0:N1}x (target <= 1.5x)' -f ($median['Measure-LogErrors -Summary'] / $grep))
    Write-Host ('Measure-LogErrors (templates)  / grep: {0:N1}x (target <= 3x)' -f ($median['Measure-LogErrors (templates)'] / $grep))
    if ($IncludeSelectString) {
        Write-Host ('Select-String | Group-Object / Measure-LogErrors (templates): {0:N1}x (target >= 20x)' -f ($median['Select-String | Group-Object'] / $median['Measure-LogErrors (templates)']))
        Write-Host ('Select-String | Group-Object {{4th}} / Measure-LogErrors (templates): {0:N1}x (the seeds'' awk grouping; no target)' -f ($median['Select-String | Group-Object {4th}'] / $median['Measure-LogErrors (templates)']))
    }

    # Peak memory: a child pwsh per call prints its own peak working set.
    Import-Module (Join-Path $PSScriptRoot '../tools/ChildProcess.psm1')
    Write-Host ''
    # The same child processes give the whole-process time (pwsh's start and the module's import included) beside grep's.
    $wholeGrep = (Measure-Command { bash -c "grep -c -E 'ERROR|CRITICAL' '$log' > '$grepOut'" }).TotalSeconds
    foreach ($call in @('', "`$null = Measure-LogErrors -LiteralPath '$log' -Summary", "`$null = Measure-LogErrors -LiteralPath '$log'")) {
        $script = "Import-Module '$moduleManifest'; $call; [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $child = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $script -TimeoutSeconds 0 -ThrowOnError
        $whole = $clock.Elapsed.TotalSeconds
        $peak = [long](($child.Output.Trim() -split "`r?`n") | Select-Object -Last 1)
        Write-Host ('Peak working set {0,-40} {1,6:N0} MB; whole process {2,6:N2} s' -f $(if ($call) { $call -replace '\$null = ' -replace " -LiteralPath '[^']+'" } else { '(module imported only)' }), ($peak / 1MB), $whole)
    }
    Write-Host ('Whole process grep -c -E ERROR|CRITICAL: {0:N2} s (pwsh itself takes about the "module imported only" time to start)' -f $wholeGrep)
}
finally {
    if ($ownFolder) { Remove-Item $WorkDir -Recurse -Force -ErrorAction SilentlyContinue }
}
