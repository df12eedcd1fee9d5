# Shared helpers for the Pester suite: the built module, child pwsh processes, sample databases.
Set-StrictMode -Version 3.0
# Child processes and child pwsh: tools/ChildProcess.psm1, re-exported for the tests.
Import-Module (Join-Path $PSScriptRoot '../../tools/ChildProcess.psm1') -Force

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

function New-S3TestBucket {
    # A new bucket on the Test task's s3rver, made with curl's SigV4 signing (not with OpsModule); s3rver wants the
    # payload hash header (of no body).
    param([Parameter(Mandatory)] [string] $Prefix)
    $name = $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 16)
    $output = curl -sS -f -X PUT -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' --aws-sigv4 'aws:amz:us-east-1:s3' --user "$($env:OPS_TEST_S3_ACCESS_KEY):$($env:OPS_TEST_S3_SECRET_KEY)" "$($env:OPS_TEST_S3_ENDPOINT)/$name" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not create the bucket '$name': $output" }
    return $name
}

function Start-PausedAt {
    # A child pwsh that imports the module, runs $Script and stops at the engine's pause point $Point; returns the
    # child once it is there, with Signal: the file whose removal lets it go on. $Environment adds variables.
    param(
        [Parameter(Mandatory)] [string] $Point,
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $WorkDir,
        [Parameter(Mandatory)] [string] $ModulePath,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 60)
    $signal = Join-Path $WorkDir "$Point-$([guid]::NewGuid().ToString('N').Substring(0, 6)).reached"
    $variables = $Environment.Clone()
    $variables['OPSMODULE_TEST_PAUSE'] = $Point
    $variables['OPSMODULE_TEST_PAUSE_SIGNAL'] = $signal
    $child = Start-ChildPwsh -WorkDir $WorkDir -Script "Import-Module '$ModulePath'`n$Script" -Environment $variables
    try {
        Wait-ForFile -Path $signal -Process $child.Process -TimeoutSeconds $TimeoutSeconds
    }
    catch {
        # It never got there: no child is left running.
        if (-not $child.Process.HasExited) { $child.Process.Kill(); $child.Process.WaitForExit() }
        throw
    }
    $child | Add-Member -NotePropertyName Signal -NotePropertyValue $signal
    return $child
}

function Stop-AtPause {
    # A child pwsh that runs $Script, killed with SIGKILL once it reaches the engine's pause point $Point (a crash at
    # that point); returns its exit code.
    param(
        [Parameter(Mandatory)] [string] $Point,
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $WorkDir,
        [Parameter(Mandatory)] [string] $ModulePath)
    $child = Start-PausedAt -Point $Point -Script $Script -WorkDir $WorkDir -ModulePath $ModulePath -TimeoutSeconds 90
    $child.Process.Kill()
    $child.Process.WaitForExit()
    Remove-Item -LiteralPath $child.Signal -ErrorAction SilentlyContinue
    return $child.Process.ExitCode
}

function Mount-TestTmpfs {
    # Mounts a small tmpfs (a disk that fills up, or is remounted read-only) at $Path; false where that is impossible
    # (not Linux, not root), which fails instead under CI=true.
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Size)
    $null = New-Item -ItemType Directory -Path $Path -Force
    $null = & mount -t tmpfs -o "size=$Size" tmpfs $Path 2>&1
    if ($LASTEXITCODE -eq 0) { return $true }
    if ($env:CI -eq 'true') { throw 'CI=true and mounting a tmpfs failed (needs root).' }
    return $false
}

function Invoke-PwshObeyingFileModes {
    # Runs $Script in a child pwsh (in $WorkDir) for which file modes count: as root, without CAP_DAC_OVERRIDE and
    # CAP_DAC_READ_SEARCH (setpriv), as a service account is; as another user, as it is. Returns its output lines.
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $WorkDir)
    $pwsh = @(Get-PwshCommand)
    $drop = if ((& id -u) -eq '0') { @('setpriv', '--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search') } else { @() }
    $command = @($drop) + $pwsh + @('-NoProfile', '-NonInteractive', '-Command', "`$PSStyle.OutputRendering = 'PlainText'; $Script")
    Push-Location $WorkDir
    try {
        & $command[0] @($command | Select-Object -Skip 1) 2>&1 | ForEach-Object { "$_" }
    }
    finally {
        Pop-Location
    }
}

Export-ModuleMember -Function Get-BuiltModulePath, New-TestFolder, Wait-ForFile, New-SampleDatabase, Get-TableDigest, New-S3TestBucket, Start-PausedAt, Stop-AtPause, Mount-TestTmpfs,
    Invoke-PwshObeyingFileModes, Get-PwshCommand, Start-ChildProcess, Stop-ChildProcess, Invoke-ChildProcess, Start-ChildPwsh, Invoke-ChildPwsh
