@{
    RootModule             = 'SemanticJpeg.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0c6c52-1f0e-4c1e-9d8a-3c7f0c2a9e41'
    Author                 = 'SemanticJpeg contributors'
    CompanyName            = 'SemanticJpeg'
    Copyright              = '(c) SemanticJpeg contributors. MIT licence.'
    Description            = 'Content-aware JPEG: a CNN finds the semantically important regions of a photo and a region-quality JPEG writer spends the bytes there. Output is a standard baseline JPEG.'
    PowerShellVersion      = '7.4'
    CompatiblePSEditions   = @('Core')
    RequiredAssemblies     = @(
        'Magick.NET.Core.dll',
        'Magick.NET-Q8-AnyCPU.dll',
        'Microsoft.ML.OnnxRuntime.dll',
        'SemanticJpeg.dll'
    )
    FormatsToProcess       = @('SemanticJpeg.format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'ConvertTo-SemanticJpeg',
        'Get-ImageSaliency',
        'Measure-ImageQuality',
        'Compare-SemanticJpeg'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('JPEG', 'Image', 'Compression', 'Saliency', 'ONNX', 'ImageMagick')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: ConvertTo-SemanticJpeg, Get-ImageSaliency, Measure-ImageQuality, Compare-SemanticJpeg.'
        }
    }
}
