<#
.SYNOPSIS
    Runs every *.Tests.ps1 under tests/Pester against a published module and writes the counts.
.DESCRIPTION
    Called by build.ps1 in its own pwsh process, so the module's assemblies never load into the
    build's process. The module path reaches the tests through $env:SEMANTICJPEG_MODULE.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $CountsPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:SEMANTICJPEG_MODULE = (Resolve-Path $ModulePath).Path
# The tests' own Magick.NET (see Import-TestMagick in TestHelpers.ps1), beside the counts.
$env:SEMANTICJPEG_TEST_MAGICK = Join-Path (Split-Path $CountsPath) 'magick'

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $config

@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -Path $CountsPath
