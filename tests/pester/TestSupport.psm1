# Shared helpers for the Pester suite: the built module, child pwsh processes, sample databases.
Set-StrictMode -Version 3.0

function Get-BuiltModulePath {
    if (-not $env:OPSMODULE_BUILT_MODULE) {
        throw 'OPSMODULE_BUILT_MODULE is not set: run the suite through ./build.ps1 -Task Test.'
    }
    return $env:OPSMODULE_BUILT_MODULE
}

function New-TestFolder {
    # A new empty folder under the temp folder; with -SampleRows, an app.db of that many orders in it.
    param([Parameter(Mandatory)] [string] $Prefix, [int] $SampleRows)
    $path = Join-Path ([IO.Path]::GetTempPath()) ("$Prefix-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $path
    if ($SampleRows) {
        New-SampleDatabase -Path (Join-Path $path 'app.db') -Rows $SampleRows
    }
    return $path
}

function Get-PwshCommand {
    # Under `dotnet pwsh` this process is dotnet itself; a child pwsh is `dotnet <PSHOME>/pwsh.dll`.
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        return @($exe, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($exe)
}

function Start-ChildPwsh {
    # Starts a fresh pwsh running $Script. Returns the Process and the tasks that collect its stdout and
    # stderr (both are drained, so a chatty child never blocks on a full pipe).
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [Parameter(Mandatory)] [string] $WorkDir
    )
    $pwsh = Get-PwshCommand
    $scriptFile = Join-Path $WorkDir ("child-{0}.ps1" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    # Plain text output: what the tests match is what a log file or a CI console shows.
    Set-Content -LiteralPath $scriptFile -Value "`$PSStyle.OutputRendering = 'PlainText'`n$Script"
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $scriptFile)) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $WorkDir
    foreach ($entry in $Environment.GetEnumerator()) {
        if ($null -eq $entry.Value) {
            $null = $start.Environment.Remove($entry.Key)
        }
        else {
            $start.Environment[$entry.Key] = [string] $entry.Value
        }
    }
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{
        Process = $process
        Output  = $process.StandardOutput.ReadToEndAsync()
        Errors  = $process.StandardError.ReadToEndAsync()
    }
}

function Invoke-ChildPwsh {
    # Runs $Script in a fresh pwsh and returns its exit code and output.
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [Parameter(Mandatory)] [string] $WorkDir,
        [int] $TimeoutSeconds = 120
    )
    $child = Start-ChildPwsh -Script $Script -Environment $Environment -WorkDir $WorkDir
    if (-not $child.Process.WaitForExit($TimeoutSeconds * 1000)) {
        $child.Process.Kill($true)
        throw "The child pwsh did not finish within $TimeoutSeconds s."
    }
    [pscustomobject]@{
        ExitCode = $child.Process.ExitCode
        Output   = $child.Output.Result
        Errors   = $child.Errors.Result
    }
}

function Wait-ForFile {
    param([string] $Path, [int] $TimeoutSeconds = 60, [Diagnostics.Process] $Process)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while (-not (Test-Path -LiteralPath $Path)) {
        if ($Process -and $Process.HasExited) {
            throw "The child process exited (code $($Process.ExitCode)) before it reached the pause point."
        }
        if ($clock.Elapsed.TotalSeconds -gt $TimeoutSeconds) {
            throw "Timed out waiting for '$Path'."
        }
        Start-Sleep -Milliseconds 50
    }
}

function New-SampleDatabase {
    # A real SQLite file made with the sqlite3 shell: a few tables, $Rows orders, the journal mode asked for.
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $Rows = 1000,
        [string] $JournalMode = 'wal'
    )
    $sql = @"
PRAGMA journal_mode=$JournalMode;
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL, payload BLOB);
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 50) INSERT INTO customers(name) SELECT 'customer ' || v FROM s;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < $Rows) INSERT INTO orders(customer_id, total, payload) SELECT 1 + v % 50, v * 0.5, randomblob(300) FROM s;
"@
    $null = $sql | sqlite3 $Path
    if ($LASTEXITCODE -ne 0) { throw "sqlite3 could not create '$Path'." }
}

function Get-TableDigest {
    # Row count and a digest of the content of each table, read with the sqlite3 shell (not with OpsModule).
    param([Parameter(Mandatory)] [string] $Path)
    $digest = [ordered]@{}
    foreach ($table in (sqlite3 $Path "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
        $rows = sqlite3 $Path "SELECT * FROM `"$table`" ORDER BY 1" | Out-String
        $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($rows)))
        $digest[$table] = '{0}:{1}' -f (sqlite3 $Path "SELECT count(*) FROM `"$table`""), $hash
    }
    return $digest
}

Export-ModuleMember -Function Get-BuiltModulePath, New-TestFolder, Get-PwshCommand, Start-ChildPwsh, Invoke-ChildPwsh, Wait-ForFile, New-SampleDatabase, Get-TableDigest
