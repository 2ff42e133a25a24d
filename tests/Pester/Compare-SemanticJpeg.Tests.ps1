BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Photos = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'photos')
    New-SmallPhoto -Destination (Join-Path $script:Photos 'astronaut.png') -Sample 'astronaut.png' -Size 256 | Out-Null
    New-SmallPhoto -Destination (Join-Path $script:Photos 'chelsea.png') -Sample 'chelsea.png' -Size 224 | Out-Null
    # The smallest ladder BD-rate is meant for (four points), on small photos, so the tests stay fast.
    $script:Ladder = 40, 60, 75, 90

    # A subject mask per photo: white at the top fading to black at the bottom, the photo's size.
    $script:Masks = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'masks')
    # Written as a PGM byte by byte: the module's security policy (in force in this process) disables
    # ImageMagick's pseudo-image coders such as gradient:.
    foreach ($photo in Get-ChildItem $script:Photos) {
        $size = [ImageMagick.MagickImageInfo]::new($photo.FullName)
        [int] $w = $size.Width; [int] $h = $size.Height
        $header = [Text.Encoding]::ASCII.GetBytes("P5`n$w $h`n255`n")
        $pixels = [byte[]]::new($w * $h)
        for ($y = 0; $y -lt $h; $y++) {
            $v = [byte][Math]::Round(255 * (1 - $y / [Math]::Max(1, $h - 1)))
            for ($x = 0; $x -lt $w; $x++) { $pixels[$y * $w + $x] = $v }
        }
        [IO.File]::WriteAllBytes((Join-Path $script:Masks "$($photo.BaseName).pgm"), [byte[]]($header + $pixels))
    }
}

Describe 'Compare-SemanticJpeg' {
    BeforeAll {
        $script:Report = Join-Path $TestDrive 'report'
        $script:Rows = Get-ChildItem $script:Photos | Compare-SemanticJpeg -Quality $script:Ladder -Report $script:Report
    }

    It 'returns one row per image and quality' {
        $script:Rows.Count | Should -Be 8
        ($script:Rows | ForEach-Object { "$($_.Image)@$($_.Quality)" }) | Should -Be @(
            'astronaut.png@40', 'astronaut.png@60', 'astronaut.png@75', 'astronaut.png@90',
            'chelsea.png@40', 'chelsea.png@60', 'chelsea.png@75', 'chelsea.png@90')
        $script:Rows[0].GetType().FullName | Should -Be 'SemanticJpeg.PowerShell.SemanticJpegComparison'
    }

    It 'sizes the semantic JPEG within 1% of the standard one' {
        foreach ($row in $script:Rows) {
            $row.SemanticBytes | Should -BeLessOrEqual $row.StandardBytes
            $row.SemanticBytes | Should -BeGreaterOrEqual ([math]::Floor($row.StandardBytes * 0.99))
            $row.StandardBytes | Should -Be (Get-StandardJpegSize -Path (Join-Path $script:Photos $row.Image) -Quality $row.Quality)
        }
    }

    It 'measures what ConvertTo-SemanticJpeg writes: the ladder point is its -Quality file' {
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'converted')
        $row = $script:Rows | Where-Object { $_.Image -eq 'chelsea.png' -and $_.Quality -eq 60 }
        $file = ConvertTo-SemanticJpeg -Path (Join-Path $script:Photos 'chelsea.png') -Quality 60 -StripMetadata -Destination $out -PassThru
        $row.LadderBytes | Should -Be $file.Bytes
        $row.LadderBpp | Should -BeGreaterThan 0
        $row.Ladder.PsnrRgb | Should -Be $row.LadderPsnr
    }

    It 'gains quality in the salient region at equal size, the whole image no worse than standard' {
        foreach ($row in $script:Rows) {
            $row.DeltaPsnrSalient | Should -BeGreaterThan 0 -Because "$($row.Image) at Q$($row.Quality)"
            # The RD writer's gain goes to the subject only as far as the whole image stays as good as the
            # standard JPEG (so the background may even improve): global PSNR at least the standard's.
            $row.Semantic.PsnrRgb | Should -BeGreaterThan ($row.Standard.PsnrRgb - 0.1) -Because "$($row.Image) at Q$($row.Quality)"
            $row.SalientRegion | Should -Be 'Model'
        }
        # PSNR-S here is weighted by our own map, which is calibrated (soft, 0.1-0.3 on the
        # background of these 224-256 px crops), so it reads 0.1-0.3 dB; independent masks measure
        # the real gain (models/README.md, "Effect on the file").
        ($script:Rows | Measure-Object DeltaPsnrSalient -Average).Average | Should -BeGreaterThan 0.1
    }

    It 'writes a self-contained HTML report with the BD-rate headline and a markdown table' {
        $html = Get-Content (Join-Path $script:Report 'report.html') -Raw
        $html | Should -Match '<svg'
        $html | Should -Match 'At the same quality in the subject \(PSNR-S\), SemanticJpeg files are \d+\.\d% (smaller|larger)'
        $html | Should -Match 'Self-referential: for every image'
        $html | Should -Match 'data:image/png;base64,'
        $html | Should -Not -Match '<script|<link [^>]*href="http'
        $md = Get-Content (Join-Path $script:Report 'report.md') -Raw
        $md | Should -Match '\| PSNR-S \| [+-]\d+\.\d% \|'
        $md | Should -Match '39.16'  # the paper's Kodak reference row is there, labelled
        $md | Should -Match 'a different data set'
    }

    It 'exports to CSV with plain numbers' {
        $csv = Join-Path $TestDrive 'rows.csv'
        $script:Rows | Export-Csv $csv -NoTypeInformation
        $back = Import-Csv $csv
        $back.Count | Should -Be 8
        [double]$back[0].LadderPsnrSalient | Should -BeGreaterThan 20
    }

    It 'does not overwrite a report without -Force' {
        Compare-SemanticJpeg -Path (Join-Path $script:Photos 'chelsea.png') -Quality 50 -Report $script:Report -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Be 'DestinationExists,SemanticJpeg.PowerShell.Commands.CompareSemanticJpegCommand'
    }
}

Describe 'Compare-SemanticJpeg -SaliencyMap -BdRate' {
    BeforeAll {
        $script:MapReport = Join-Path $TestDrive 'map-report.html'
        $script:Bd = Get-ChildItem $script:Photos |
            Compare-SemanticJpeg -Quality $script:Ladder -SaliencyMap { Join-Path $script:Masks "$($_.BaseName).pgm" } -BdRate -Report $script:MapReport
    }

    It 'returns a BD-rate row per image and metric, then the means' {
        $script:Bd.Count | Should -Be 9
        $script:Bd[0].GetType().FullName | Should -Be 'SemanticJpeg.PowerShell.SemanticJpegBdRate'
        ($script:Bd | ForEach-Object { "$($_.Image):$($_.Metric)" }) | Should -Be @(
            'astronaut.png:PSNR-S', 'astronaut.png:PSNR', 'astronaut.png:MS-SSIM',
            'chelsea.png:PSNR-S', 'chelsea.png:PSNR', 'chelsea.png:MS-SSIM',
            '(mean):PSNR-S', '(mean):PSNR', '(mean):MS-SSIM')
        foreach ($row in $script:Bd) {
            [double]::IsNaN($row.BdRate) | Should -BeFalse -Because "$($row.Image) $($row.Metric)"
            $row.SalientRegion | Should -Be 'SaliencyMap'
        }
        $mean = $script:Bd | Where-Object { $_.Image -eq '(mean)' -and $_.Metric -eq 'PSNR-S' }
        $each = $script:Bd | Where-Object { $_.Image -ne '(mean)' -and $_.Metric -eq 'PSNR-S' }
        $mean.Images | Should -Be 2
        [math]::Abs($mean.BdRate - ($each | Measure-Object BdRate -Average).Average) | Should -BeLessThan 1e-9
        $each[0].StandardPoints | Should -Be 4
    }

    It 'spends the bytes on the mask and measures PSNR-S in it, as Measure-ImageQuality -Mask does' {
        $photo = Join-Path $script:Photos 'chelsea.png'
        $mask = Join-Path $script:Masks 'chelsea.pgm'
        $row = Compare-SemanticJpeg -Path $photo -Quality 60 -SaliencyMap $mask
        $row.SalientRegion | Should -Be 'SaliencyMap'
        $row.DeltaPsnrSalient | Should -BeGreaterThan 0

        $standard = Join-Path $TestDrive 'chelsea-q60.jpg'
        $image = [ImageMagick.MagickImage]::new($photo)
        try {
            $image.Strip()
            $image.Quality = 60
            $image.Settings.SetDefine([ImageMagick.MagickFormat]::Jpeg, 'sampling-factor', '2x2')
            $image.Settings.SetDefine([ImageMagick.MagickFormat]::Jpeg, 'optimize-coding', 'true')
            $image.Write($standard, [ImageMagick.MagickFormat]::Jpeg)
        }
        finally { $image.Dispose() }
        $measured = Measure-ImageQuality -ReferencePath $photo -Path $standard -Mask $mask
        [math]::Abs($row.StandardPsnrSalient - $measured.PsnrSalient) | Should -BeLessThan 0.01
    }

    It 'says the region is the user''s own in the report' {
        $html = Get-Content $script:MapReport -Raw
        $html | Should -Match 'your own map \(-SaliencyMap\), for every image'
        $html | Should -Not -Match 'Self-referential:'
    }

    It 'reports an unreadable map for its photo only' {
        $rows = Get-ChildItem $script:Photos | Compare-SemanticJpeg -Quality 50, 75 -SaliencyMap {
            if ($_.BaseName -eq 'chelsea') { Join-Path $TestDrive 'no-such-mask.png' } else { Join-Path $script:Masks "$($_.BaseName).pgm" }
        } -ErrorVariable err -ErrorAction SilentlyContinue
        $rows.Image | Sort-Object -Unique | Should -Be 'astronaut.png'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidSaliencyMap,SemanticJpeg.PowerShell.Commands.CompareSemanticJpegCommand'
    }
}
