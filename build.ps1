<#
.SYNOPSIS
    Builds, tests, packages and demonstrates OpsModule.

.DESCRIPTION
    One entry point for every task. A fresh machine needs only the .NET SDK:

        dotnet tool restore
        dotnet pwsh ./build.ps1 -Task Test

    Tasks:
      Build    Publishes the cmdlet, model and engine assemblies and lays out the module in out/OpsModule:
               the manifest, format views, MAML help generated from docs/en-US, and Dependencies/ with the
               engine, its third-party assemblies and native SQLite for every supported runtime. Fails when
               an expected file is missing.
      Test     Builds, starts the test services (a throwaway PostgreSQL cluster and an S3-compatible server on
               127.0.0.1), runs the xunit projects and the Pester suite against the built module, stops the
               services, and ends with one line 'N passed, N failed, N skipped' summing every runner. Exits
               non-zero on any failure. With CI=true a service that cannot start fails the run.
      Package  Builds and publishes the module with Publish-PSResource into a local folder repository
               (out/repository). Publishing to the PowerShell Gallery is the same call with
               -Repository PSGallery -ApiKey <key>; see README.md.
      Demo     Creates a sample SQLite database in a temp folder, backs it up, restores it, and prints the
               objects. Needs no server.
      Bench    Runs the benchmark scripts in bench/ (reports, not gates).
      Clean    Removes out/, artifacts/ and every bin/ and obj/ folder.

.PARAMETER Task
    The task to run: Build, Test, Package, Demo, Bench or Clean. Default: Build.

.PARAMETER Configuration
    The .NET build configuration. Default: Release.

.PARAMETER TestFilter
    Test only: limits Pester to test files whose name matches this wildcard and passes it to xunit as a
    --filter on the fully qualified name. For local iteration; CI runs everything.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test

    Builds the module, starts PostgreSQL and the S3 server, and runs every test.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo

    Backs up and restores a sample SQLite database with the built module.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $TestFilter
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'OpsModule'
$Artifacts = Join-Path $Root 'artifacts'
$IsCI = $env:CI -eq 'true'
# Every child process and child pwsh of this script goes through tools/ChildProcess.psm1.
Import-Module (Join-Path $Root 'tools/ChildProcess.psm1') -Force

# The native SQLite builds the module must ship (Azure Automation, servers, laptops, Apple silicon, ARM VMs).
$RequiredRids = @('linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64')
# Also shipped when the package has them: Alpine-based containers.
$OptionalRids = @('linux-musl-x64', 'linux-musl-arm64')

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    # Runs a native command, its output straight to the console, and throws when it fails.
    param([string] $FilePath, [string[]] $ArgumentList)
    $null = Invoke-ChildProcess -FilePath $FilePath -ArgumentList $ArgumentList -Inherit -ThrowOnError
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'OpsModule.psd1')).ModuleVersion
}

function Invoke-Pwsh {
    # Runs a fresh pwsh (the one running this script) with $ArgumentList, its output to the console;
    # returns its exit code.
    param([string[]] $ArgumentList)
    (Invoke-ChildPwsh -ArgumentList $ArgumentList -TimeoutSeconds 0 -Inherit).ExitCode
}

function Invoke-Build {
    Write-Step 'Building OpsModule'
    $version = Get-ModuleVersion
    $publish = Join-Path $Artifacts 'publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/OpsModule/OpsModule.csproj'), '-c', $Configuration,
        '-o', $publish, "-p:Version=$version", '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $deps = Join-Path $ModuleOut 'Dependencies'
    $null = New-Item -ItemType Directory -Path $deps, (Join-Path $ModuleOut 'en-US') -Force

    # The default load context gets only the cmdlets and the user-facing types; everything else is private.
    foreach ($file in 'OpsModule.dll', 'OpsModule.Models.dll', 'OpsModule.Models.xml') {
        Copy-Item (Join-Path $publish $file) $ModuleOut
    }
    Get-ChildItem $publish -Filter *.dll |
        Where-Object Name -NotIn 'OpsModule.dll', 'OpsModule.Models.dll' |
        Copy-Item -Destination $deps
    foreach ($rid in $RequiredRids + $OptionalRids) {
        $native = Join-Path $publish "runtimes/$rid/native"
        if (Test-Path $native) {
            $target = Join-Path $deps "runtimes/$rid/native"
            $null = New-Item -ItemType Directory -Path $target -Force
            Copy-Item (Join-Path $native '*') $target
        }
    }

    Copy-Item (Join-Path $Root 'OpsModule.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'module/OpsModule.Format.ps1xml') $ModuleOut
    Copy-Item (Join-Path $Root 'module/THIRD-PARTY-NOTICES.txt') $ModuleOut
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    Copy-Item (Join-Path $Root 'module/en-US/*') (Join-Path $ModuleOut 'en-US')
    # The pages the help refers to (docs/backup-encryption.md, ...), so an installed module has them too.
    $null = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'docs') -Force
    Copy-Item (Join-Path $Root 'docs/*.md') (Join-Path $ModuleOut 'docs')

    $helpBuilder = Join-Path $Root 'tools/HelpBuilder.psm1'
    Import-Module $helpBuilder -Force
    Build-OpsModuleHelp -ModuleManifest (Join-Path $ModuleOut 'OpsModule.psd1') `
        -DocsPath (Join-Path $Root 'docs/en-US') -OutputPath (Join-Path $ModuleOut 'en-US')  | Out-Null

    $expected = @(
        'OpsModule.psd1', 'OpsModule.dll', 'OpsModule.Models.dll', 'OpsModule.Format.ps1xml', 'LICENSE', 'THIRD-PARTY-NOTICES.txt',
        'en-US/OpsModule.dll-Help.xml', 'en-US/about_OpsModule.help.txt',
        'docs/backup-encryption.md', 'docs/backup-manifest.md', 'docs/testing.md',
        'Dependencies/OpsModule.Engine.dll', 'Dependencies/Microsoft.Data.Sqlite.dll',
        'Dependencies/SQLitePCLRaw.core.dll', 'Dependencies/SQLitePCLRaw.provider.e_sqlite3.dll',
        'Dependencies/SQLitePCLRaw.batteries_v2.dll', 'Dependencies/ZstdSharp.dll'
    ) + @($RequiredRids | ForEach-Object { "Dependencies/runtimes/$_/native" })
    $missing = @($expected | Where-Object { -not (Test-Path (Join-Path $ModuleOut $_)) })
    $missing += @($RequiredRids | Where-Object {
            -not (Get-ChildItem (Join-Path $deps "runtimes/$_/native") -File -ErrorAction SilentlyContinue)
        } | ForEach-Object { "native SQLite for $_" })
    if ($missing) {
        throw "The built module is missing: $($missing -join ', ')"
    }
    $null = Test-ModuleManifest (Join-Path $ModuleOut 'OpsModule.psd1') -ErrorAction Stop
    Write-Host "Built $ModuleOut (version $version)."
}

function Get-PackageRoot {
    # NuGet's global packages folder, where PackageDownload puts Pester and the isolation-test assembly.
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (Invoke-ChildProcess -FilePath dotnet -ArgumentList 'nuget', 'locals', 'global-packages', '--list' -ThrowOnError).Output
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Read-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -LiteralPath $Path -Raw
    $counters = $trx.TestRun.ResultSummary.Counters
    $failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    # The names of what failed, repeated at the end of the run, where a CI log's tail shows them.
    $names = @($trx.SelectNodes("//*[local-name()='UnitTestResult']") | Where-Object { $_.outcome -notin 'Passed', 'NotExecuted' } | ForEach-Object { $_.testName })
    [pscustomobject]@{
        Passed  = [int] $counters.passed
        Failed  = $failed
        Skipped = [int] $counters.notExecuted
        Names   = $names
    }
}

function Start-TestService {
    # Starts PostgreSQL and the S3 server for the tests. Without CI a service that cannot start is a
    # warning (its tests report as skipped); with CI=true it fails the run before any test runs.
    $servicesModule = Join-Path $Root 'tests/services/TestServices.psm1'
    Import-Module $servicesModule -Force
    if ($IsCI) {
        Install-OpsTestPrerequisite
    }
    $started = [Collections.Generic.List[object]]::new()
    foreach ($kind in 'Postgres', 'S3') {
        try {
            $service = Start-OpsTestService -Kind $kind
            foreach ($entry in $service.Environment.GetEnumerator()) {
                [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
            }
            $started.Add($service)
            Write-Host "Started test service $kind."
        }
        catch {
            if ($IsCI) {
                $started | ForEach-Object { Stop-OpsTestService -Service $_ }
                throw "CI=true and the $kind test service could not start: $_"
            }
            Write-Warning "The $kind test service could not start; its tests will be skipped. $_"
        }
    }
    return $started
}

function Invoke-XunitTest([string] $ResultsDir) {
    $projects = Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter *.Tests.csproj
    $results = foreach ($project in $projects) {
        Write-Step "xunit: $($project.BaseName)"
        $trx = "$($project.BaseName).trx"
        $arguments = @('test', $project.FullName, '-c', $Configuration, '--nologo',
            '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=normal', '--results-directory', $ResultsDir)
        if ($TestFilter) { $arguments += @('--filter', "FullyQualifiedName~$TestFilter") }
        $null = Invoke-ChildProcess -FilePath dotnet -ArgumentList $arguments -Echo `
            -EchoFilter '^\s+(Passed|Failed|Skipped) |error|Error Message|Stack Trace|^\s+at |Total tests|Failed!|Passed!'
        $trxPath = Join-Path $ResultsDir $trx
        if (Test-Path $trxPath) {
            Read-TrxCounts $trxPath
        }
        else {
            # The project did not build or the runner crashed: count it as a failure, never as nothing.
            [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Names = @("$($project.BaseName) (no results: build or runner failure)") }
        }
    }
    return $results
}

function Invoke-PesterTest([string] $ResultsDir) {
    Write-Step 'Pester: tests/pester against the built module'
    $packages = Get-PackageRoot
    $pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    $filter = if ($TestFilter) { $TestFilter } else { '*' }
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pester' -RequiredVersion 5.7.1
`$config = New-PesterConfiguration
`$config.Run.Path = @(Get-ChildItem '$Root/tests/pester' -Filter '*.Tests.ps1' | Where-Object Name -like '$filter*' | ForEach-Object FullName)
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$result = Invoke-Pester -Configuration `$config
if (`$null -eq `$result) { throw 'Invoke-Pester returned no result.' }
`$names = @(`$result.Failed | ForEach-Object ExpandedPath) + @(`$result.FailedBlocks | ForEach-Object ExpandedPath) + @(`$result.FailedContainers | ForEach-Object Item)
@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount; Skipped = `$result.SkippedCount + `$result.NotRunCount; Names = @(`$names | ForEach-Object { "`$_" }) } |
    ConvertTo-Json | Set-Content '$summary'
"@
    $env:OPSMODULE_BUILT_MODULE = Join-Path $ModuleOut 'OpsModule.psd1'
    $env:OPSMODULE_PACKAGES = $packages
    $null = Invoke-Pwsh @('-NonInteractive', '-Command', $script)
    if (Test-Path $summary) {
        $counts = Get-Content $summary -Raw | ConvertFrom-Json
        if ($null -ne $counts.Passed -and $null -ne $counts.Failed) {
            return [pscustomobject]@{ Passed = [int] $counts.Passed; Failed = [int] $counts.Failed; Skipped = [int] $counts.Skipped; Names = @($counts.Names) }
        }
    }
    # Pester itself failed (no summary): count it as a failure, never as nothing.
    return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Names = @('Pester (no summary: Pester itself failed)') }
}

function Invoke-Test {
    Invoke-Build
    $resultsDir = Join-Path $Artifacts 'test-results'
    if (Test-Path $resultsDir) { Remove-Item $resultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $resultsDir -Force

    Write-Step 'Fetching test tools (Pester 5.7.1, the isolation-test assembly)'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/tools/TestTools.csproj'), '--nologo', '-v', 'quiet')

    $counts = [Collections.Generic.List[object]]::new()
    Write-Step 'dotnet format --verify-no-changes'
    $format = Invoke-ChildProcess -FilePath dotnet -ArgumentList 'format', (Join-Path $Root 'OpsModule.sln'), '--verify-no-changes' -Inherit
    if ($format.ExitCode -ne 0) {
        Write-Host 'Formatting differs from .editorconfig: run `dotnet format OpsModule.sln`.' -ForegroundColor Red
        $counts.Add([pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Names = @('dotnet format --verify-no-changes') })
    }

    $services = @()
    try {
        $services = @(Start-TestService)
        foreach ($result in Invoke-XunitTest $resultsDir) { $counts.Add($result) }
        $counts.Add((Invoke-PesterTest $resultsDir))
    }
    catch {
        Write-Host "Test run failed: $_" -ForegroundColor Red
        $counts.Add([pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Names = @("test run: $_") })
    }
    finally {
        foreach ($service in $services) { Stop-OpsTestService -Service $service }
    }

    $passed = ($counts | Measure-Object Passed -Sum).Sum
    $failed = ($counts | Measure-Object Failed -Sum).Sum
    $skipped = ($counts | Measure-Object Skipped -Sum).Sum
    foreach ($name in @($counts | ForEach-Object { $_.Names } | Where-Object { $_ })) {
        Write-Host "FAILED: $name" -ForegroundColor Red
    }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) {
        exit 1
    }
}

function Invoke-Package {
    Invoke-Build
    $repository = Join-Path $Out 'repository'
    $null = New-Item -ItemType Directory -Path $repository -Force
    # Re-packaging the same version replaces the earlier package instead of failing on it.
    Remove-Item (Join-Path $repository "OpsModule.$(Get-ModuleVersion).nupkg") -ErrorAction SilentlyContinue
    $name = 'OpsModuleLocal'
    if (Get-PSResourceRepository -Name $name -ErrorAction SilentlyContinue) {
        Unregister-PSResourceRepository -Name $name
    }
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $name -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    Write-Host "Published $(Get-ChildItem $repository -Filter *.nupkg | Sort-Object LastWriteTime | Select-Object -Last 1 -ExpandProperty FullName)"
}

function Invoke-Demo {
    Invoke-Build
    $exitCode = Invoke-Pwsh @('-File', (Join-Path $Root 'examples/Demo.ps1'), '-ModulePath', (Join-Path $ModuleOut 'OpsModule.psd1'))
    if ($exitCode -ne 0) { throw "The demo failed with exit code $exitCode." }
}

function Invoke-Bench {
    Invoke-Build
    foreach ($script in Get-ChildItem (Join-Path $Root 'bench') -Filter *.ps1) {
        Write-Step "Benchmark: $($script.Name)"
        $null = Invoke-Pwsh @('-File', $script.FullName, '-ModulePath', (Join-Path $ModuleOut 'OpsModule.psd1'))
    }
}

function Invoke-Clean {
    foreach ($path in $Out, $Artifacts) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj |
        Where-Object FullName -NotMatch 'node_modules' |
        Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
}
