BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Astronaut = Join-Path $script:SampleImages 'astronaut.png'
}

Describe '-Detect (faces and people)' {
    It 'reports the astronaut''s face and the person area' {
        $r = Get-ImageSaliency -LiteralPath $script:Astronaut
        $r.Detect | Should -Be 'All'
        $r.Faces.Count | Should -Be 1
        $f = $r.Faces[0]
        # Hand-labelled face box: x 180-270, y 65-170.
        ($f.X + $f.Width / 2) | Should -BeGreaterThan 180
        ($f.X + $f.Width / 2) | Should -BeLessThan 270
        ($f.Y + $f.Height / 2) | Should -BeGreaterThan 65
        ($f.Y + $f.Height / 2) | Should -BeLessThan 170
        $f.Score | Should -BeGreaterThan 0.7
        $r.PersonArea | Should -BeGreaterThan 0.3
        $r.Map.Values[115 * $r.Width + 225] | Should -BeGreaterThan 0.95
    }

    It 'takes -Detect Faces,People in PowerShell''s list syntax and skips the others' {
        $r = Get-ImageSaliency -LiteralPath $script:Astronaut -Detect Faces, People
        $r.Detect | Should -Be 'Faces, People'
        $objectsOnly = Get-ImageSaliency -LiteralPath $script:Astronaut -Detect Objects
        $objectsOnly.Faces.Count | Should -Be 0
        $objectsOnly.PersonArea | Should -Be 0
        $objectsOnly.Map.Values[115 * $r.Width + 225] | Should -BeLessThan $r.Map.Values[115 * $r.Width + 225]
    }

    It 'draws the face box on the overlay' {
        $overlay = Join-Path $TestDrive 'astronaut-overlay.png'
        $r = Get-ImageSaliency -LiteralPath $script:Astronaut -OverlayFile $overlay
        $img = [ImageMagick.MagickImage]::new($overlay)
        $f = $r.Faces[0]
        $pixel = $img.GetPixels().GetPixel([int][math]::Floor($f.X + $f.Width / 2), [int][math]::Floor($f.Y) + 1).ToColor()
        $pixel.R | Should -BeLessThan 40
        $pixel.G | Should -BeGreaterThan 215
        $pixel.B | Should -BeGreaterThan 215
    }

    It 'finds no person on the cat photo (no face, so the segmenter is not asked)' {
        $r = Get-ImageSaliency -LiteralPath (Join-Path $script:SampleImages 'chelsea.png')
        $r.Faces.Count | Should -Be 0
        $r.PersonArea | Should -Be 0
    }

    It 'converts with -Detect None to a uniform-quality file' {
        $out = Join-Path $TestDrive 'none.jpg'
        $r = ConvertTo-SemanticJpeg -LiteralPath $script:Astronaut -Destination $out -Detect None -Quality 60 -PassThru
        $r.MeanSaliency | Should -Be 1
        Test-DjpegDecodes $out | Should -BeTrue
    }
}
