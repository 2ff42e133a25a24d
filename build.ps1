#requires -Version 7.2
<#
.SYNOPSIS
    Builds, publishes, demos and tests the SemanticJpeg module.
.DESCRIPTION
    publish  restores the local tools and packages, prepares the default saliency model and publishes a
             self-contained module folder to artifacts/module/SemanticJpeg (what the demo and the tests
             import): the package's layout, with the native libraries of this machine's platform only.
    package  publish, then the same folder with the native libraries of every platform in $PackageRids
             (artifacts/package/SemanticJpeg), packed by Publish-PSResource into the file repository
             artifacts/package/repository (SemanticJpeg.<version>.nupkg).
    demo     publish, then convert examples/images and print a table of the results.
    test     package, then run the xunit and Pester suites and print "N passed, N failed[, N skipped]".
    bench    publish, then run the encoder and saliency benchmarks (Release) and the cmdlet's batch
             throughput over the sample photos beside Magick.NET (bench/Measure-Batch.ps1).
.EXAMPLE
    ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('publish', 'package', 'demo', 'test', 'bench')]
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
$PublishDir = Join-Path $Artifacts 'publish/portable'
$PackageDir = Join-Path $Artifacts 'package'
# The platforms the package carries native libraries for: each one for which both Magick.NET 15.1.0
# and ONNX Runtime 1.31.1 ship a native build. osx-x64 is missing because neither package has one;
# win-arm64 would add 39 MB and is one word away.
$PackageRids = @('win-x64', 'linux-x64', 'linux-arm64', 'osx-arm64')

function Invoke-Native {
    param([string] $Description, [scriptblock] $Command)
    Write-Host "==> $Description" -ForegroundColor Cyan
    # To the host, not the pipeline: a function that calls this returns only its own values.
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$Description failed with exit code $LASTEXITCODE." }
}

function Invoke-Apt {
    # apt-get (non-interactive): directly as root, through sudo otherwise. $LASTEXITCODE is apt-get's.
    if ((id -u) -eq '0') { env DEBIAN_FRONTEND=noninteractive apt-get @args | Out-Null }
    else { sudo env DEBIAN_FRONTEND=noninteractive apt-get @args | Out-Null }
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
    return @($patched) + @(Build-DetectorModels)
}

function Install-Npm {
    if (Get-Command npm -ErrorAction SilentlyContinue) { return }
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Invoke-Native 'Installing npm (fetches the face and person models)' {
            Invoke-Apt update -qq
            Invoke-Apt install -y -qq npm
        }
    }
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        throw 'npm is needed once to fetch the face and person models (npm pack); install Node.js/npm.'
    }
}

function Get-NpmPackage {
    # The tarball is cached beside the NuGet packages, as <NuGet>/npm.<scope>.<name>/<version>/<tarball>
    # (TfjsModelConverter.CachedTarball reads the same path), so a clean checkout, CI and every
    # worktree reuse one download. Checked by sha256 on every build; a bad file is removed.
    param([string] $Name, [string] $Version, [string] $Tarball, [string] $Sha256)
    $folder = Join-Path (Get-NuGetPackagesFolder) ('npm.' + $Name.TrimStart('@').Replace('/', '.')) | Join-Path -ChildPath $Version
    $path = Join-Path $folder $Tarball
    if ((Test-Path $path) -and (Get-FileHash $path -Algorithm SHA256).Hash -eq $Sha256) { return $path }
    Install-Npm
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    $temp = Join-Path $folder ('download-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $temp | Out-Null
    try {
        Invoke-Native "Fetching $Name@$Version (npm pack)" {
            npm pack "$Name@$Version" --pack-destination $temp --silent
        }
        $downloaded = Join-Path $temp $Tarball
        $hash = (Get-FileHash $downloaded -Algorithm SHA256).Hash
        if ($hash -ne $Sha256) { throw "$Name@$Version has sha256 $hash, expected ${Sha256}: not the package the models were checked against." }
        Move-Item $downloaded $path -Force
    }
    finally {
        Remove-Item $temp -Recurse -Force -ErrorAction SilentlyContinue
    }
    return $path
}

function Build-DetectorModels {
    # The face detector and person segmenter are TF.js graphs in an npm package; tools/ModelPatcher
    # converts them to ONNX (idempotent: an identical output is not rewritten). See models/README.md.
    $outputs = @()
    foreach ($name in 'blazeface-back', 'selfie') {
        $manifest = Join-Path $Root "models/$name.json"
        $source = (Get-Content $manifest -Raw | ConvertFrom-Json).source
        $tarball = Get-NpmPackage -Name $source.npm -Version $source.version -Tarball $source.tarball -Sha256 $source.tarballSha256
        $output = Join-Path $Artifacts "models/$name.onnx"
        Invoke-Native "Converting the $name model" {
            dotnet run --no-build --project (Join-Path $Root 'tools/ModelPatcher') -c $Configuration -- $output --manifest $manifest --tfjs-package $tarball
        }
        $outputs += $output
    }
    return $outputs
}

function Publish-Module {
    Invoke-Native 'Restoring packages (Pester, model source)' {
        dotnet restore (Join-Path $Root 'tools/restore/Restore.csproj') --verbosity quiet
    }
    $model = Build-Model
    $hostRid = Get-PlatformRid
    Invoke-Native 'Publishing the module (portable: managed assemblies once, native libraries per platform)' {
        dotnet publish (Join-Path $Root 'src/SemanticJpeg.PowerShell/SemanticJpeg.PowerShell.csproj') `
            -c $Configuration -o $PublishDir --nologo --verbosity quiet
    }

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    Copy-ModuleAssemblies -Destination $ModuleDir
    Copy-NativeLibraries -Destination $ModuleDir -Rids $hostRid
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

function Get-PlatformRid {
    # The same rule as the module's loader (src/SemanticJpeg.PowerShell/Loading/NativeLibraryProbe.cs).
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ($Rid -match 'musl') { 'linux-musl' } else { 'linux' }
    return "$os-$([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
}

function Copy-ModuleAssemblies {
    # The layout of PowerShell's "resolving assembly conflicts" guidance: only the cmdlet assembly in
    # the module folder (PowerShell loads it into the default context), everything it depends on in
    # Dependencies/, which the cmdlet assembly loads into the module's own context.
    param([string] $Destination)
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $Destination 'Dependencies') -Force
    foreach ($file in Get-ChildItem $PublishDir -File) {
        switch -Regex ($file.Name) {
            '^SemanticJpeg\.PowerShell\.(dll|pdb)$' { Copy-Item $file.FullName $Destination }
            # Nothing reads deps.json in a module; the XML docs are for C# IntelliSense.
            '\.(deps\.json|xml)$' { }
            default { Copy-Item $file.FullName $dependencies }
        }
    }
}

function Copy-NativeLibraries {
    # From the portable publish's runtimes/<rid>/native (the packages' own files, in NuGet's layout).
    param([string] $Destination, [string[]] $Rids)
    foreach ($r in $Rids) {
        $source = Join-Path $PublishDir "runtimes/$r/native"
        if (-not (Test-Path $source)) { throw "No native libraries for $r in $PublishDir (Magick.NET and ONNX Runtime ship none)." }
        $target = New-Item -ItemType Directory -Path (Join-Path $Destination "Dependencies/runtimes/$r/native") -Force
        # Import libraries (.lib) only matter to C++ linkers.
        Get-ChildItem $source -File | Where-Object Extension -ne '.lib' | Copy-Item -Destination $target
    }
}

function Build-Package {
    Publish-Module
    $packageModule = Join-Path $PackageDir 'SemanticJpeg'
    $repository = Join-Path $PackageDir 'repository'
    foreach ($dir in $packageModule, $repository) {
        if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
    }
    Copy-Item $ModuleDir $packageModule -Recurse
    Copy-NativeLibraries -Destination $packageModule -Rids $PackageRids
    $manifest = Test-ModuleManifest (Join-Path $packageModule 'SemanticJpeg.psd1') -ErrorAction Stop
    New-Item -ItemType Directory -Path $repository | Out-Null

    # Publish-PSResource needs a registered repository: a uniquely named one, for this call only.
    $name = 'SemanticJpegBuild' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    Write-Host "==> Publish-PSResource to $repository" -ForegroundColor Cyan
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $packageModule -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $nupkg = Get-Item (Join-Path $repository "SemanticJpeg.$($manifest.Version).nupkg")
    Write-PackageSummary -ModuleFolder $packageModule -Package $nupkg
}

function Write-PackageSummary {
    # What the package weighs and what dominates it (sizes inside the folder, uncompressed).
    param([string] $ModuleFolder, [IO.FileInfo] $Package)
    $files = Get-ChildItem $ModuleFolder -Recurse -File
    $total = ($files | Measure-Object Length -Sum).Sum
    $groups = $files | Group-Object {
        $relative = [IO.Path]::GetRelativePath($ModuleFolder, $_.FullName) -replace '\\', '/'
        if ($relative -match '^Dependencies/runtimes/([^/]+)/') { "native $($Matches[1])" }
        elseif ($relative -match '^models/') { 'models' }
        elseif ($relative -match '^Dependencies/') { 'managed dependencies' }
        else { 'cmdlets, manifest, help' }
    }
    $groups | ForEach-Object {
        [pscustomobject]@{ Part = $_.Name; MB = [math]::Round(($_.Group | Measure-Object Length -Sum).Sum / 1MB, 1) }
    } | Sort-Object MB -Descending | Format-Table -AutoSize | Out-Host
    Write-Host ('{0}: {1:N1} MB ({2:N1} MB unpacked, {3} files)' -f $Package.FullName, ($Package.Length / 1MB), ($total / 1MB), $files.Count)
}

function Invoke-Demo {
    Invoke-Native 'Converting examples/images' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'examples/Convert-Samples.ps1') `
            -ModulePath (Join-Path $ModuleDir 'SemanticJpeg.psd1') -Destination (Join-Path $Artifacts 'demo')
    }
}

function Install-TestPrerequisites {
    Install-Chromium
    # djpeg (libjpeg-turbo) is the independent decoder every written JPEG is checked with.
    $needed = [ordered]@{ djpeg = 'libjpeg-turbo-progs' }
    $missing = @($needed.Keys | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })
    if ($missing.Count -eq 0) { return }
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        $packages = @($missing | ForEach-Object { $needed[$_] })
        Invoke-Native "Installing $($packages -join ', ')" {
            Invoke-Apt install -y -qq @packages
            if ($LASTEXITCODE -ne 0) {
                Invoke-Apt update -qq
                Invoke-Apt install -y -qq @packages
            }
        }
    }
    if (-not (Get-Command djpeg -ErrorAction SilentlyContinue)) {
        throw 'djpeg (libjpeg-turbo) is needed by the tests; install libjpeg-turbo-progs or libjpeg-turbo.'
    }
}

function Install-Chromium {
    # The comparison report is rendered in headless Chromium (or Chrome, as CI images ship it) by a test.
    if ($env:SEMANTICJPEG_CHROMIUM) { return }
    $names = 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'
    if ($names | Where-Object { Get-Command $_ -ErrorAction SilentlyContinue }) { return }
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Invoke-Native 'Installing chromium (headless report rendering)' {
            Invoke-Apt install -y -qq chromium
            if ($LASTEXITCODE -ne 0) {
                Invoke-Apt update -qq
                Invoke-Apt install -y -qq chromium
            }
        }
    }
    if (-not ($names | Where-Object { Get-Command $_ -ErrorAction SilentlyContinue })) {
        throw 'Chromium (or Chrome) is needed by the tests; install it or set SEMANTICJPEG_CHROMIUM to its path.'
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

    $env:SEMANTICJPEG_PACKAGE_REPOSITORY = Join-Path $PackageDir 'repository'
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
        'package' { Build-Package }
        'demo' { Publish-Module; Invoke-Demo }
        # The package tests install what users install, so the test task builds the package too.
        'test' { Build-Package; Invoke-Tests }
        'bench' { Publish-Module; Invoke-Bench }
    }
}
finally {
    Pop-Location
}
