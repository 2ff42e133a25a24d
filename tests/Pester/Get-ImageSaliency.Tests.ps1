BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:CmdletType = 'SemanticJpeg.PowerShell.Commands.GetImageSaliencyCommand'
}

Describe 'Get-ImageSaliency' {
    It 'returns a typed map summary for <Name>' -TestCases @(@{ Name = 'chelsea.png' }, @{ Name = 'rocket.jpg' }) {
        $r = Get-ImageSaliency -LiteralPath (Join-Path $script:SampleImages $Name)
        $r.GetType().FullName | Should -Be 'SemanticJpeg.PowerShell.ImageSaliencyResult'
        $info = [ImageMagick.MagickImageInfo]::new((Join-Path $script:SampleImages $Name))
        $r.Width | Should -Be $info.Width
        $r.Map.Values.Count | Should -Be ($info.Width * $info.Height)
        $r.Blocks.Count | Should -Be ($r.BlocksWide * $r.BlocksHigh)
        $r.BlocksWide | Should -Be ([math]::Ceiling($info.Width / 8))
        $r.MeanSaliency | Should -BeGreaterThan 0
        $r.MeanSaliency | Should -BeLessThan 1
        ($r.Map.Values | Measure-Object -Minimum -Maximum).Maximum | Should -BeLessOrEqual 1
    }

    It 'puts the cat''s head above the background' {
        $r = Get-ImageSaliency -Path (Join-Path $script:SampleImages 'chelsea.png')
        # The head of the cat in chelsea.png (451x300) lies in x 140-300, y 20-200.
        $inside = 0.0; $nIn = 0; $outside = 0.0; $nOut = 0
        for ($y = 0; $y -lt $r.Height; $y += 4) {
            for ($x = 0; $x -lt $r.Width; $x += 4) {
                $v = $r.Map.Values[$y * $r.Width + $x]
                if ($x -ge 140 -and $x -lt 300 -and $y -ge 20 -and $y -lt 200) { $inside += $v; $nIn++ } else { $outside += $v; $nOut++ }
            }
        }
        ($inside / $nIn) | Should -BeGreaterThan (1.5 * $outside / $nOut)
    }

    It 'writes the map and the overlay, one file per input into a folder' {
        $maps = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'maps')
        $r = Get-ChildItem $script:SampleImages -Filter 'c*.png' | Get-ImageSaliency -OutFile $maps -OverlayFile $maps
        $r.Count | Should -Be 2
        foreach ($name in 'chelsea', 'coffee') {
            $map = [ImageMagick.MagickImage]::new((Join-Path $maps "$name-saliency.png"))
            $overlay = [ImageMagick.MagickImageInfo]::new((Join-Path $maps "$name-overlay.jpg"))
            $source = [ImageMagick.MagickImageInfo]::new((Join-Path $script:SampleImages "$name.png"))
            $map.Width | Should -Be $source.Width
            $overlay.Width | Should -Be $source.Width
            $map.Dispose()
        }
        $r[0].Files.Count | Should -Be 2
    }

    It 'does not overwrite a map without -Force' {
        $file = Join-Path $TestDrive 'map.png'
        Set-Content $file 'keep me'
        Get-ImageSaliency -Path (Join-Path $script:SampleImages 'chelsea.png') -OutFile $file -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "DestinationExists,$script:CmdletType"
        Get-Content $file | Should -Be 'keep me'
    }

    It '-WhatIf computes but writes nothing' {
        $file = Join-Path $TestDrive 'whatif-map.png'
        Get-ImageSaliency -Path (Join-Path $script:SampleImages 'chelsea.png') -OutFile $file -WhatIf | Out-Null
        $file | Should -Not -Exist
    }

    It 'reports a missing model clearly' {
        Get-ImageSaliency -Path (Join-Path $script:SampleImages 'chelsea.png') -Model 'no-such-model' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "ModelNotFound,$script:CmdletType"
    }

    It 'gives a near-uniform map for a flat image' {
        $flat = Join-Path $TestDrive 'flat.png'
        $image = [ImageMagick.MagickImage]::new([ImageMagick.MagickColor]::new('#808080'), 320, 240)
        $image.Write($flat); $image.Dispose()
        $r = Get-ImageSaliency -LiteralPath $flat
        $stats = $r.Blocks | Measure-Object -Minimum -Maximum
        ($stats.Maximum - $stats.Minimum) | Should -BeLessThan 0.2
    }
}
