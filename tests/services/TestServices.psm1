#Requires -Version 7.4
<#
    Throwaway services for the OpsModule test task: a PostgreSQL cluster and an s3rver S3 endpoint, each
    on 127.0.0.1, a free port and its own temp folder. Start-OpsTestService returns an object whose
    Environment hashtable holds the variables the tests read (OPS_TEST_PG, OPS_TEST_S3_*); hand that
    object to Stop-OpsTestService when done. Linux only (runuser, /usr/lib/postgresql, apt-get).
#>
Set-StrictMode -Version 3.0

$script:StartTimeout = [TimeSpan]::FromSeconds(30)
$script:PostgresUser = 'postgres'
# s3rver checks request signatures against this fixed key pair.
$script:S3Key = 'S3RVER'

Import-Module (Join-Path $PSScriptRoot '../../tools/ChildProcess.psm1')

function Invoke-Tool {
    # Runs a program to completion and returns its exit code and combined output. As root, -AsPostgres runs
    # it through runuser: initdb and postgres refuse to run as root.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AsPostgres,
        [string] $WorkingDirectory = [IO.Path]::GetTempPath(),
        [TimeSpan] $Timeout = $script:StartTimeout
    )
    if ($AsPostgres -and [Environment]::IsPrivilegedProcess) {
        $ArgumentList = @('-u', $script:PostgresUser, '--', $FilePath) + $ArgumentList
        $FilePath = 'runuser'
    }
    # A directory the postgres user can enter, so tools started through runuser do not trip over root's cwd.
    $result = Invoke-ChildProcess -FilePath $FilePath -ArgumentList $ArgumentList -WorkingDirectory $WorkingDirectory -TimeoutSeconds $Timeout.TotalSeconds
    [pscustomobject]@{
        ExitCode = $result.ExitCode
        Output   = ($result.Output + $result.Errors).Trim()
    }
}

function Invoke-ToolOrThrow {
    # Invoke-Tool that throws with the tail of the tool's output when it exits non-zero.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AsPostgres,
        [string] $WorkingDirectory = [IO.Path]::GetTempPath()
    )
    $result = Invoke-Tool -FilePath $FilePath -ArgumentList $ArgumentList -AsPostgres:$AsPostgres -WorkingDirectory $WorkingDirectory
    if ($result.ExitCode -ne 0) {
        throw "$([IO.Path]::GetFileName($FilePath)) exited with code $($result.ExitCode):`n$(Get-TextTail $result.Output)"
    }
}

function Get-TextTail {
    param([string] $Text, [int] $Lines = 20)
    (($Text -split "`r?`n") | Select-Object -Last $Lines) -join "`n"
}

function Get-LogTail {
    param([string] $Path)
    if (Test-Path -LiteralPath $Path) { "--- tail of $Path`n" + (Get-TextTail ([IO.File]::ReadAllText($Path))) } else { "(no $Path)" }
}

function Get-FreePort {
    # Binding port 0 lets the kernel choose a free port; another process could take it before the
    # service binds it, which is unlikely enough for a test run.
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        ([Net.IPEndPoint]$listener.LocalEndpoint).Port
    }
    finally {
        $listener.Stop()
    }
}

function New-ServiceDirectory {
    param([string] $WorkRoot, [string] $Prefix)
    $root = if ($WorkRoot) { $WorkRoot } else { [IO.Path]::GetTempPath() }
    $path = Join-Path ([IO.Path]::GetFullPath($root)) "$Prefix-$([Guid]::NewGuid().ToString('N').Substring(0, 12))"
    # 0700: the folder holds the PostgreSQL password file for a moment.
    [void][IO.Directory]::CreateDirectory($path, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
    $path
}

function Find-PostgresBinDir {
    # Server binaries (initdb): pg_config's bindir, else /usr/lib/postgresql/<n>/bin (15 first, then the
    # newest), else PATH. Debian's pg_config may come from libpq-dev alone, hence the initdb check.
    $candidates = [Collections.Generic.List[string]]::new()
    if (Get-Command pg_config -CommandType Application -ErrorAction Ignore) {
        $result = Invoke-Tool -FilePath pg_config -ArgumentList '--bindir'
        if ($result.ExitCode -eq 0) { $candidates.Add($result.Output) }
    }
    Get-ChildItem -Path /usr/lib/postgresql -Directory -ErrorAction Ignore |
        Where-Object Name -Match '^\d+$' |
        Sort-Object @{ Expression = { $_.Name -eq '15' }; Descending = $true }, @{ Expression = { [int]$_.Name }; Descending = $true } |
        ForEach-Object { $candidates.Add((Join-Path $_.FullName 'bin')) }
    $onPath = Get-Command initdb -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($onPath) { $candidates.Add([IO.Path]::GetDirectoryName($onPath.Source)) }

    $candidates | Where-Object { Test-Path -LiteralPath (Join-Path $_ 'initdb') -PathType Leaf } | Select-Object -First 1
}

function Test-ProcessAlive {
    # True when the process still runs and is the one we started (a recycled pid has another start time).
    # A zombie counts as gone: PostgreSQL is reparented when pg_ctl exits, and not every init reaps.
    param([int] $ProcessId, [datetime] $StartTime)
    $stat = Get-Content -LiteralPath "/proc/$ProcessId/stat" -Raw -ErrorAction Ignore
    if (-not $stat) { return $false }
    $state = $stat.Substring($stat.LastIndexOf(')') + 2, 1)  # the field after "(command name)"
    if ($state -in 'Z', 'X') { return $false }
    $process = Get-Process -Id $ProcessId -ErrorAction Ignore
    $null -ne $process -and $process.StartTime -eq $StartTime
}

function New-ServiceObject {
    param([hashtable] $Properties)
    $service = [pscustomobject]$Properties
    $service.PSObject.TypeNames.Insert(0, 'OpsModule.TestService')
    # The default view leaves out Environment, which holds the PostgreSQL password.
    $display = [Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]@('Kind', 'Port', 'Directory', 'ProcessId'))
    $service | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([Management.Automation.PSMemberInfo[]]@($display))
    $service
}

function Start-PostgresService {
    param([string] $WorkRoot)
    $binDir = Find-PostgresBinDir
    if (-not $binDir) {
        throw 'PostgreSQL server binaries (initdb) were not found via pg_config, /usr/lib/postgresql/*/bin or PATH. Run Install-OpsTestPrerequisite or install postgresql-15.'
    }
    $dir = New-ServiceDirectory -WorkRoot $WorkRoot -Prefix 'ops-test-pg'
    $dataDir = Join-Path $dir 'data'
    $logPath = Join-Path $dir 'postgres.log'
    $port = Get-FreePort
    $service = New-ServiceObject @{
        Kind = 'Postgres'; Port = $port; Directory = $dir; DataDirectory = $dataDir; BinDirectory = $binDir
        LogPath = $logPath; ProcessId = $null; ProcessStartTime = $null; Environment = @{}
    }
    try {
        # Hex keeps the password free of characters that need quoting in a connection string.
        $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(16)).ToLowerInvariant()
        $pwFile = Join-Path $dir 'pwfile'
        [IO.File]::WriteAllText($pwFile, $password)
        [void][IO.Directory]::CreateDirectory($dataDir, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        if ([Environment]::IsPrivilegedProcess) {
            Invoke-ToolOrThrow -FilePath chown -ArgumentList '-R', "$($script:PostgresUser):", $dir
        }

        # UTF8 with the C locale: the same on every machine, whatever LANG the runner has.
        Invoke-ToolOrThrow -AsPostgres -WorkingDirectory $dir -FilePath (Join-Path $binDir 'initdb') -ArgumentList @(
            '-D', $dataDir, '-U', 'postgres', "--pwfile=$pwFile", '-A', 'scram-sha-256',
            '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions')
        # -Force: .NET reports a file of another user without "other" write permission as read-only.
        Remove-Item -LiteralPath $pwFile -Force

        # The socket folder goes inside single quotes because pg_ctl hands -o to a shell.
        $serverOptions = "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c autovacuum=off"
        Invoke-ToolOrThrow -AsPostgres -WorkingDirectory $dir -FilePath (Join-Path $binDir 'pg_ctl') -ArgumentList @(
            'start', '-D', $dataDir, '-l', $logPath, '-w', '-t', [string]$script:StartTimeout.TotalSeconds, '-o', $serverOptions)

        $postmasterPid = [int](Get-Content -LiteralPath (Join-Path $dataDir 'postmaster.pid') -TotalCount 1)
        $service.ProcessId = $postmasterPid
        $service.ProcessStartTime = (Get-Process -Id $postmasterPid).StartTime

        # pg_ctl -w watches postmaster.pid; pg_isready proves TCP on 127.0.0.1 answers (it needs no password).
        $isReady = Join-Path $binDir 'pg_isready'
        $deadline = [DateTime]::UtcNow + $script:StartTimeout
        while ((Invoke-Tool -FilePath $isReady -ArgumentList '-h', '127.0.0.1', '-p', $port, '-d', 'postgres', '-t', '1').ExitCode -ne 0) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "PostgreSQL did not accept connections on 127.0.0.1:$port within $($script:StartTimeout.TotalSeconds) s." }
            Start-Sleep -Milliseconds 100
        }
        $service.Environment['OPS_TEST_PG'] = "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
        $service
    }
    catch {
        $message = "Could not start the PostgreSQL test service: $($_.Exception.Message)`n$(Get-LogTail $logPath)"
        try { Stop-ServiceCore $service } catch { Write-Warning "Cleanup after the failed start failed: $_" }
        throw $message
    }
}

function Start-S3Service {
    param([string] $WorkRoot)
    $node = Get-Command node -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $node) { throw 'node was not found on PATH. Run Install-OpsTestPrerequisite or install nodejs.' }
    $s3rver = Join-Path $PSScriptRoot 'node_modules/s3rver/bin/s3rver.js'
    if (-not (Test-Path -LiteralPath $s3rver)) {
        if (-not (Get-Command npm -CommandType Application -ErrorAction Ignore)) { throw 'npm was not found on PATH. Run Install-OpsTestPrerequisite or install npm.' }
        Invoke-ToolOrThrow -FilePath npm -WorkingDirectory $PSScriptRoot -ArgumentList 'ci', '--no-audit', '--no-fund', '--loglevel=error'
    }

    $dir = New-ServiceDirectory -WorkRoot $WorkRoot -Prefix 'ops-test-s3'
    $dataDir = Join-Path $dir 'data'
    [void][IO.Directory]::CreateDirectory($dataDir)
    $logPath = Join-Path $dir 's3rver.log'
    $port = Get-FreePort
    $service = New-ServiceObject @{
        Kind = 'S3'; Port = $port; Directory = $dir; DataDirectory = $dataDir
        LogPath = $logPath; ProcessId = $null; ProcessStartTime = $null; Environment = @{}
    }
    try {
        # sh execs node with its output going straight to the log file, so the server neither depends on
        # this pwsh reading a pipe nor holds the caller's stdout open; the pid is node's own after exec.
        $process = (Start-ChildProcess -Inherit -WorkingDirectory $dir -FilePath sh -ArgumentList @(
                '-c', 'log=$1; shift; exec "$@" </dev/null >"$log" 2>&1', 'sh', $logPath,
                $node.Source, $s3rver, '-d', $dataDir, '-a', '127.0.0.1', '-p', [string]$port)).Process
        $service.ProcessId = $process.Id
        $service.ProcessStartTime = $process.StartTime

        # Any HTTP answer (s3rver rejects the unsigned request) means it is serving. No proxy: a CI
        # runner's HTTP_PROXY must not see loopback requests.
        $client = [Net.Http.HttpClient]::new([Net.Http.SocketsHttpHandler]@{ UseProxy = $false })
        $client.Timeout = [TimeSpan]::FromSeconds(1)
        try {
            $deadline = [DateTime]::UtcNow + $script:StartTimeout
            while ($true) {
                if ($process.HasExited) { throw "s3rver exited with code $($process.ExitCode)." }
                try {
                    $client.GetAsync("http://127.0.0.1:$port/").GetAwaiter().GetResult().Dispose()
                    break
                }
                catch {
                    if ([DateTime]::UtcNow -gt $deadline) { throw "s3rver did not answer HTTP on 127.0.0.1:$port within $($script:StartTimeout.TotalSeconds) s: $($_.Exception.Message)" }
                    Start-Sleep -Milliseconds 100
                }
            }
        }
        finally {
            $client.Dispose()
        }
        $service.Environment['OPS_TEST_S3_ENDPOINT'] = "http://127.0.0.1:$port"
        $service.Environment['OPS_TEST_S3_ACCESS_KEY'] = $script:S3Key
        $service.Environment['OPS_TEST_S3_SECRET_KEY'] = $script:S3Key
        $service
    }
    catch {
        $message = "Could not start the S3 test service: $($_.Exception.Message)`n$(Get-LogTail $logPath)"
        try { Stop-ServiceCore $service } catch { Write-Warning "Cleanup after the failed start failed: $_" }
        throw $message
    }
}

function Stop-ServiceCore {
    # Stops the service if it still runs and removes its folder; does nothing the second time.
    param([Parameter(Mandatory)] [psobject] $Service)
    if ($Service.Kind -eq 'Postgres' -and (Test-Path -LiteralPath (Join-Path $Service.DataDirectory 'postmaster.pid'))) {
        $result = Invoke-Tool -AsPostgres -WorkingDirectory $Service.Directory -FilePath (Join-Path $Service.BinDirectory 'pg_ctl') -ArgumentList @(
            'stop', '-D', $Service.DataDirectory, '-m', 'fast', '-w', '-t', [string]$script:StartTimeout.TotalSeconds)
        if ($result.ExitCode -ne 0) { Write-Warning "pg_ctl stop failed, killing the server: $($result.Output)" }
    }
    # Kills what is left: s3rver always, PostgreSQL only when pg_ctl could not stop it.
    if ($Service.ProcessId -and (Test-ProcessAlive -ProcessId $Service.ProcessId -StartTime $Service.ProcessStartTime)) {
        # Bounded wait: waiting on a process that is not our child polls, and would not see it turn zombie.
        Stop-ChildProcess (Get-Process -Id $Service.ProcessId)
    }
    if (Test-Path -LiteralPath $Service.Directory) {
        Remove-Item -LiteralPath $Service.Directory -Recurse -Force
    }
}

function Start-OpsTestService {
    <#
    .SYNOPSIS
    Starts a throwaway PostgreSQL cluster or s3rver endpoint on 127.0.0.1 and a free port.
    .DESCRIPTION
    Returns an OpsModule.TestService object: Kind, Port, Directory (the temp folder, removed by
    Stop-OpsTestService), DataDirectory, LogPath, ProcessId, ProcessStartTime, Environment (the
    variables to set for the tests) and, for Postgres, BinDirectory. Throws a terminating error when
    the service does not come up; the message carries the tail of its logs.
    .EXAMPLE
    $pg = Start-OpsTestService -Kind Postgres
    $pg.Environment.GetEnumerator() | ForEach-Object { [Environment]::SetEnvironmentVariable($_.Key, $_.Value) }
    #>
    [CmdletBinding()]
    [OutputType('OpsModule.TestService')]
    param(
        [Parameter(Mandatory)] [ValidateSet('Postgres', 'S3')] [string] $Kind,
        # Folder under which the service's temp folder is made; the system temp folder by default.
        [string] $WorkRoot
    )
    try {
        if ($Kind -eq 'Postgres') { Start-PostgresService -WorkRoot $WorkRoot } else { Start-S3Service -WorkRoot $WorkRoot }
    }
    catch {
        $record = [Management.Automation.ErrorRecord]::new(
            [InvalidOperationException]::new($_.Exception.Message, $_.Exception),
            'TestServiceStartFailed', [Management.Automation.ErrorCategory]::ResourceUnavailable, $Kind)
        $PSCmdlet.ThrowTerminatingError($record)
    }
}

function Stop-OpsTestService {
    <#
    .SYNOPSIS
    Stops a service from Start-OpsTestService and removes its temp folder. Safe to call twice.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [psobject] $Service
    )
    process {
        Stop-ServiceCore $Service
    }
}

function Install-OpsTestPrerequisite {
    <#
    .SYNOPSIS
    For CI: installs postgresql-15 and nodejs/npm with apt-get when they are missing. Needs root.
    .DESCRIPTION
    Does nothing (and returns at once) when initdb, node and npm are already found. Daemons are kept
    from starting during the install by a temporary /usr/sbin/policy-rc.d that answers 101.
    #>
    [CmdletBinding()]
    param()
    $packages = @()
    if (-not (Find-PostgresBinDir)) { $packages += 'postgresql-15' }
    if (-not (Get-Command node -CommandType Application -ErrorAction Ignore)) { $packages += 'nodejs' }
    if (-not (Get-Command npm -CommandType Application -ErrorAction Ignore)) { $packages += 'npm' }
    if (-not $packages) { return }

    if (-not [Environment]::IsPrivilegedProcess) {
        $PSCmdlet.ThrowTerminatingError([Management.Automation.ErrorRecord]::new(
                [InvalidOperationException]::new("Installing $($packages -join ', ') needs root."),
                'PrerequisiteInstallNeedsRoot', [Management.Automation.ErrorCategory]::PermissionDenied, $packages))
    }
    # Leave a policy-rc.d that someone else put there alone.
    $policy = '/usr/sbin/policy-rc.d'
    $ownPolicy = -not (Test-Path -LiteralPath $policy)
    if ($ownPolicy) {
        [IO.File]::WriteAllText($policy, "#!/bin/sh`nexit 101`n")
        [IO.File]::SetUnixFileMode($policy, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
    }
    try {
        Write-Verbose "apt-get install $($packages -join ' ')"
        # apt-get's output goes to the host (the CI log), not into the function's output.
        $apt = @{ DEBIAN_FRONTEND = 'noninteractive' }
        $null = Invoke-ChildProcess -FilePath apt-get -ArgumentList 'update', '-q' -Environment $apt -Inherit -ThrowOnError
        $null = Invoke-ChildProcess -FilePath apt-get -ArgumentList (@('install', '-y', '-q', '--no-install-recommends') + $packages) -Environment $apt -Inherit -ThrowOnError
    }
    catch {
        $PSCmdlet.ThrowTerminatingError([Management.Automation.ErrorRecord]::new(
                $_.Exception, 'PrerequisiteInstallFailed', [Management.Automation.ErrorCategory]::InvalidOperation, $packages))
    }
    finally {
        if ($ownPolicy) { Remove-Item -LiteralPath $policy -Force }
    }
}

Export-ModuleMember -Function Start-OpsTestService, Stop-OpsTestService, Install-OpsTestPrerequisite
