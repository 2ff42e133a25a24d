<#
.SYNOPSIS
    The main job on the sample photos: converts examples/images to semantic JPEGs and prints a table.
.EXAMPLE
    ./examples/Convert-Samples.ps1 -ModulePath ./artifacts/module/SemanticJpeg/SemanticJpeg.psd1 -Destination ./artifacts/demo
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../artifacts/module/SemanticJpeg/SemanticJpeg.psd1'),
    [string] $Destination = (Join-Path $PSScriptRoot '../artifacts/demo'),
    [ValidateRange(1, 100)] [int] $Quality = 75
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$results = Get-ChildItem (Join-Path $PSScriptRoot 'images') -File |
    Where-Object Extension -in '.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp' |
    ConvertTo-SemanticJpeg -Quality $Quality -Destination $Destination -Force -PassThru

$results | Format-Table -AutoSize
$total = ($results | Measure-Object Bytes -Sum).Sum
$standard = ($results | Measure-Object StandardBytes -Sum).Sum
'{0} files, {1:N0} bytes written vs {2:N0} bytes of standard JPEG at quality {3} ({4:P1}); output in {5}' -f `
    $results.Count, $total, $standard, $Quality, ($total / $standard), (Resolve-Path $Destination)
