#Requires -Version 7.4
<#
    The one way build.ps1, tools/, the tests and bench/ start child processes and child pwsh.

    Arguments always go through ProcessStartInfo.ArgumentList (never a joined string, so spaces and quotes
    arrive intact and nothing is parsed by a shell); the environment of the child is this process's plus the
    -Environment entries (a $null value removes a variable); standard output and error are drained
    concurrently so a chatty child never blocks on a full pipe; a timeout kills the whole process tree.
    The caller's $ErrorActionPreference never turns a child's stderr into errors, as `& tool` would.
#>
Set-StrictMode -Version 3.0

function Get-PwshCommand {
    <#
    .SYNOPSIS
    The pwsh this process runs under, as an executable plus the arguments that must precede pwsh's own.
    .DESCRIPTION
    Under `dotnet pwsh` (a .NET tool) this process is dotnet itself, so a child pwsh is
    `dotnet <PSHOME>/pwsh.dll`; otherwise it is the pwsh executable.
    #>
    [OutputType([string[]])]
    param()
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        return [string[]]@($exe, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return [string[]]@($exe)
}

function Start-ChildProcess {
    <#
    .SYNOPSIS
    Starts a program and returns at once: an object with Process, Output and Errors.
    .DESCRIPTION
    Output and Errors are tasks that collect standard output and error to their end (read .Result after the
    exit). With -ReadOutput the caller reads Process.StandardOutput itself (line by line, e.g. a shell that
    prints a marker) and Output is $null. With -RedirectStandardInput the caller writes to
    Process.StandardInput; otherwise the child's stdin is closed at once (it never waits for a console).
    With -Inherit the child shares this process's console streams (nothing is captured).
    #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory,
        [switch] $RedirectStandardInput,
        [switch] $ReadOutput,
        [switch] $Inherit
    )
    $start = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $start.ArgumentList.Add([string]$argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = -not $Inherit
    $start.RedirectStandardOutput = -not $Inherit
    $start.RedirectStandardError = -not $Inherit
    if ($WorkingDirectory) { $start.WorkingDirectory = $WorkingDirectory }
    foreach ($entry in $Environment.GetEnumerator()) {
        if ($null -eq $entry.Value) {
            $null = $start.Environment.Remove($entry.Key)
        }
        else {
            $start.Environment[$entry.Key] = [string]$entry.Value
        }
    }
    $process = [Diagnostics.Process]::Start($start)
    $output = $null
    $errors = $null
    if (-not $Inherit) {
        if (-not $RedirectStandardInput) { $process.StandardInput.Close() }
        if (-not $ReadOutput) { $output = $process.StandardOutput.ReadToEndAsync() }
        $errors = $process.StandardError.ReadToEndAsync()
    }
    [pscustomobject]@{ Process = $process; Output = $output; Errors = $errors }
}

function Stop-ChildProcess {
    <#
    .SYNOPSIS
    Kills a child (from Start-ChildProcess or Start-ChildPwsh) and everything it started, and waits for it.
    #>
    param([Parameter(Mandatory)] $Child)
    $process = if ($Child -is [Diagnostics.Process]) { $Child } else { $Child.Process }
    try {
        if (-not $process.HasExited) { $process.Kill($true) }
    }
    catch {
        # It exited meanwhile.
        if ($_.Exception.GetBaseException() -isnot [InvalidOperationException]) { throw }
    }
    $null = $process.WaitForExit(10000)
}

function Invoke-ChildProcess {
    <#
    .SYNOPSIS
    Runs a program to completion: returns ExitCode, Output (stdout) and Errors (stderr).
    .DESCRIPTION
    -InputText is written to the child's stdin, which is then closed. -TimeoutSeconds (0: none) kills the
    whole process tree when it is exceeded and throws. -Echo writes each line of stdout and stderr to the
    host as it arrives (only lines matching -EchoFilter, when given), for long builds and test runs.
    -Inherit lets the child write straight to this console instead (Output and Errors are then empty).
    -ThrowOnError throws when the exit code is not 0, with the tail of the child's output.
    #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [string] $InputText,
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory,
        [double] $TimeoutSeconds = 0,
        [switch] $Echo,
        [string] $EchoFilter,
        [switch] $Inherit,
        [switch] $ThrowOnError
    )
    $name = [IO.Path]::GetFileName($FilePath)
    $feed = $PSBoundParameters.ContainsKey('InputText')
    $child = Start-ChildProcess -FilePath $FilePath -ArgumentList $ArgumentList -Environment $Environment -WorkingDirectory $WorkingDirectory `
        -RedirectStandardInput:$feed -ReadOutput:$Echo -Inherit:$Inherit
    $process = $child.Process
    try {
        if ($feed) {
            # Its stdout and stderr are drained by tasks meanwhile, so a child that answers early cannot block us.
            try {
                $process.StandardInput.Write($InputText)
                $process.StandardInput.Close()
            }
            catch {
                # A child that closed its stdin early is not an error here: its exit code tells what happened.
                if ($_.Exception.GetBaseException() -isnot [IO.IOException]) { throw }
            }
        }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $outputText = ''
        if ($Echo) {
            # Lines are read on this thread (the only one that may write to the host); stderr keeps its task.
            $collected = [Text.StringBuilder]::new()
            $reader = $process.StandardOutput
            $pending = $reader.ReadLineAsync()
            while ($true) {
                $left = if ($TimeoutSeconds -gt 0) { [int][Math]::Max(0, $TimeoutSeconds * 1000 - $clock.ElapsedMilliseconds) } else { 1000 }
                if (-not $pending.Wait([Math]::Min($left, 1000))) {
                    if ($TimeoutSeconds -gt 0 -and $clock.Elapsed.TotalSeconds -ge $TimeoutSeconds) { break }
                    continue
                }
                $line = $pending.Result
                if ($null -eq $line) { break }
                $null = $collected.AppendLine($line)
                if (-not $EchoFilter -or $line -match $EchoFilter) { $line | Out-Host }
                $pending = $reader.ReadLineAsync()
            }
            $outputText = $collected.ToString()
        }
        $left = if ($TimeoutSeconds -gt 0) { [int][Math]::Max(0, $TimeoutSeconds * 1000 - $clock.ElapsedMilliseconds) } else { -1 }
        if (-not $process.WaitForExit($left)) {
            Stop-ChildProcess $process
            throw "$name did not finish within $TimeoutSeconds s; it was killed with its child processes."
        }
        # The pipes close when the last process holding them ends: a process the child left running keeps them open.
        $left = if ($TimeoutSeconds -gt 0) { [int][Math]::Max(1000, $TimeoutSeconds * 1000 - $clock.ElapsedMilliseconds) } else { -1 }
        foreach ($task in @($child.Output, $child.Errors) | Where-Object { $null -ne $_ }) {
            if (-not $task.Wait($left)) {
                throw "$name exited, but a process it started still holds its output open after $TimeoutSeconds s."
            }
        }
        if ($null -ne $child.Output) { $outputText = $child.Output.Result }
        $errorText = if ($null -ne $child.Errors) { $child.Errors.Result } else { '' }
        if ($Echo -and $errorText) {
            foreach ($line in $errorText -split "`r?`n") {
                if ($line -and (-not $EchoFilter -or $line -match $EchoFilter)) { $line | Out-Host }
            }
        }
        $result = [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $outputText; Errors = $errorText }
        if ($ThrowOnError -and $result.ExitCode -ne 0) {
            $tail = (("$errorText`n$outputText".Trim() -split "`r?`n") | Select-Object -Last 20) -join "`n"
            throw "'$name $($ArgumentList -join ' ')' failed with exit code $($result.ExitCode).`n$tail"
        }
        return $result
    }
    finally {
        Stop-ChildProcess $process
        $process.Dispose()
    }
}

function Get-ChildPwshArgument {
    # pwsh's arguments for -Script (written to a file, run with -File) or -ArgumentList (after -NoProfile).
    param([string] $Script, [string[]] $ArgumentList, [string] $WorkDir)
    $file = $null
    if ($Script) {
        $folder = if ($WorkDir) { $WorkDir } else { [IO.Path]::GetTempPath() }
        $file = Join-Path $folder ('child-{0}.ps1' -f [guid]::NewGuid().ToString('N').Substring(0, 12))
        # Plain text output: what callers match is what a log file or a CI console shows.
        Set-Content -LiteralPath $file -Value "`$PSStyle.OutputRendering = 'PlainText'`n$Script"
        $ArgumentList = @('-NonInteractive', '-File', $file) + @($ArgumentList)
    }
    $pwsh = @(Get-PwshCommand)
    [pscustomobject]@{
        FilePath     = $pwsh[0]
        ArgumentList = [string[]](@($pwsh | Select-Object -Skip 1) + @('-NoProfile') + @($ArgumentList))
        ScriptFile   = $file
    }
}

function Start-ChildPwsh {
    <#
    .SYNOPSIS
    Starts a fresh pwsh (the same one this process runs) with -Script or pwsh -ArgumentList; returns at once.
    .DESCRIPTION
    Returns what Start-ChildProcess returns (Process, Output, Errors). -Script is saved to a file in -WorkDir
    (the temp folder by default) and run with -NonInteractive -File; -ArgumentList then follows as the
    script's arguments. -WorkDir is also the child's working directory.
    #>
    param(
        [string] $Script,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string] $WorkDir,
        [switch] $RedirectStandardInput
    )
    $pwsh = Get-ChildPwshArgument -Script $Script -ArgumentList $ArgumentList -WorkDir $WorkDir
    Start-ChildProcess -FilePath $pwsh.FilePath -ArgumentList $pwsh.ArgumentList -Environment $Environment -WorkingDirectory $WorkDir `
        -RedirectStandardInput:$RedirectStandardInput
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a fresh pwsh (the same one this process runs) to completion; returns ExitCode, Output and Errors.
    .DESCRIPTION
    As Start-ChildPwsh, with Invoke-ChildProcess's -TimeoutSeconds (default 120; 0: none), -Echo,
    -EchoFilter, -Inherit and -ThrowOnError. The script file of -Script is removed afterwards.
    #>
    param(
        [string] $Script,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string] $WorkDir,
        [double] $TimeoutSeconds = 120,
        [switch] $Echo,
        [string] $EchoFilter,
        [switch] $Inherit,
        [switch] $ThrowOnError
    )
    $pwsh = Get-ChildPwshArgument -Script $Script -ArgumentList $ArgumentList -WorkDir $WorkDir
    try {
        Invoke-ChildProcess -FilePath $pwsh.FilePath -ArgumentList $pwsh.ArgumentList -Environment $Environment -WorkingDirectory $WorkDir `
            -TimeoutSeconds $TimeoutSeconds -Echo:$Echo -EchoFilter $EchoFilter -Inherit:$Inherit -ThrowOnError:$ThrowOnError
    }
    finally {
        if ($pwsh.ScriptFile) { Remove-Item -LiteralPath $pwsh.ScriptFile -ErrorAction Ignore }
    }
}

Export-ModuleMember -Function Get-PwshCommand, Start-ChildProcess, Stop-ChildProcess, Invoke-ChildProcess, Start-ChildPwsh, Invoke-ChildPwsh
