#requires -Version 7.2
<#
.SYNOPSIS
    PSNR inside hand-labelled face boxes at equal size to libjpeg-turbo (cjpeg -quality Q, default
    settings), for ConvertTo-SemanticJpeg with -Detect Objects (no detection) and -Detect All (or the
    kinds given as -Detect).
.DESCRIPTION
    For each photo: cjpeg -quality Q gives the target size S; ConvertTo-SemanticJpeg -TargetSize S
    writes ours. PSNR is over R, G and B inside the box, and over the whole photo. Needs cjpeg,
    ImageMagick's convert and Python 3 with numpy. The boxes are the ones the tests use
    (tests/SemanticJpeg.Tests/Detection/FaceDetectorTests.cs).
.EXAMPLE
    ./bench/Measure-FaceBoxPsnr.ps1 -Photos /work/kit/photos
.EXAMPLE
    ./bench/Measure-FaceBoxPsnr.ps1 -Photos /work/kit/photos -Detect Faces -Strength 32   # a face-only map, strength fixed
#>
param(
    [string] $Photos = '/work/kit/photos',
    [int] $Quality = 50,
    [double] $Strength = -1,   # -1: the automatic strength (the default); else passed as -Strength
    # What the measured conversion detects (the default All; e.g. Faces for a face-only map). The
    # comparison conversion always uses -Detect Objects (no detection).
    [string[]] $Detect = @('All'),
    [string] $ModulePath = (Join-Path $PSScriptRoot '../artifacts/module/SemanticJpeg/SemanticJpeg.psd1'),
    [string] $Out = (Join-Path ([IO.Path]::GetTempPath()) 'face-box-psnr')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
New-Item -ItemType Directory -Path $Out -Force | Out-Null
$boxes = [ordered]@{ astronaut = 180, 65, 90, 105; hopper = 165, 140, 180, 190; camera = 175, 95, 80, 100 }
$python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { 'python3' }
$psnr = @'
import sys, subprocess, numpy as np
src, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:6])
def rgb(p):
    W, H = map(int, subprocess.run(['identify', '-format', '%w %h', p], capture_output=True, text=True, check=True).stdout.split())
    raw = subprocess.run(['convert', p, '-colorspace', 'sRGB', '-type', 'TrueColor', '-depth', '8', 'rgb:-'], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(H, W, 3).astype(np.float64)
o = rgb(src)
for f in sys.argv[6:]:
    d = rgb(f)
    box = ((o[y:y+h, x:x+w] - d[y:y+h, x:x+w]) ** 2).mean()
    print('%.2f %.2f' % (10 * np.log10(255 ** 2 / box), 10 * np.log10(255 ** 2 / ((o - d) ** 2).mean())))
'@
foreach ($name in $boxes.Keys) {
    $src = Join-Path $Photos "$name.png"
    $ppm = Join-Path $Out "$name.ppm"
    & convert $src -colorspace sRGB -type TrueColor "ppm:$ppm"
    $turbo = Join-Path $Out "$name-turbo-q$Quality.jpg"
    & cjpeg -quality $Quality -optimize -sample 2x2 -outfile $turbo $ppm   # as the eval kit's baseline
    $size = (Get-Item $turbo).Length
    $files = @($turbo)
    foreach ($kind in @(, @('Objects')) + @(, $Detect)) {
        $dst = Join-Path $Out "$name-$($kind -join '+').jpg"
        $extra = if ($Strength -ge 0) { @{ Strength = $Strength } } else { @{} }
        ConvertTo-SemanticJpeg -LiteralPath $src -Destination $dst -TargetSize $size -Detect $kind -Force @extra | Out-Null
        $files += $dst
    }
    $b = $boxes[$name]
    $r = & $python -c $psnr $src $b[0] $b[1] $b[2] $b[3] @files | ForEach-Object { , ($_ -split ' ') }
    [pscustomobject]@{
        Photo = $name; Bytes = $size
        TurboFace = [double]$r[0][0]; ObjectsFace = [double]$r[1][0]; AllFace = [double]$r[2][0]
        Gain = [math]::Round([double]$r[2][0] - [double]$r[0][0], 2)
        TurboGlobal = [double]$r[0][1]; AllGlobal = [double]$r[2][1]
        BytesAll = (Get-Item $files[2]).Length
    }
}
