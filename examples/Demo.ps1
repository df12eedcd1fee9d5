<#
.SYNOPSIS
    The main job on the embedded default: back up a SQLite database, restore it, show the objects.

.DESCRIPTION
    Copies the sample shop database into a new temp folder, backs it up with Backup-Database, restores
    the backup with Restore-Database into a second file, and prints both result objects. Needs no server
    and nothing but the built module. Run it through the build: dotnet pwsh ./build.ps1 -Task Demo

.PARAMETER ModulePath
    The module to import: the built out/OpsModule/OpsModule.psd1, or 'OpsModule' when installed.

.PARAMETER KeepFiles
    Leave the temp folder in place (its path is printed) instead of removing it.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = 'OpsModule',
    [switch] $KeepFiles
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$demo = Join-Path ([IO.Path]::GetTempPath()) ("opsmodule-demo-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $demo
try {
    $database = Join-Path $demo 'shop.db'
    Copy-Item (Join-Path $PSScriptRoot 'data/shop.db') $database
    Write-Host "Sample database: $database"

    # Back up: consistent snapshot, zstd, SHA-256, manifest written last.
    $backup = Backup-Database -Path $database -Destination (Join-Path $demo 'backups')
    $backup | Format-List Database, BackupPath, ManifestPath, Size, DatabaseSize, Sha256, Compression, Created, Duration, TableCounts

    # Restore: decompress beside the target while checking the checksum, quick_check, row counts, then one rename.
    $restored = $backup | Restore-Database -TargetPath (Join-Path $demo 'restored/shop.db')
    $restored | Format-Table

    if (@($restored.Checks | Where-Object Passed).Count -ne 3) {
        throw 'The restore was not checked.'
    }
    Write-Host "Backed up and restored $($restored.TableCounts.Count) tables ($(($restored.TableCounts.Values | Measure-Object -Sum).Sum) rows)."
}
finally {
    if ($KeepFiles) {
        Write-Host "Files kept in $demo"
    }
    else {
        Remove-Item $demo -Recurse -Force
    }
}
