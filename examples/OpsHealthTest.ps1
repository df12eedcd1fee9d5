<#
    An ops test in Pester: "is production healthy?" as a test suite that CI or a scheduler runs.

    Point it at your API with $env:OPS_API_URL (e.g. https://api.example.com/health). Without it, the script
    starts a stand-in API on 127.0.0.1 that serves the seed-style health document, so it runs anywhere.
    Needs Pester 5 (Install-PSResource Pester).
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/OpsModule/OpsModule.psd1'))
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$pester = if ($env:OPSMODULE_PACKAGES) { Join-Path $env:OPSMODULE_PACKAGES 'pester/5.7.1/tools/Pester.psd1' } else { 'Pester' }
Import-Module $pester -MinimumVersion 5.0

$standIn = $null
$apiUrl = $env:OPS_API_URL
if (-not $apiUrl) {
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $standIn = [Net.HttpListener]::new()
    $standIn.Prefixes.Add("http://127.0.0.1:$port/")
    $standIn.Start()
    $job = Start-ThreadJob -ArgumentList $standIn -ScriptBlock {
        param($listener)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { break }
            $bytes = [Text.Encoding]::UTF8.GetBytes('{"status":"healthy","services":{"database":"connected","cache":"connected"}}')
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }
    $apiUrl = "http://127.0.0.1:$port/health"
}

try {
    $container = New-PesterContainer -Data @{ ApiUrl = $apiUrl } -ScriptBlock {
        param($ApiUrl)
        Describe 'production' {
            It 'api is healthy' {
                (Get-ServiceHealth -Uri $ApiUrl).Status | Should -Be 'Healthy'
            }
            It 'every service behind the api is connected' {
                $result = Get-ServiceHealth -Uri $ApiUrl -JsonAssertion @{ status = 'healthy'; 'services.*' = 'connected' }
                $result.Status | Should -Be 'Healthy' -Because $result.Message
            }
            It 'api answers within a second' {
                (Get-ServiceHealth -Uri $ApiUrl -ResponseTimeWarning 1s -TimeoutSec 5).Status | Should -Be 'Healthy'
            }
        }
    }
    $run = Invoke-Pester -Container $container -Output Detailed -PassThru
    if ($null -eq $run -or $run.FailedCount -gt 0 -or $run.PassedCount -ne 3) {
        throw "The production health tests failed."
    }
}
finally {
    if ($standIn) {
        $standIn.Stop()
        $job | Remove-Job -Force
    }
}
