BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Photos = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'photos')
    New-SmallPhoto -Destination (Join-Path $script:Photos 'astronaut.png') -Sample 'astronaut.png' -Size 256 | Out-Null
    New-SmallPhoto -Destination (Join-Path $script:Photos 'chelsea.png') -Sample 'chelsea.png' -Size 224 | Out-Null
}

Describe 'Compare-SemanticJpeg' {
    BeforeAll {
        $script:Report = Join-Path $TestDrive 'report'
        $script:Rows = Get-ChildItem $script:Photos | Compare-SemanticJpeg -Quality 40, 75 -Report $script:Report
    }

    It 'returns one row per image and quality' {
        $script:Rows.Count | Should -Be 4
        ($script:Rows | ForEach-Object { "$($_.Image)@$($_.Quality)" }) | Should -Be @('astronaut.png@40', 'astronaut.png@75', 'chelsea.png@40', 'chelsea.png@75')
        $script:Rows[0].GetType().FullName | Should -Be 'SemanticJpeg.PowerShell.SemanticJpegComparison'
    }

    It 'sizes the semantic JPEG within 1% of the standard one' {
        foreach ($row in $script:Rows) {
            $row.SemanticBytes | Should -BeLessOrEqual $row.StandardBytes
            $row.SemanticBytes | Should -BeGreaterOrEqual ([math]::Floor($row.StandardBytes * 0.99))
            $row.StandardBytes | Should -Be (Get-StandardJpegSize -Path (Join-Path $script:Photos $row.Image) -Quality $row.Quality)
        }
    }

    It 'gains quality in the salient region at equal size, paid for by the background' {
        foreach ($row in $script:Rows) {
            $row.DeltaPsnrSalient | Should -BeGreaterThan 0 -Because "$($row.Image) at Q$($row.Quality)"
            $row.Semantic.PsnrBackground | Should -BeLessThan $row.Standard.PsnrBackground
        }
        # PSNR-S here is weighted by our own map, which is calibrated (soft, 0.1-0.3 on the
        # background of these 224-256 px crops), so it reads 0.1-0.3 dB; independent masks measure
        # the real gain (models/README.md, "Effect on the file").
        ($script:Rows | Measure-Object DeltaPsnrSalient -Average).Average | Should -BeGreaterThan 0.1
    }

    It 'writes a self-contained HTML report and a markdown table' {
        $html = Get-Content (Join-Path $script:Report 'report.html') -Raw
        $html | Should -Match '<svg'
        $html | Should -Match 'PSNR-S'
        $html | Should -Match 'data:image/png;base64,'
        $html | Should -Not -Match '<script src=|<link [^>]*href="http'
        $md = Get-Content (Join-Path $script:Report 'report.md') -Raw
        $md | Should -Match '\|'
        $md | Should -Match '39.16'  # the paper's Kodak reference row is there, labelled
    }

    It 'exports to CSV with plain numbers' {
        $csv = Join-Path $TestDrive 'rows.csv'
        $script:Rows | Select-Object Image, Quality, StandardBytes, SemanticBytes, DeltaPsnrSalient | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).Count | Should -Be 4
    }

    It 'does not overwrite a report without -Force' {
        Compare-SemanticJpeg -Path (Join-Path $script:Photos 'chelsea.png') -Quality 50 -Report $script:Report -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Be 'DestinationExists,SemanticJpeg.PowerShell.Commands.CompareSemanticJpegCommand'
    }
}
