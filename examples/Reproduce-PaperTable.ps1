<#
.SYNOPSIS
    Repeats the table of Prakash et al. (DCC 2017) on examples/images and writes the report.
.DESCRIPTION
    Compares standard JPEG (Magick.NET) with SemanticJpeg at equal file size at qualities 30, 50 and
    75, writes artifacts/paper-table/report.html (+ report.md) and prints the markdown table that the
    README shows. The paper's own numbers are on the Kodak set, which is not available here; the table
    labels each row with its data set.
.EXAMPLE
    ./build.sh publish; dotnet pwsh -NoProfile -File ./examples/Reproduce-PaperTable.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../artifacts/module/SemanticJpeg/SemanticJpeg.psd1'),
    [string] $Images = (Join-Path $PSScriptRoot 'images'),
    [string] $Report = (Join-Path $PSScriptRoot '../artifacts/paper-table'),
    [int[]] $Quality = @(30, 50, 75)
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$rows = Get-ChildItem $Images -File | Where-Object Extension -in '.png', '.jpg' |
    Compare-SemanticJpeg -Quality $Quality -Report $Report -Force
$rows | Format-Table -AutoSize
Get-Content (Join-Path $Report 'report.md')

# Inside vs outside the salient region, per photo, at the middle quality: what the bytes bought and
# what the background paid (PSNR weighted by the map, and by one minus the map).
$q = $Quality[[int][math]::Floor($Quality.Count / 2)]
''
"| Photo (Q$q size) | Bytes std / sem | PSNR-S std | PSNR-S sem | PSNR-BG std | PSNR-BG sem | PSNR std | PSNR sem |"
'|:---|---:|---:|---:|---:|---:|---:|---:|'
foreach ($r in $rows | Where-Object Quality -eq $q) {
    '| {0} | {1:N0} / {2:N0} | {3:N2} | {4:N2} | {5:N2} | {6:N2} | {7:N2} | {8:N2} |' -f $r.Image, $r.StandardBytes, $r.SemanticBytes,
        $r.StandardPsnrSalient, $r.SemanticPsnrSalient, $r.Standard.PsnrBackground, $r.Semantic.PsnrBackground, $r.StandardPsnr, $r.SemanticPsnr
}
"Report: $(Join-Path (Resolve-Path $Report) 'report.html')"
