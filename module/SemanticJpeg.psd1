@{
    # The cmdlet assembly alone loads into PowerShell's default context; SemanticJpeg.dll, Magick.NET
    # and ONNX Runtime load from Dependencies/ into the module's own context (no RequiredAssemblies:
    # those would put them in the default context, where they clash with other modules' copies).
    RootModule             = 'SemanticJpeg.PowerShell.dll'
    # The one place the version is written: Directory.Build.props reads it for every assembly.
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0c6c52-1f0e-4c1e-9d8a-3c7f0c2a9e41'
    Author                 = 'SemanticJpeg contributors'
    CompanyName            = 'SemanticJpeg'
    Copyright              = '(c) SemanticJpeg contributors. MIT licence.'
    Description            = 'Content-aware JPEG: a CNN finds the semantically important regions of a photo and a region-quality JPEG writer spends the bytes there. Output is a standard baseline JPEG. Runs on Windows x64, Linux x64/arm64 and macOS arm64 (PowerShell 7.4+).'
    PowerShellVersion      = '7.4'
    CompatiblePSEditions   = @('Core')
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
            Tags         = @('JPEG', 'Image', 'Compression', 'Saliency', 'ONNX', 'ImageMagick', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/SemanticJpeg/SemanticJpeg'
            ReleaseNotes = @'
0.1.0: first release.
- ConvertTo-SemanticJpeg, Get-ImageSaliency, Measure-ImageQuality, Compare-SemanticJpeg.
- One package for Windows x64, Linux x64 and arm64, macOS arm64 (Apple silicon); macOS on Intel is
  not supported (Magick.NET 15.1.0 and ONNX Runtime 1.31.1 ship no osx-x64 build).
- Magick.NET 15.1.0 and ONNX Runtime 1.31.1 load in the module's own assembly load context, so other
  modules may load other versions of them in the same session.
'@
        }
    }
}
