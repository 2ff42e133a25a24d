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
