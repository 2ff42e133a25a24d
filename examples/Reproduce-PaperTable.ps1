<#
.SYNOPSIS
    BD-rate and the table of Prakash et al. (DCC 2017) on examples/images, with the report.
.DESCRIPTION
    Compares standard JPEG (Magick.NET) with SemanticJpeg on the default quality ladder (30, 40, 50,
    60, 75, 90): BD-rate at equal quality in the subject, global PSNR and MS-SSIM, and the equal-size
    means per quality. Writes artifacts/paper-table/report.html (+ report.md) and prints the markdown
    tables that the README shows. The sample photos have no masks, so PSNR-S is measured in our own
    saliency map (self-referential; the report says so). The paper's own numbers are on the Kodak set,
    which is not available here; the table labels each row with its data set.
.EXAMPLE
    ./build.sh publish; dotnet pwsh -NoProfile -File ./examples/Reproduce-PaperTable.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File ./examples/Reproduce-PaperTable.ps1 -Screenshot ./examples/report.png
    Also renders the report's first screen with headless Chromium: the README's picture.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../artifacts/module/SemanticJpeg/SemanticJpeg.psd1'),
    [string] $Images = (Join-Path $PSScriptRoot 'images'),
    [string] $Report = (Join-Path $PSScriptRoot '../artifacts/paper-table'),
    [int[]] $Quality = @(30, 40, 50, 60, 75, 90),
    [string] $Screenshot
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$rows = Get-ChildItem $Images -File | Where-Object Extension -in '.png', '.jpg' |
    Compare-SemanticJpeg -Quality $Quality -Report $Report -Force
$rows | Format-Table -AutoSize
Get-Content (Join-Path $Report 'report.md')

# Inside vs outside the salient region, per photo, at the paper's quality (50, else the middle of the
# ladder): what the bytes bought and what the background paid (PSNR weighted by the map, and by one
# minus the map).
$q = if ($Quality -contains 50) { 50 } else { ($Quality | Sort-Object)[[int][math]::Floor($Quality.Count / 2)] }
''
"| Photo (Q$q size) | Bytes std / sem | PSNR-S std | PSNR-S sem | PSNR-BG std | PSNR-BG sem | PSNR std | PSNR sem |"
'|:---|---:|---:|---:|---:|---:|---:|---:|'
foreach ($r in $rows | Where-Object Quality -eq $q) {
    '| {0} | {1:N0} / {2:N0} | {3:N2} | {4:N2} | {5:N2} | {6:N2} | {7:N2} | {8:N2} |' -f $r.Image, $r.StandardBytes, $r.SemanticBytes,
        $r.StandardPsnrSalient, $r.SemanticPsnrSalient, $r.Standard.PsnrBackground, $r.Semantic.PsnrBackground, $r.StandardPsnr, $r.SemanticPsnr
}
"Report: $(Join-Path (Resolve-Path $Report) 'report.html')"

if ($Screenshot) {
    $browser = 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable' |
        ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1
    if (-not $browser) { throw 'Chromium or Chrome is needed for -Screenshot.' }
    $png = [IO.Path]::GetFullPath($Screenshot)
    # [uri]::new, not a [uri] cast: the cast makes a Unix path a relative URI, with no AbsoluteUri.
    $html = [uri]::new([IO.Path]::GetFullPath((Join-Path (Resolve-Path $Report) 'report.html'))).AbsoluteUri
    # A throw-away profile: a second browser on the machine must not lock this one out.
    $userData = Join-Path ([IO.Path]::GetTempPath()) "semanticjpeg-chromium-$([guid]::NewGuid())"
    try {
        & $browser.Source --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run "--user-data-dir=$userData" `
            "--window-size=1200,1750" "--screenshot=$png" $html 2>&1 | Out-Null
    }
    finally { Remove-Item $userData -Recurse -Force -ErrorAction SilentlyContinue }
    if (-not (Test-Path $png)) { throw "Chromium wrote no screenshot to $png." }
    "Screenshot: $png"
}
