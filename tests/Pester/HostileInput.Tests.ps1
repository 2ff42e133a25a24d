# Issue 13: a file from a stranger must never read, fetch or run anything. The malicious corpus is
# generated here (nothing downloaded); each file tries to read a canary, reach a listener on
# 127.0.0.1, run a script or exhaust memory and time.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:CmdletType = 'SemanticJpeg.PowerShell.Commands.ConvertToSemanticJpegCommand'
    $script:Uploads = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'uploads')
    $canaryDir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'canary')
    $script:Secret = 'CANARY-' + [guid]::NewGuid().ToString('N')
    $script:CanaryText = Join-Path $canaryDir 'secret.txt'
    $script:CanaryPng = Join-Path $canaryDir 'canary.png'
    Set-Content -LiteralPath $script:CanaryText -Value $script:Secret -NoNewline
    New-SmallPhoto -Destination $script:CanaryPng -Size 16 | Out-Null
    $script:Good = New-SmallPhoto -Destination (Join-Path $script:Uploads 'good.png') -Size 64

    # Anything that connects here means a reader fetched a URL; it is only ever polled, and stopped in AfterAll.
    $script:Listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $script:Listener.Start()
    $script:Url = "http://127.0.0.1:$($script:Listener.LocalEndpoint.Port)/x.png"

    # CRC-32 of ISO 3309 (PNG spec 5.5), in [long] so PowerShell never sees a negative int.
    $script:CrcTable = [long[]]::new(256)
    for ($n = 0; $n -lt 256; $n++) {
        [long]$c = $n
        for ($k = 0; $k -lt 8; $k++) { $c = if ($c -band 1) { [long]3988292384 -bxor ($c -shr 1) } else { $c -shr 1 } }
        $script:CrcTable[$n] = $c
    }
    function New-PngChunk([string] $Type, [byte[]] $Data) {
        $typeBytes = [Text.Encoding]::ASCII.GetBytes($Type)
        [long]$crc = 4294967295
        $table = $script:CrcTable
        foreach ($b in [byte[]]($typeBytes + $Data)) { $crc = $table[($crc -bxor $b) -band 255] -bxor ($crc -shr 8) }
        $len = [BitConverter]::GetBytes([uint32]$Data.Length); [Array]::Reverse($len)
        $crcBytes = [BitConverter]::GetBytes([uint32]($crc -bxor 4294967295)); [Array]::Reverse($crcBytes)
        return [byte[]]($len + $typeBytes + $Data + $crcBytes)
    }
    function ConvertTo-Zlib([byte[]] $Data) {
        $ms = [IO.MemoryStream]::new()
        $z = [IO.Compression.ZLibStream]::new($ms, [IO.Compression.CompressionLevel]::Optimal, $true)
        $z.Write($Data, 0, $Data.Length); $z.Dispose()
        return $ms.ToArray()
    }
    function New-PngWithChunk([string] $Path, [string] $Type, [byte[]] $Data) {
        <# The good photo with one more chunk right after IHDR (signature 8 + IHDR 25 bytes). #>
        $png = [IO.File]::ReadAllBytes($script:Good.FullName)
        [IO.File]::WriteAllBytes($Path, [byte[]]($png[0..32] + (New-PngChunk $Type $Data) + $png[33..($png.Length - 1)]))
    }
    function New-Tiff([string] $Path, [int] $Pages, [int] $Width = 1, [int] $Height = 1, [int] $Samples = 1) {
        <# A little-endian TIFF 6.0 whose pages all share one strip; extra samples stored after it. #>
        $entries = if ($Samples -gt 3) { 11 } else { 10 }
        $ifdBytes = 2 + $entries * 12 + 4
        $pixel = 8 + $Pages * $ifdBytes
        $ms = [IO.MemoryStream]::new(); $w = [IO.BinaryWriter]::new($ms)
        $w.Write([byte[]](0x49, 0x49, 42, 0)); $w.Write([uint32]8)
        for ($p = 0; $p -lt $Pages; $p++) {
            $tags = @(@(256, 4, 1, $Width), @(257, 4, 1, $Height), @(258, 3, 1, 8), @(259, 3, 1, 1),
                @(262, 3, 1, $(if ($Samples -ge 3) { 2 } else { 1 })), @(273, 4, 1, $pixel), @(277, 3, 1, $Samples),
                @(278, 4, 1, $Height), @(279, 4, 1, 1), @(284, 3, 1, 1))
            if ($Samples -gt 3) { $tags += , @(338, 3, ($Samples - 3), ($pixel + 2)) }
            $w.Write([uint16]$tags.Count)
            foreach ($t in $tags) {
                $w.Write([uint16]$t[0]); $w.Write([uint16]$t[1]); $w.Write([uint32]$t[2])
                if ($t[1] -eq 3 -and $t[2] -eq 1) { $w.Write([uint16]$t[3]); $w.Write([uint16]0) } else { $w.Write([uint32]$t[3]) }
            }
            $w.Write([uint32]$(if ($p -eq $Pages - 1) { 0 } else { 8 + ($p + 1) * $ifdBytes }))
        }
        $w.Write([byte]0x80); $w.Write([byte]0)
        for ($i = 3; $i -lt $Samples; $i++) { $w.Write([uint16]0) }
        $w.Flush(); [IO.File]::WriteAllBytes($Path, $ms.ToArray())
    }
    function New-Svg([string] $Body) {
        "<svg xmlns=`"http://www.w3.org/2000/svg`" xmlns:xlink=`"http://www.w3.org/1999/xlink`" width=`"16`" height=`"16`">$Body</svg>"
    }
    function Write-Upload([string] $Name, $Content) {
        $path = Join-Path $script:Uploads $Name
        if ($Content -is [byte[]]) { [IO.File]::WriteAllBytes($path, $Content) } else { [IO.File]::WriteAllText($path, $Content) }
        return $path
    }

    $img = { param($href) New-Svg "<image x=`"0`" y=`"0`" width=`"16`" height=`"16`" xlink:href=`"$href`"/>" }
    Write-Upload 'svg-local.png' (& $img $script:CanaryPng) | Out-Null
    Write-Upload 'svg-text.png' (& $img "text:$script:CanaryText") | Out-Null
    Write-Upload 'svg-msl.png' (& $img "msl:$script:CanaryText") | Out-Null
    Write-Upload 'svg-ephemeral.png' (& $img "ephemeral:$script:CanaryPng") | Out-Null
    Write-Upload 'svg-http.png' (& $img $script:Url) | Out-Null
    Write-Upload 'mvg.png' "push graphic-context`nviewbox 0 0 16 16`nimage over 0,0 16,16 '$script:CanaryPng'`ntext 0,8 '@$script:CanaryText'`npop graphic-context`n" | Out-Null
    Write-Upload 'msl.png' "<?xml version=`"1.0`"?><image><read filename=`"$script:CanaryPng`"/><write filename=`"$TestDrive/msl-wrote.png`"/></image>" | Out-Null
    Write-Upload 'ps.png' "%!PS-Adobe-3.0`n($script:CanaryText) (r) file 100 string readstring pop print`nshowpage`n" | Out-Null
    Write-Upload 'eps.jpg' "%!PS-Adobe-3.0 EPSF-3.0`n%%BoundingBox: 0 0 16 16`n($script:CanaryText) (r) file`nshowpage`n" | Out-Null
    Write-Upload 'polyglot-png.png' ([byte[]](137, 80, 78, 71, 13, 10, 26, 10) + [Text.Encoding]::UTF8.GetBytes((& $img $script:CanaryPng))) | Out-Null
    Write-Upload 'polyglot-gif.gif' "GIF89a/*`u{1}`u{1}*/=1;`npush graphic-context`nimage over 0,0 16,16 '$script:CanaryPng'`npop graphic-context`n" | Out-Null
    New-Tiff -Path (Join-Path $script:Uploads 'pages.tif') -Pages 3000
    # 10,000 frames of 1x1, 23 bytes each.
    $gif = [IO.MemoryStream]::new()
    $gif.Write([byte[]](71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255))
    $frame = [byte[]](0x21, 0xF9, 4, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0)
    for ($i = 0; $i -lt 10000; $i++) { $gif.Write($frame) }
    $gif.WriteByte(0x3B)
    Write-Upload 'frames.gif' $gif.ToArray() | Out-Null
    # 12000 x 12000 (144 MP, within the 200 MP limit) with 40 channels: 5.8 GB to decode.
    New-Tiff -Path (Join-Path $script:Uploads 'channels.tif') -Pages 1 -Width 12000 -Height 12000 -Samples 40

    function Assert-NoCanary {
        <# The canary's content must appear in no error, no exception and no file written. #>
        param($Errors, [string] $OutputFolder)
        foreach ($e in @($Errors | Where-Object { $_ })) {
            "$e" | Should -Not -Match $script:Secret
            $e.Exception.ToString() | Should -Not -Match $script:Secret
        }
        if ($OutputFolder -and (Test-Path $OutputFolder)) {
            foreach ($f in Get-ChildItem -LiteralPath $OutputFolder -File -Recurse) {
                [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($f.FullName)) | Should -Not -Match $script:Secret
            }
        }
        Test-Path (Join-Path $TestDrive 'msl-wrote.png') | Should -BeFalse -Because 'the MSL script must not run'
    }
}

AfterAll {
    $script:Listener.Stop()
}

BeforeDiscovery {
    # Each corpus file and the ErrorId it must give; one table for the batch run and the per-file tests.
    $script:HostileCorpus = @(
        @{ Name = 'svg-local.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'svg-text.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'svg-msl.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'svg-ephemeral.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'svg-http.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'mvg.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'msl.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'ps.png'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'eps.jpg'; ErrorId = 'UnsupportedFormat' }
        @{ Name = 'polyglot-png.png'; ErrorId = 'InvalidImage' }
        @{ Name = 'polyglot-gif.gif'; ErrorId = 'InvalidImage' }
        @{ Name = 'pages.tif'; ErrorId = 'ImageTooLarge' }
        @{ Name = 'frames.gif'; ErrorId = 'ImageTooLarge' }
        @{ Name = 'channels.tif'; ErrorId = 'ImageTooLarge' }
    )
}

Describe 'ConvertTo-SemanticJpeg refuses a hostile upload and converts the rest of the batch' -ForEach @(@{ HostileCases = $HostileCorpus }) {
    BeforeAll {
        $script:Cases = $HostileCases
        # The whole corpus in one batch with a good photo in the middle, as an upload folder would be.
        $names = @($script:Cases.Name[0..6]) + 'good.png' + @($script:Cases.Name[7..13])
        $script:BatchOut = Join-Path $TestDrive 'batch'
        $script:BatchResults = ConvertTo-SemanticJpeg -LiteralPath ($names | ForEach-Object { Join-Path $script:Uploads $_ }) -Destination $script:BatchOut -PassThru -ErrorVariable batchErrors -ErrorAction SilentlyContinue
        $script:BatchErrors = $batchErrors
    }

    It 'refuses every hostile file of the batch, converts the good one, and writes nothing else' {
        $script:BatchErrors.Count | Should -Be $script:Cases.Count
        @($script:BatchResults).Count | Should -Be 1
        @(Get-ChildItem -LiteralPath $script:BatchOut -Force).Name | Should -Be @('good.jpg')
        Assert-NoCanary -Errors $script:BatchErrors -OutputFolder $script:BatchOut
        $script:Listener.Pending() | Should -BeFalse -Because 'nothing may connect to the listener'
    }

    It '<Name> gives <ErrorId>, reads no canary, writes nothing, in bounded time' -TestCases $HostileCases {
        $bad = Join-Path $script:Uploads $Name
        $inBatch = @($script:BatchErrors | Where-Object TargetObject -EQ $bad)
        $inBatch.Count | Should -Be 1
        $inBatch[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$script:CmdletType"
        # Alone: refused before any decoding or model work, so its own time is small.
        $out = Join-Path $TestDrive "out-$($Name.Replace('.', '-'))"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        ConvertTo-SemanticJpeg -LiteralPath $bad -Destination $out -ErrorVariable alone -ErrorAction SilentlyContinue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $alone.Count | Should -Be 1
        $alone[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$script:CmdletType"
        $alone[0].Exception.Message | Should -Match ([regex]::Escape($Name))
        @(Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
        Assert-NoCanary -Errors $alone
    }

    It 'decodes a valid PNG with an SVG after its end as the PNG only' {
        $png = [IO.File]::ReadAllBytes($script:Good.FullName)
        $path = Write-Upload 'tail.png' ([byte[]]($png + [Text.Encoding]::UTF8.GetBytes((& $img $script:CanaryPng))))
        $r = ConvertTo-SemanticJpeg -LiteralPath $path -Destination (Join-Path $TestDrive 'tail') -PassThru -ErrorAction Stop
        $r.Width | Should -Be 64
        Assert-NoCanary -OutputFolder (Join-Path $TestDrive 'tail')
    }

    It 'converts a PNG with a 100 MB <Type> chunk without inflating it' -TestCases @(
        @{ Type = 'iCCP'; Keyword = 'evil' }
        @{ Type = 'zTXt'; Keyword = 'Comment' }
    ) {
        # 100 MB of zeros deflate to ~100 KB: the file is small, the chunk would not be.
        $data = [byte[]]([Text.Encoding]::ASCII.GetBytes($Keyword) + [byte[]](0, 0) + (ConvertTo-Zlib ([byte[]]::new(100MB))))
        $path = Join-Path $script:Uploads "huge-$Type.png"
        New-PngWithChunk -Path $path -Type $Type -Data $data
        (Get-Item $path).Length | Should -BeLessThan 1MB
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = ConvertTo-SemanticJpeg -LiteralPath $path -Destination (Join-Path $TestDrive "huge-$Type") -PassThru -ErrorAction Stop -WarningAction SilentlyContinue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $r.Bytes | Should -BeLessThan 100KB
        Test-DjpegDecodes -Path $r.Destination -Width 64 -Height 64 | Should -BeTrue
    }
}

Describe 'Vector input only with -AllowVectorInput, and never with external references' {
    It 'renders a self-contained SVG when asked to' {
        $path = Write-Upload 'drawing.svg' (New-Svg '<rect width="16" height="16" fill="#00a000"/>')
        ConvertTo-SemanticJpeg -LiteralPath $path -Destination (Join-Path $TestDrive 'svg-no') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "UnsupportedFormat,$script:CmdletType"
        $r = ConvertTo-SemanticJpeg -LiteralPath $path -Destination (Join-Path $TestDrive 'svg-yes') -AllowVectorInput -PassThru -ErrorAction Stop
        $r.Width | Should -Be 16
        Test-DjpegDecodes -Path $r.Destination -Width 16 -Height 16 | Should -BeTrue
    }

    It 'refuses <Name> with ExternalReference even with -AllowVectorInput' -TestCases @(
        @{ Name = 'svg-local.png' }, @{ Name = 'svg-text.png' }, @{ Name = 'svg-msl.png' },
        @{ Name = 'svg-ephemeral.png' }, @{ Name = 'svg-http.png' }
    ) {
        $out = Join-Path $TestDrive "vec-$($Name.Replace('.', '-'))"
        ConvertTo-SemanticJpeg -LiteralPath (Join-Path $script:Uploads $Name) -Destination $out -AllowVectorInput -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "ExternalReference,$script:CmdletType"
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        @(Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
        Assert-NoCanary -Errors $err
        $script:Listener.Pending() | Should -BeFalse
    }

    It 'still refuses MVG, MSL and PostScript with -AllowVectorInput' {
        $files = 'mvg.png', 'msl.png', 'ps.png', 'eps.jpg' | ForEach-Object { Join-Path $script:Uploads $_ }
        ConvertTo-SemanticJpeg -LiteralPath $files -Destination (Join-Path $TestDrive 'vec-script') -AllowVectorInput -ErrorVariable err -ErrorAction SilentlyContinue
        @($err.FullyQualifiedErrorId | Sort-Object -Unique) | Should -Be @("UnsupportedFormat,$script:CmdletType")
        $err.Count | Should -Be 4
        Assert-NoCanary -Errors $err
    }
}

Describe 'The same rules for every cmdlet that reads images' {
    It 'Get-ImageSaliency refuses hostile files' {
        Get-ImageSaliency -LiteralPath (Join-Path $script:Uploads 'svg-local.png'), (Join-Path $script:Uploads 'frames.gif') -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be @('UnsupportedFormat,SemanticJpeg.PowerShell.Commands.GetImageSaliencyCommand', 'ImageTooLarge,SemanticJpeg.PowerShell.Commands.GetImageSaliencyCommand')
        Assert-NoCanary -Errors $err
    }

    It 'Measure-ImageQuality refuses a hostile distorted file, reference and mask' {
        $svg = Join-Path $script:Uploads 'svg-local.png'
        Measure-ImageQuality -ReferencePath $script:Good.FullName -LiteralPath $svg -NoSaliency -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedFormat,*'
        { Measure-ImageQuality -ReferencePath $svg -LiteralPath $script:Good.FullName -NoSaliency -ErrorAction Stop } | Should -Throw -ErrorId 'UnsupportedFormat,*'
        { Measure-ImageQuality -ReferencePath $script:Good.FullName -LiteralPath $script:Good.FullName -Mask (Join-Path $script:Uploads 'mvg.png') -ErrorAction Stop } | Should -Throw -ErrorId 'UnsupportedFormat,*'
        Assert-NoCanary -Errors $err
    }

    It 'Compare-SemanticJpeg refuses a hostile file' {
        Compare-SemanticJpeg -LiteralPath (Join-Path $script:Uploads 'msl.png') -Quality 50 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedFormat,*'
        Assert-NoCanary -Errors $err
    }

    It 'refuses a model description that points outside its folder' {
        $models = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'models')
        Copy-Item $script:CanaryPng (Join-Path $TestDrive 'outside.onnx')
        '{ "schema": "semanticjpeg.saliency-model/1", "file": "../outside.onnx", "input": { "name": "x" }, "outputs": [ { "name": "y" } ] }' |
            Set-Content -LiteralPath (Join-Path $models 'evil.json')
        ConvertTo-SemanticJpeg -LiteralPath $script:Good.FullName -Destination (Join-Path $TestDrive 'evil-model') -Model (Join-Path $models 'evil.json') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ModelInvalid,*'
        "$($err[0])" | Should -Match 'outside'
    }
}
