BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:CmdletType = 'SemanticJpeg.PowerShell.Commands.MeasureImageQualityCommand'
    $script:Reference = (New-SmallPhoto -Destination (Join-Path $TestDrive 'ref.png') -Sample 'astronaut.png' -Size 160).FullName
}

Describe 'Measure-ImageQuality' {
    It 'gives infinite PSNR and SSIM 1 for an identical image' {
        $r = Measure-ImageQuality -ReferencePath $script:Reference -Path $script:Reference
        [double]::IsPositiveInfinity($r.PsnrRgb) | Should -BeTrue
        $r.Ssim | Should -Be 1
        $r.MsSsim | Should -Be 1
        ($r | Format-Table | Out-String) | Should -Match 'Inf'
    }

    It 'matches the analytic PSNR of a constant offset' {
        $shifted = Join-Path $TestDrive 'shifted.png'
        $image = [ImageMagick.MagickImage]::new($script:Reference)
        $image.Evaluate([ImageMagick.Channels]::RGB, [ImageMagick.EvaluateOperator]::Add, 5)
        $image.Write($shifted); $image.Dispose()
        $r = Measure-ImageQuality $script:Reference $shifted -NoSaliency
        # Every sample moved by 5 except those clipped at 255: PSNR is at least 20 log10(255/5).
        $r.PsnrRgb | Should -BeGreaterOrEqual (20 * [math]::Log10(255 / 5) - 0.01)
        $r.PsnrRgb | Should -BeLessThan 36
        $r.PsnrSalient | Should -BeNullOrEmpty
    }

    It 'ranks a better JPEG above a worse one on every metric' {
        $image = [ImageMagick.MagickImage]::new($script:Reference)
        $image.Quality = 20; $image.Write((Join-Path $TestDrive 'q20.jpg'))
        $image.Quality = 90; $image.Write((Join-Path $TestDrive 'q90.jpg'))
        $image.Dispose()
        $low, $high = Get-ChildItem (Join-Path $TestDrive 'q*.jpg') | Sort-Object Name | Measure-ImageQuality -ReferencePath $script:Reference
        foreach ($metric in 'PsnrRgb', 'PsnrY', 'Ssim', 'MsSsim', 'PsnrHvs', 'PsnrHvsM', 'PsnrSalient', 'PsnrBackground') {
            $high.$metric | Should -BeGreaterThan $low.$metric -Because $metric
        }
        $high.Weights | Should -Be 'resnet18'
    }

    It 'measures the output of ConvertTo-SemanticJpeg -PassThru from the pipeline' {
        $r = ConvertTo-SemanticJpeg -LiteralPath $script:Reference -Destination (Join-Path $TestDrive 'conv') -PassThru |
            Measure-ImageQuality -ReferencePath $script:Reference
        $r.Path | Should -Be (Join-Path $TestDrive 'conv/ref.jpg')
        $r.PsnrRgb | Should -BeGreaterThan 25
    }

    It 'weights PSNR-S with -Mask' {
        $mask = Join-Path $TestDrive 'mask.png'
        $m = [ImageMagick.MagickImage]::new([ImageMagick.MagickColor]::new('black'), 160, 160)
        $m.Draw([ImageMagick.Drawing.DrawableFillColor]::new([ImageMagick.MagickColor]::new('white')), [ImageMagick.Drawing.DrawableRectangle]::new(0, 0, 79, 159))
        $m.Write($mask); $m.Dispose()
        # Damage only the right half: the masked (left) PSNR-S stays infinite.
        $damaged = Join-Path $TestDrive 'damaged.png'
        $d = [ImageMagick.MagickImage]::new($script:Reference)
        $d.Draw([ImageMagick.Drawing.DrawableFillColor]::new([ImageMagick.MagickColor]::new('red')), [ImageMagick.Drawing.DrawableRectangle]::new(100, 20, 150, 140))
        $d.Write($damaged); $d.Dispose()
        $r = Measure-ImageQuality $script:Reference $damaged -Mask $mask
        [double]::IsPositiveInfinity($r.PsnrSalient) | Should -BeTrue
        $r.PsnrBackground | Should -BeLessThan 30
        $r.Weights | Should -Be $mask
    }

    It 'refuses images of another size' {
        $small = New-SmallPhoto -Destination (Join-Path $TestDrive 'small.png') -Size 100
        Measure-ImageQuality $script:Reference $small.FullName -NoSaliency -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "InvalidArgument,$script:CmdletType"
    }
}
