BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:CmdletType = 'SemanticJpeg.PowerShell.Commands.ConvertToSemanticJpegCommand'
}

Describe 'SemanticJpeg module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path $script:ModulePath
        $manifest.Name | Should -Be 'SemanticJpeg'
    }

    It 'exports exactly its cmdlets' {
        $names = (Get-Command -Module SemanticJpeg).Name | Sort-Object
        $names | Should -Be @('Compare-SemanticJpeg', 'ConvertTo-SemanticJpeg', 'Get-ImageSaliency', 'Measure-ImageQuality')
    }

    It 'ships the default model inside the module folder' {
        $folder = Split-Path $script:ModulePath
        Join-Path $folder 'models/resnet18.json' | Should -Exist
        (Get-ChildItem (Join-Path $folder 'models') -Filter *.onnx).Count | Should -BeGreaterThan 0
    }

    It 'has help with a synopsis, every parameter and at least 4 examples for <Name>' -TestCases @(
        @{ Name = 'ConvertTo-SemanticJpeg' }, @{ Name = 'Get-ImageSaliency' },
        @{ Name = 'Measure-ImageQuality' }, @{ Name = 'Compare-SemanticJpeg' }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*ConvertTo-SemanticJpeg \[' # not the auto-generated syntax
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 4
        $documented = @($help.Parameters.Parameter | Where-Object { $_.Description }).Name
        $declared = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }
        foreach ($parameter in $declared) { $documented | Should -Contain $parameter }
    }

    It 'has an about_SemanticJpeg topic' {
        (Get-Help about_SemanticJpeg | Out-String) | Should -Match 'quantis'
    }
}

Describe 'ConvertTo-SemanticJpeg' {
    BeforeAll {
        $script:In = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'in')
        New-SmallPhoto -Destination (Join-Path $script:In 'astronaut.png') -Sample 'astronaut.png' -Size 192 | Out-Null
        New-SmallPhoto -Destination (Join-Path $script:In 'chelsea.png') -Sample 'chelsea.png' -Size 160 | Out-Null
        New-SmallPhoto -Destination (Join-Path $script:In 'coffee.png') -Sample 'coffee.png' -Size 176 | Out-Null
    }

    Context 'Pipeline input' {
        It 'converts every file piped from Get-ChildItem and returns typed results' {
            $out = Join-Path $TestDrive 'pipe'
            $results = Get-ChildItem $script:In -Filter *.png | ConvertTo-SemanticJpeg -Destination $out -PassThru
            $results.Count | Should -Be 3
            $results | ForEach-Object { $_.GetType().FullName | Should -Be 'SemanticJpeg.PowerShell.SemanticJpegResult' }
            $results.Destination | ForEach-Object { $_ | Should -Exist }
            ($results | Select-Object -First 1 | Format-Table | Out-String) | Should -Match 'StandardBytes'
        }

        It 'writes files that djpeg and Magick.NET decode at the right size' {
            $out = Join-Path $TestDrive 'decode'
            $results = Get-ChildItem $script:In -Filter *.png | ConvertTo-SemanticJpeg -Destination $out -PassThru
            foreach ($r in $results) {
                Test-DjpegDecodes -Path $r.Destination -Width $r.Width -Height $r.Height | Should -BeTrue
                $info = [ImageMagick.MagickImageInfo]::new($r.Destination)
                $info.Format | Should -Be 'Jpeg'
                $info.Width | Should -Be $r.Width
            }
        }

        It 'keeps the input order with -ThrottleLimit' {
            $out = Join-Path $TestDrive 'order'
            $files = Get-ChildItem $script:In -Filter *.png | Sort-Object Name -Descending
            $results = $files | ConvertTo-SemanticJpeg -Destination $out -PassThru -ThrottleLimit 3
            ($results.Source | Split-Path -Leaf) | Should -Be ($files.Name)
        }

        It 'accepts -LiteralPath with brackets in the file name' {
            $odd = Copy-Item -LiteralPath (Join-Path $script:In 'chelsea.png') -Destination (Join-Path $TestDrive 'cat[1].png') -PassThru
            $r = ConvertTo-SemanticJpeg -LiteralPath $odd.FullName -PassThru
            $r.Destination | Should -Be (Join-Path $TestDrive 'cat[1].jpg')
            Test-DjpegDecodes -Path $r.Destination | Should -BeTrue
        }

        It 'binds FullName by property name' {
            $r = [pscustomobject]@{ FullName = (Join-Path $script:In 'coffee.png') } |
                ConvertTo-SemanticJpeg -Destination (Join-Path $TestDrive 'byprop') -PassThru
            $r.Destination | Should -Exist
        }

        It 'expands wildcards in -Path' {
            $r = ConvertTo-SemanticJpeg -Path (Join-Path $script:In 'c*.png') -Destination (Join-Path $TestDrive 'wild') -PassThru
            ($r.Source | Split-Path -Leaf | Sort-Object) | Should -Be @('chelsea.png', 'coffee.png')
        }

        It 'takes Magick.NET images through -InputObject' {
            $image = [ImageMagick.MagickImage]::new((Join-Path $script:In 'chelsea.png'))
            try {
                $target = Join-Path $TestDrive 'object.jpg'
                $r = $image | ConvertTo-SemanticJpeg -Destination $target -PassThru
                $r.Destination | Should -Be $target
                Test-DjpegDecodes -Path $target | Should -BeTrue
            }
            finally { $image.Dispose() }
        }

        It 'takes a Magick.NET image of its own session losslessly, leaves it untouched, and refuses other objects' {
            # The tests' Magick.NET is another copy than the module's private one (another type to
            # the runtime): the image crosses over as TIFF and must give the bytes a file gives.
            $source = Join-Path $script:In 'chelsea.png'
            $a = [ImageMagick.MagickImage]::new($source)
            $b = [ImageMagick.MagickImage]::new((Join-Path $script:In 'coffee.png'))
            try {
                $out = Join-Path $TestDrive 'objects'
                $r = ConvertTo-SemanticJpeg -InputObject $a, $b -Destination $out -StripMetadata -PassThru
                ($r.Destination | Split-Path -Leaf) | Should -Be @('chelsea.jpg', 'coffee.jpg')
                $a.FileName | Should -Be $source
                $file = ConvertTo-SemanticJpeg -LiteralPath $source -Destination (Join-Path $TestDrive 'fromfile') -StripMetadata -PassThru
                (Get-FileHash $r[0].Destination).Hash | Should -Be (Get-FileHash $file.Destination).Hash
            }
            finally { $a.Dispose(); $b.Dispose() }
            { ConvertTo-SemanticJpeg -InputObject (Get-Date) -Destination (Join-Path $TestDrive 'date.jpg') } |
                Should -Throw -ErrorId 'MismatchedPSTypeName*'
        }
    }

    Context 'Size modes' {
        It 'matches the size of a standard JPEG at -Quality <Quality> within 1%' -TestCases @(@{ Quality = 50 }, @{ Quality = 75 }, @{ Quality = 90 }) {
            $source = Join-Path $script:In 'astronaut.png'
            $standard = Get-StandardJpegSize -Path $source -Quality $Quality
            $r = ConvertTo-SemanticJpeg -LiteralPath $source -Destination (Join-Path $TestDrive "q$Quality") -Quality $Quality -PassThru -StripMetadata
            $r.StandardBytes | Should -Be $standard
            [math]::Abs($r.Bytes - $standard) / $standard | Should -BeLessOrEqual 0.01
            (Get-Item $r.Destination).Length | Should -Be $r.Bytes
        }

        It 'lands within 1% below -TargetSize <Target>' -TestCases @(@{ Target = 6KB }, @{ Target = 12000 }) {
            $r = ConvertTo-SemanticJpeg -LiteralPath (Join-Path $script:In 'astronaut.png') -Destination (Join-Path $TestDrive "t$Target") -TargetSize $Target -PassThru
            $r.Bytes | Should -BeLessOrEqual $Target
            $r.Bytes | Should -BeGreaterOrEqual ([math]::Floor($Target * 0.99))
        }

        It 'refuses a -TargetSize below the smallest possible file and writes nothing' {
            $out = Join-Path $TestDrive 'unreachable'
            ConvertTo-SemanticJpeg -LiteralPath (Join-Path $script:In 'astronaut.png') -Destination $out -TargetSize 300 -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "TargetUnreachable,$script:CmdletType"
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            @(Get-ChildItem $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
        }

        It 'uses fixed region qualities with -SalientQuality and -BackgroundQuality' {
            $source = Join-Path $script:In 'astronaut.png'
            $low = ConvertTo-SemanticJpeg -LiteralPath $source -Destination (Join-Path $TestDrive 'low.jpg') -SalientQuality 40 -BackgroundQuality 10 -PassThru
            $high = ConvertTo-SemanticJpeg -LiteralPath $source -Destination (Join-Path $TestDrive 'high.jpg') -SalientQuality 95 -BackgroundQuality 80 -PassThru
            $high.Bytes | Should -BeGreaterThan ($low.Bytes * 1.5)
            $low.Mode | Should -Be 'Regions 40/10'
            Test-DjpegDecodes -Path $high.Destination | Should -BeTrue
        }

        It 'refuses two size modes at once' {
            { ConvertTo-SemanticJpeg -LiteralPath (Join-Path $script:In 'astronaut.png') -Quality 50 -TargetSize 10000 -ErrorAction Stop } |
                Should -Throw -ErrorId "InvalidArgument,$script:CmdletType"
        }

        It 'writes a progressive JPEG with -Progressive, within 1% below -TargetSize' {
            $r = ConvertTo-SemanticJpeg -LiteralPath (Join-Path $script:In 'chelsea.png') -Destination (Join-Path $TestDrive 'prog.jpg') -TargetSize 9000 -Progressive -PassThru
            $r.Bytes | Should -BeLessOrEqual 9000
            $r.Bytes | Should -BeGreaterOrEqual 8910
            Test-DjpegDecodes -Path $r.Destination -Width $r.Width -Height $r.Height | Should -BeTrue
            [ImageMagick.MagickImageInfo]::new($r.Destination).Interlace | Should -Be 'Jpeg'
        }

        It 'writes <Sub> chroma subsampling' -TestCases @(@{ Sub = '444'; Factor = '1x1' }, @{ Sub = '422'; Factor = '2x1' }) {
            $r = ConvertTo-SemanticJpeg -LiteralPath (Join-Path $script:In 'coffee.png') -Destination (Join-Path $TestDrive "s$Sub") -ChromaSubsampling $Sub -PassThru
            $r.StandardBytes | Should -Be (Get-StandardJpegSize -Path (Join-Path $script:In 'coffee.png') -Quality 75 -SamplingFactor $Factor)
            Test-DjpegDecodes -Path $r.Destination | Should -BeTrue
        }
    }

    Context 'Your own saliency map and the strength' {
        BeforeAll {
            # A map whose right half is white: that half must come out better than with the left half white.
            function New-HalfMap([string] $Path, [int] $Width, [int] $Height, [bool] $Right) {
                $map = [ImageMagick.MagickImage]::new([ImageMagick.MagickColors]::Black, [uint32]$Width, [uint32]$Height)
                try {
                    $x = if ($Right) { [int]($Width / 2) } else { 0 }
                    $white = [ImageMagick.MagickImage]::new([ImageMagick.MagickColors]::White, [uint32]($Width / 2), [uint32]$Height)
                    $map.Composite($white, $x, 0, [ImageMagick.CompositeOperator]::Over)
                    $white.Dispose()
                    $map.ColorType = [ImageMagick.ColorType]::Grayscale
                    $map.Write($Path)
                }
                finally { $map.Dispose() }
            }
            # PSNR (dB) of one half of a decoded file against the photo.
            function Get-HalfPsnr([string] $Reference, [string] $Jpeg, [bool] $Right) {
                $a = [ImageMagick.MagickImage]::new($Reference); $b = [ImageMagick.MagickImage]::new($Jpeg)
                try {
                    $w = [uint32]($a.Width / 2); $x = if ($Right) { [int]$w } else { 0 }
                    $geometry = [ImageMagick.MagickGeometry]::new($x, 0, $w, $a.Height)
                    $a.Crop($geometry); $b.Crop($geometry)
                    $rms = $a.Compare($b, [ImageMagick.ErrorMetric]::RootMeanSquared) # normalised to 0..1
                    return 20 * [Math]::Log10(1 / [Math]::Max($rms, 1e-9))
                }
                finally { $a.Dispose(); $b.Dispose() }
            }
            $script:Photo = Join-Path $script:In 'chelsea.png'
            $script:Maps = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'maps')
            # Maps of another size than the photo: they are resized to it.
            New-HalfMap (Join-Path $script:Maps 'right.png') 80 40 $true
            New-HalfMap (Join-Path $script:Maps 'left.png') 80 40 $false
        }

        It 'spends the bytes where the map is white, at the same size' {
            $size = Get-StandardJpegSize -Path $script:Photo -Quality 60
            $r = ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination (Join-Path $TestDrive 'right.jpg') -TargetSize $size -SaliencyMap (Join-Path $script:Maps 'right.png') -PassThru
            $l = ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination (Join-Path $TestDrive 'left.jpg') -TargetSize $size -SaliencyMap (Join-Path $script:Maps 'left.png') -PassThru
            foreach ($x in $r, $l) { $x.Bytes | Should -BeLessOrEqual $size; $x.Bytes | Should -BeGreaterOrEqual ([long](0.99 * $size)); $x.Strength | Should -BeGreaterThan 0 }
            (Get-HalfPsnr $script:Photo $r.Destination $true) | Should -BeGreaterThan ((Get-HalfPsnr $script:Photo $l.Destination $true) + 0.5)
            (Get-HalfPsnr $script:Photo $l.Destination $false) | Should -BeGreaterThan ((Get-HalfPsnr $script:Photo $r.Destination $false) + 0.5)
            Test-DjpegDecodes -Path $r.Destination | Should -BeTrue
        }

        It 'takes a script block that gives each input its own map' {
            Copy-Item (Join-Path $script:Maps 'right.png') (Join-Path $script:Maps 'chelsea.png')
            Copy-Item (Join-Path $script:Maps 'left.png') (Join-Path $script:Maps 'coffee.png')
            $maps = $script:Maps.FullName
            $results = Get-ChildItem $script:In -Include chelsea.png, coffee.png -Recurse |
                ConvertTo-SemanticJpeg -Destination (Join-Path $TestDrive 'permap') -SaliencyMap { Join-Path $maps ($_.BaseName + '.png') } -PassThru
            $results.Count | Should -Be 2
            $results | ForEach-Object { $_.Strength | Should -BeGreaterThan 0 }
        }

        It 'uses the alpha channel of a cut-out as the map' {
            $cut = Join-Path $script:Maps 'cutout.png'
            # The right half of the photo on a transparent canvas: opaque (alpha 255) only there.
            $image = [ImageMagick.MagickImage]::new($script:Photo)
            $canvas = [ImageMagick.MagickImage]::new([ImageMagick.MagickColors]::Transparent, $image.Width, $image.Height)
            try {
                $half = [uint32]($image.Width / 2)
                $image.Crop([ImageMagick.MagickGeometry]::new([int]$half, 0, $image.Width - $half, $image.Height))
                $canvas.Composite($image, [int]$half, 0, [ImageMagick.CompositeOperator]::Over)
                $canvas.Write($cut)
            }
            finally { $image.Dispose(); $canvas.Dispose() }
            $size = Get-StandardJpegSize -Path $script:Photo -Quality 60
            $a = ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination (Join-Path $TestDrive 'alpha.jpg') -TargetSize $size -SaliencyMap $cut -PassThru
            (Get-HalfPsnr $script:Photo $a.Destination $true) | Should -BeGreaterThan ((Get-HalfPsnr $script:Photo $a.Destination $false) + 0.3)
        }

        It 'reports an unreadable map as InvalidSaliencyMap for that file and writes nothing' {
            $bad = Join-Path $script:Maps 'bad.png'
            Set-Content -LiteralPath $bad -Value 'not an image'
            $out = Join-Path $TestDrive 'badmap.jpg'
            ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination $out -SaliencyMap $bad -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSaliencyMap*'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $out | Should -Not -Exist
            ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination $out -SaliencyMap (Join-Path $script:Maps 'missing.png') -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSaliencyMap*'
        }

        It '-Strength 0 ignores the map and a larger strength favours the white half more' {
            $size = Get-StandardJpegSize -Path $script:Photo -Quality 60
            $map = Join-Path $script:Maps 'right.png'
            $zero = ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination (Join-Path $TestDrive 's0.jpg') -TargetSize $size -SaliencyMap $map -Strength 0 -PassThru
            $plain = ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination (Join-Path $TestDrive 's0b.jpg') -TargetSize $size -SaliencyMap (Join-Path $script:Maps 'left.png') -Strength 0 -PassThru
            [IO.File]::ReadAllBytes($zero.Destination) | Should -Be ([IO.File]::ReadAllBytes($plain.Destination))
            $strong = ConvertTo-SemanticJpeg -LiteralPath $script:Photo -Destination (Join-Path $TestDrive 's16.jpg') -TargetSize $size -SaliencyMap $map -Strength 16 -PassThru
            $strong.Strength | Should -Be 16
            (Get-HalfPsnr $script:Photo $strong.Destination $true) | Should -BeGreaterThan ((Get-HalfPsnr $script:Photo $zero.Destination $true) + 1)
        }
    }

    Context 'Safety' {
        It '-WhatIf writes nothing' {
            $out = Join-Path $TestDrive 'whatif'
            Get-ChildItem $script:In -Filter *.png | ConvertTo-SemanticJpeg -Destination $out -WhatIf
            Test-Path $out | Should -BeFalse
        }

        It 'refuses to overwrite without -Force and overwrites with it' {
            $out = Join-Path $TestDrive 'clobber'
            $source = Join-Path $script:In 'chelsea.png'
            $first = ConvertTo-SemanticJpeg -LiteralPath $source -Destination $out -Quality 40 -PassThru
            $hash = (Get-FileHash $first.Destination).Hash
            ConvertTo-SemanticJpeg -LiteralPath $source -Destination $out -Quality 90 -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "DestinationExists,$script:CmdletType"
            $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            (Get-FileHash $first.Destination).Hash | Should -Be $hash
            ConvertTo-SemanticJpeg -LiteralPath $source -Destination $out -Quality 90 -Force
            (Get-FileHash $first.Destination).Hash | Should -Not -Be $hash
        }

        It 'never overwrites the source itself' {
            $jpeg = Join-Path $TestDrive 'self.jpg'
            Copy-SampleImage -Name 'rocket.jpg' -Destination $jpeg | Out-Null
            $hash = (Get-FileHash $jpeg).Hash
            ConvertTo-SemanticJpeg -LiteralPath $jpeg -Force -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "DestinationIsSource,$script:CmdletType"
            (Get-FileHash $jpeg).Hash | Should -Be $hash
        }

        It 'reports a bad file in the middle of a batch and converts the others' {
            $batch = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'batch')
            Copy-Item (Join-Path $script:In 'astronaut.png') (Join-Path $batch 'a.png')
            Set-Content -Path (Join-Path $batch 'b.png') -Value 'this is not a png'
            Copy-Item (Join-Path $script:In 'coffee.png') (Join-Path $batch 'c.png')
            $out = Join-Path $TestDrive 'batch-out'
            $results = Get-ChildItem $batch | ConvertTo-SemanticJpeg -Destination $out -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
            ($results.Source | Split-Path -Leaf) | Should -Be @('a.png', 'c.png')
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "InvalidImage,$script:CmdletType"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].TargetObject | Should -Be (Join-Path $batch 'b.png')
            (Get-ChildItem $out).Name | Should -Be @('a.jpg', 'c.jpg')
        }

        It 'reports a missing path as ObjectNotFound and continues' {
            $r = ConvertTo-SemanticJpeg -LiteralPath (Join-Path $TestDrive 'missing.png'), (Join-Path $script:In 'chelsea.png') `
                -Destination (Join-Path $TestDrive 'missing-out') -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
            $r.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "FileNotFound,$script:CmdletType"
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }
}
