#requires -Version 7.2
<#
.SYNOPSIS
    Builds, publishes, demos and tests the SemanticJpeg module.
.DESCRIPTION
    publish  restores the local tools and packages, prepares the default saliency model and publishes a
             self-contained module folder to artifacts/module/SemanticJpeg (what users import and what
             the tests import).
    demo     publish, then convert examples/images and print a table of the results.
    test     publish, then run the xunit and Pester suites and print "N passed, N failed[, N skipped]".
    bench    publish, then run the encoder and saliency benchmarks (Release) and the cmdlet's batch
             throughput over the sample photos beside Magick.NET (bench/Measure-Batch.ps1).
.EXAMPLE
    ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('publish', 'demo', 'test', 'bench')]
    [string] $Task = 'demo',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'

$Root = $PSScriptRoot
$Artifacts = Join-Path $Root 'artifacts'
$ModuleDir = Join-Path $Artifacts 'module/SemanticJpeg'
$Rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier

function Invoke-Native {
    param([string] $Description, [scriptblock] $Command)
    Write-Host "==> $Description" -ForegroundColor Cyan
    # To the host, not the pipeline: a function that calls this returns only its own values.
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$Description failed with exit code $LASTEXITCODE." }
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Build-Model {
    # The default model comes from a NuGet package (restored, never committed) and is patched in C#
    # so that its feature maps are graph outputs; see models/README.md.
    # The patcher is idempotent and skips an identical output, so it always runs: a model patched by
    # an older patcher never survives into a new build.
    $patched = Join-Path $Artifacts 'models/resnet18-saliency.onnx'
    Invoke-Native 'Patching the saliency model' {
        dotnet run --project (Join-Path $Root 'tools/ModelPatcher') -c $Configuration -- $patched
    }
    return $patched
}

function Publish-Module {
    Invoke-Native 'Restoring packages (Pester, model source)' {
        dotnet restore (Join-Path $Root 'tools/restore/Restore.csproj') --verbosity quiet
    }
    $model = Build-Model
    $publishDir = Join-Path $Artifacts "publish/$Rid"
    Invoke-Native "Publishing the module for $Rid" {
        dotnet publish (Join-Path $Root 'src/SemanticJpeg.PowerShell/SemanticJpeg.PowerShell.csproj') `
            -c $Configuration -r $Rid --self-contained false -o $publishDir --nologo --verbosity quiet
    }

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    $ridIsWindows = $Rid.StartsWith('win')
    foreach ($file in Get-ChildItem $publishDir -File) {
        # ONNX Runtime's build props copy its Windows DLLs into every output; on other platforms
        # they are dead weight (and confuse users), so drop native Windows files there.
        if (-not $ridIsWindows -and $file.Name -match '^(onnxruntime.*\.dll|.*\.lib|Magick\.Native.*\.dll)$') { continue }
        Copy-Item $file.FullName $ModuleDir
    }
    Get-ChildItem (Join-Path $Root 'module') -Exclude 'help' | Copy-Item -Destination $ModuleDir -Recurse
    $models = New-Item -ItemType Directory -Path (Join-Path $ModuleDir 'models') -Force
    Copy-Item (Join-Path $Root 'models/*.json') $models
    Copy-Item $model $models
    Invoke-Native 'Building MAML help from module/help/*.md' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/New-MamlHelp.ps1') `
            -ModulePath (Join-Path $ModuleDir 'SemanticJpeg.psd1') -MarkdownFolder (Join-Path $Root 'module/help') `
            -OutFile (Join-Path $ModuleDir 'en-US/SemanticJpeg.PowerShell.dll-Help.xml')
    }
    Write-Host "Module published to $ModuleDir"
}

function Invoke-Demo {
    Invoke-Native 'Converting examples/images' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'examples/Convert-Samples.ps1') `
            -ModulePath (Join-Path $ModuleDir 'SemanticJpeg.psd1') -Destination (Join-Path $Artifacts 'demo')
    }
}

function Install-TestPrerequisites {
    # djpeg (libjpeg-turbo) is the independent decoder every written JPEG is checked with.
    if (Get-Command djpeg -ErrorAction SilentlyContinue) { return }
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        $sudo = if ((id -u) -eq '0') { @() } else { @('sudo') }
        Invoke-Native 'Installing libjpeg-turbo-progs (djpeg)' {
            & @sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjpeg-turbo-progs | Out-Null
            if ($LASTEXITCODE -ne 0) {
                & @sudo apt-get update -qq | Out-Null
                & @sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjpeg-turbo-progs | Out-Null
            }
        }
    }
    if (-not (Get-Command djpeg -ErrorAction SilentlyContinue)) {
        throw 'djpeg (libjpeg-turbo) is needed by the tests; install libjpeg-turbo-progs or libjpeg-turbo.'
    }
}

function Invoke-Tests {
    Install-TestPrerequisites
    $results = New-Item -ItemType Directory -Path (Join-Path $Artifacts 'test-results') -Force
    Remove-Item (Join-Path $results '*') -Recurse -Force -ErrorAction SilentlyContinue

    $trx = Join-Path $results 'xunit.trx'
    Write-Host '==> xunit' -ForegroundColor Cyan
    dotnet test (Join-Path $Root 'tests/SemanticJpeg.Tests/SemanticJpeg.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal'
    $xunit = @{ Passed = 0; Failed = 0; Skipped = 0 }
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $xunit.Passed = [int]$counters.passed
        $xunit.Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $xunit.Skipped = [int]$counters.notExecuted
    }
    elseif ($LASTEXITCODE -ne 0) {
        $xunit.Failed = 1  # the build or the runner itself failed
    }

    $pesterCounts = Join-Path $results 'pester.json'
    Write-Host '==> Pester' -ForegroundColor Cyan
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') `
        -ModulePath (Join-Path $ModuleDir 'SemanticJpeg.psd1') -PesterPath (Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1') `
        -CountsPath $pesterCounts
    $pester = @{ Passed = 0; Failed = 1; Skipped = 0 }
    if (Test-Path $pesterCounts) { $pester = Get-Content $pesterCounts -Raw | ConvertFrom-Json -AsHashtable }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    $line = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    Write-Output $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Bench {
    Invoke-Native 'Benchmarks' {
        dotnet run --project (Join-Path $Root 'bench/SemanticJpeg.Bench') -c Release -- (Join-Path $Root 'examples/images')
    }
    Invoke-Native 'Batch: ConvertTo-SemanticJpeg over a folder beside Magick.NET' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Measure-Batch.ps1') `
            -ModulePath (Join-Path $ModuleDir 'SemanticJpeg.psd1') -Images (Join-Path $Root 'examples/images')
    }
}

Push-Location $Root
try {
    switch ($Task) {
        'publish' { Publish-Module }
        'demo' { Publish-Module; Invoke-Demo }
        'test' { Publish-Module; Invoke-Tests }
        'bench' { Publish-Module; Invoke-Bench }
    }
}
finally {
    Pop-Location
}
