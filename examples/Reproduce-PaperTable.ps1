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
"Report: $(Join-Path (Resolve-Path $Report) 'report.html')"
