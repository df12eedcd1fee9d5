<#
.SYNOPSIS
    Benchmarks Get-ServiceHealth's concurrent fan-out against the runbook's sequential curl-style loop.

.DESCRIPTION
    Starts a local HTTP server on 127.0.0.1 whose every endpoint answers after -DelayMs, then times, in
    interleaved runs:
      - Get-ServiceHealth -Uri <all endpoints> -ThrottleLimit <endpoint count>
      - foreach ($uri in $uris) { Invoke-WebRequest $uri }   (the runbook's loop)
    and prints the median of each and the ratio. A report, not a gate.

.PARAMETER ModulePath
    The module to benchmark (the build passes out/OpsModule/OpsModule.psd1).

.PARAMETER Endpoints
    How many endpoints to check. Default 100.

.PARAMETER DelayMs
    How long each endpoint takes to answer. Default 100.

.PARAMETER Runs
    Runs of each method (interleaved). Default 3.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [int] $Endpoints = 100,
    [int] $DelayMs = 100,
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

Add-Type -TypeDefinition @'
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

public sealed class DelayedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
    private readonly int _delayMs;
    private volatile bool _stopped;

    public DelayedHttpServer(int delayMs)
    {
        _delayMs = delayMs;
        _listener.Start(4096);
        Task.Run(AcceptLoop);
    }

    public int Port { get { return ((IPEndPoint)_listener.LocalEndpoint).Port; } }

    public void Dispose() { _stopped = true; _listener.Stop(); }

    private async Task AcceptLoop()
    {
        while (!_stopped)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(); } catch { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n"))
                {
                    int read = await stream.ReadAsync(buffer, 0, buffer.Length);
                    if (read == 0) return;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                await Task.Delay(_delayMs);
                byte[] body = Encoding.ASCII.GetBytes("{\"status\":\"healthy\"}");
                byte[] response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(response, 0, response.Length);
                await stream.WriteAsync(body, 0, body.Length);
            }
            catch (Exception) { }
        }
    }
}
'@

$server = [DelayedHttpServer]::new($DelayMs)
try {
    $uris = 0..($Endpoints - 1) | ForEach-Object { "http://127.0.0.1:$($server.Port)/service/$_/health" }
    $module = [Collections.Generic.List[double]]::new()
    $loop = [Collections.Generic.List[double]]::new()
    Write-Host "$Endpoints endpoints answering in $DelayMs ms; $Runs interleaved runs of each method."
    for ($run = 1; $run -le $Runs; $run++) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = Get-ServiceHealth -Uri $uris -ThrottleLimit $Endpoints -TimeoutSec 30
        $module.Add($clock.Elapsed.TotalSeconds)
        $healthy = @($results | Where-Object Status -EQ 'Healthy').Count
        if ($healthy -ne $Endpoints) { throw "Get-ServiceHealth found $healthy of $Endpoints endpoints healthy." }

        $clock.Restart()
        foreach ($uri in $uris) {
            $null = Invoke-WebRequest -Uri $uri -TimeoutSec 30
        }
        $loop.Add($clock.Elapsed.TotalSeconds)
    }

    function Get-Median([double[]] $values) {
        $sorted = $values | Sort-Object
        if ($sorted.Count % 2) { return $sorted[[int][math]::Floor($sorted.Count / 2)] }
        return ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2
    }
    $moduleMedian = Get-Median $module
    $loopMedian = Get-Median $loop
    [pscustomobject]@{ Method = "Get-ServiceHealth -ThrottleLimit $Endpoints"; 'Median s' = [math]::Round($moduleMedian, 2); 'vs loop' = '{0:N1}x faster' -f ($loopMedian / $moduleMedian) },
    [pscustomobject]@{ Method = 'foreach { Invoke-WebRequest } (the runbook)'; 'Median s' = [math]::Round($loopMedian, 2); 'vs loop' = '1.0x' } |
        Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host ('Ratio: Get-ServiceHealth is {0:N1}x faster than the sequential Invoke-WebRequest loop (medians).' -f ($loopMedian / $moduleMedian))
}
finally {
    $server.Dispose()
}
