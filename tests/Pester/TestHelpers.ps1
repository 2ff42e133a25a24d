# Shared by every *.Tests.ps1: dot-source it in BeforeAll.
$script:ModulePath = if ($env:SEMANTICJPEG_MODULE) { $env:SEMANTICJPEG_MODULE } else {
    Join-Path $PSScriptRoot '../../artifacts/module/SemanticJpeg/SemanticJpeg.psd1'
}
$script:SampleImages = Join-Path $PSScriptRoot '../../examples/images'
Import-Module $script:ModulePath -Force

function Get-PlatformRid {
    <# The runtime identifier whose native libraries this process loads (the module loader's rule). #>
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ([Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier -match 'musl') { 'linux-musl' } else { 'linux' }
    return "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
}

function Import-TestMagick {
    <#
    The tests make and inspect images with a Magick.NET of their own, as a user would: the module's
    copy lives in its private load context, invisible to [ImageMagick.*]. This copy is the module's
    files, placed in a folder of their own with the native library beside the assemblies, where the
    runtime's default probing finds it, and loaded into PowerShell's default context.
    #>
    if ('ImageMagick.MagickImage' -as [type]) { return }
    $dependencies = Join-Path (Split-Path $script:ModulePath) 'Dependencies'
    $folder = if ($env:SEMANTICJPEG_TEST_MAGICK) { $env:SEMANTICJPEG_TEST_MAGICK } else { Join-Path ([IO.Path]::GetTempPath()) "semanticjpeg-magick-$PID" }
    if (-not (Test-Path (Join-Path $folder 'Magick.NET-Q8-AnyCPU.dll'))) {
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        Copy-Item (Join-Path $dependencies 'Magick.NET*.dll') $folder
        Copy-Item (Join-Path $dependencies "runtimes/$(Get-PlatformRid)/native/Magick.Native-*") $folder
    }
    Add-Type -Path (Join-Path $folder 'Magick.NET.Core.dll'), (Join-Path $folder 'Magick.NET-Q8-AnyCPU.dll')
}
Import-TestMagick

function Test-DjpegDecodes {
    <# True when libjpeg-turbo's djpeg decodes the file with no warning and the expected size. #>
    param([string] $Path, [int] $Width = 0, [int] $Height = 0)
    $ppm = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString() + '.pnm')
    $err = & djpeg -pnm -outfile $ppm $Path 2>&1
    $ok = $LASTEXITCODE -eq 0 -and -not $err
    if ($ok -and $Width -gt 0) {
        $header = [IO.File]::ReadAllBytes($ppm)[0..40]
        $text = [Text.Encoding]::ASCII.GetString($header) -split '\s+'
        $ok = ([int]$text[1] -eq $Width) -and ([int]$text[2] -eq $Height)
    }
    Remove-Item $ppm -ErrorAction SilentlyContinue
    return $ok
}

function Get-StandardJpegSize {
    <# Size of Magick.NET's own JPEG of the file at a quality, 4:2:0, optimised Huffman, no metadata. #>
    param([string] $Path, [int] $Quality, [string] $SamplingFactor = '2x2')
    $image = [ImageMagick.MagickImage]::new($Path)
    try {
        $image.Strip()
        $image.Quality = $Quality
        $image.Settings.SetDefine([ImageMagick.MagickFormat]::Jpeg, 'sampling-factor', $SamplingFactor)
        $image.Settings.SetDefine([ImageMagick.MagickFormat]::Jpeg, 'optimize-coding', 'true')
        return $image.ToByteArray([ImageMagick.MagickFormat]::Jpeg).Length
    }
    finally { $image.Dispose() }
}

function Copy-SampleImage {
    param([string] $Name, [string] $Destination)
    Copy-Item -LiteralPath (Join-Path $script:SampleImages $Name) -Destination $Destination
    return (Get-Item -LiteralPath $Destination)
}

function New-SmallPhoto {
    <# A small crop of a sample photo, so tests stay fast. #>
    param([string] $Destination, [string] $Sample = 'astronaut.png', [int] $Size = 160)
    $image = [ImageMagick.MagickImage]::new((Join-Path $script:SampleImages $Sample))
    try {
        $image.Resize([uint32]$Size, [uint32]$Size)
        $image.Write($Destination)
    }
    finally { $image.Dispose() }
    return (Get-Item -LiteralPath $Destination)
}
