# The package users install (./build.sh package): installed from a file repository into a fresh
# session, imported by name, and checked for every platform it claims and for dependency isolation.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Repository = if ($env:SEMANTICJPEG_PACKAGE_REPOSITORY) { $env:SEMANTICJPEG_PACKAGE_REPOSITORY } else {
        Join-Path $PSScriptRoot '../../artifacts/package/repository'
    }
    $script:Nupkg = Get-ChildItem $script:Repository -Filter 'SemanticJpeg.*.nupkg' -ErrorAction SilentlyContinue
    if (-not $script:Nupkg) { throw "No SemanticJpeg .nupkg in '$script:Repository': run ./build.sh package first." }

    # A session of its own: a fresh pwsh whose home is empty, so its user module path (where
    # Install-PSResource -Scope CurrentUser puts modules) and PSResourceGet's repository list start
    # empty, and nothing of this session's PSModulePath leaks in.
    $script:FreshHome = Join-Path $TestDrive 'home'
    New-Item -ItemType Directory -Path $script:FreshHome | Out-Null
    function Invoke-FreshPwsh {
        param([string] $Script, [string[]] $Arguments = @())
        $file = Join-Path $TestDrive ("child-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
        Set-Content -Path $file -Value $Script
        $self = [Environment]::GetCommandLineArgs()[0]
        $pwsh = if ($self -like '*.dll') { @([Environment]::ProcessPath, $self) } else { @($self) }
        $saved = @{}
        $isolated = @{ HOME = $script:FreshHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null }
        foreach ($name in $isolated.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $isolated[$name]) }
        try {
            $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $file @Arguments 2>&1 | Out-String
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    function Get-NativeMachine {
        <# The binary format and CPU of a native library, read from its ELF / PE / Mach-O header. #>
        param([string] $Path)
        $stream = [IO.File]::OpenRead($Path)
        try {
            $header = [byte[]]::new(4096)
            $read = $stream.Read($header, 0, $header.Length)
        }
        finally { $stream.Dispose() }
        $u16 = { param($at) [int][BitConverter]::ToUInt16($header, $at) }
        $be32 = { param($at) $b = $header[$at..($at + 3)]; [Array]::Reverse($b); [BitConverter]::ToInt32($b, 0) }
        if ($read -ge 20 -and [BitConverter]::ToInt32($header, 0) -eq 0x464C457F) {
            # ELF: e_machine at 18 (little-endian on all these targets, EI_DATA = 1).
            return 'ELF ' + @{ 0x3E = 'x64'; 0xB7 = 'arm64'; 0x03 = 'x86'; 0x28 = 'arm' }[(& $u16 18)]
        }
        if ($read -ge 64 -and (& $u16 0) -eq 0x5A4D) {
            # PE: e_lfanew at 0x3C, then "PE\0\0" and the COFF machine field.
            $pe = [BitConverter]::ToInt32($header, 0x3C)
            if ($pe -gt 0 -and $pe + 6 -le $read -and [BitConverter]::ToInt32($header, $pe) -eq 0x4550) {
                return 'PE ' + @{ 0x8664 = 'x64'; 0xAA64 = 'arm64'; 0x14C = 'x86' }[(& $u16 ($pe + 4))]
            }
        }
        $cpu = @{ 0x01000007 = 'x64'; 0x0100000C = 'arm64' }
        if ($read -ge 8 -and [BitConverter]::ToInt32($header, 0) -eq 0xFEEDFACF) {
            return 'Mach-O ' + $cpu[[BitConverter]::ToInt32($header, 4)]
        }
        if ($read -ge 8 -and (& $be32 0) -eq 0xCAFEBABE) {
            # A universal binary: every architecture it holds.
            $archs = 0..((& $be32 4) - 1) | ForEach-Object { $cpu[(& $be32 (8 + 20 * $_))] }
            return 'Mach-O ' + (($archs | Sort-Object) -join '+')
        }
        return 'unknown'
    }

    # What each platform of the package must carry.
    $script:Platforms = [ordered]@{
        'win-x64'     = @{ Magick = 'Magick.Native-Q8-x64.dll'; Onnx = 'onnxruntime.dll'; Machine = 'PE x64' }
        'linux-x64'   = @{ Magick = 'Magick.Native-Q8-x64.dll.so'; Onnx = 'libonnxruntime.so'; Machine = 'ELF x64' }
        'linux-arm64' = @{ Magick = 'Magick.Native-Q8-arm64.dll.so'; Onnx = 'libonnxruntime.so'; Machine = 'ELF arm64' }
        'osx-arm64'   = @{ Magick = 'Magick.Native-Q8-arm64.dll.dylib'; Onnx = 'libonnxruntime.dylib'; Machine = 'Mach-O arm64' }
    }

    # Register the file repository, install, import by name, convert: all in one fresh session.
    $script:Photo = Join-Path $TestDrive 'photo.png'
    New-SmallPhoto -Destination $script:Photo -Sample 'chelsea.png' -Size 240 | Out-Null
    $script:Converted = Join-Path $TestDrive 'photo.jpg'
    $script:Install = Invoke-FreshPwsh -Arguments $script:Repository, $script:Photo, $script:Converted -Script @'
param($Repository, $Photo, $Destination)
$ErrorActionPreference = 'Stop'
$before = @(Get-Module -ListAvailable SemanticJpeg).Count
$name = 'SemanticJpegTest' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $Repository -Trusted
try { Install-PSResource -Name SemanticJpeg -Repository $name -Scope CurrentUser -Quiet }
finally { Unregister-PSResourceRepository -Name $name }
Import-Module SemanticJpeg
$module = Get-Module SemanticJpeg
$result = ConvertTo-SemanticJpeg -LiteralPath $Photo -Destination $Destination -PassThru
'RESULT ' + (@{ Before = $before; ModuleBase = $module.ModuleBase; Version = "$($module.Version)"; Bytes = $result.Bytes } | ConvertTo-Json -Compress)
'@
    $line = ($script:Install.Output -split "`n" | Where-Object { $_ -like 'RESULT *' } | Select-Object -First 1)
    $script:Installed = if ($line) { $line.Substring(7) | ConvertFrom-Json } else { $null }
}

Describe 'The SemanticJpeg package' {
    It 'installs with Install-PSResource from a file repository, imports by name and converts a photo' {
        $script:Install.ExitCode | Should -Be 0 -Because $script:Install.Output
        $script:Installed.Before | Should -Be 0 -Because 'the fresh session must find no other SemanticJpeg'
        $script:Installed.ModuleBase | Should -BeLike "$script:FreshHome*"
        $script:Installed.Version | Should -Be (Import-PowerShellDataFile $script:ModulePath).ModuleVersion
        $script:Installed.Bytes | Should -BeGreaterThan 1000
        Test-DjpegDecodes -Path $script:Converted -Width 240 -Height 160 | Should -BeTrue
    }

    It 'carries a native library of the right format and CPU for every platform, and no others' {
        $runtimes = Join-Path $script:Installed.ModuleBase 'Dependencies/runtimes'
        $expected = $script:Platforms
        (Get-ChildItem $runtimes -Directory).Name | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
        foreach ($rid in $expected.Keys) {
            $native = Join-Path $runtimes "$rid/native"
            foreach ($library in $expected[$rid].Magick, $expected[$rid].Onnx) {
                $path = Join-Path $native $library
                $path | Should -Exist
                Get-NativeMachine $path | Should -Be $expected[$rid].Machine -Because "$rid/$library"
            }
            # Every other file there (ONNX Runtime's providers_shared) is for the same CPU too.
            Get-ChildItem $native -File | ForEach-Object { Get-NativeMachine $_.FullName | Should -Be $expected[$rid].Machine -Because $_.Name }
        }
    }

    It 'lets the loader find every platform''s libraries under the names the managed code imports' {
        # The DllImport names in Magick.NET (per CPU) and ONNX Runtime, mapped by the loader's own
        # rule for each platform: only Linux x64 loads them for real here.
        $probe = [SemanticJpeg.PowerShell.Loading.NativeLibraryProbe]
        foreach ($rid in $script:Platforms.Keys) {
            $native = Join-Path $script:Installed.ModuleBase "Dependencies/runtimes/$rid/native"
            $imports = @{ ("Magick.Native-Q8-{0}.dll" -f $rid.Split('-')[-1]) = $script:Platforms[$rid].Magick; 'onnxruntime' = $script:Platforms[$rid].Onnx }
            foreach ($import in $imports.GetEnumerator()) {
                $found = $probe::CandidateFileNames($import.Key, $rid) | Where-Object { Test-Path -LiteralPath (Join-Path $native $_) } | Select-Object -First 1
                $found | Should -Be $import.Value -Because "$rid, DllImport '$($import.Key)'"
            }
        }
        $probe::CurrentRid() | Should -Be (Get-PlatformRid)
    }

    It 'ships the managed assemblies once, the cmdlet assembly alone beside the manifest' {
        $base = $script:Installed.ModuleBase
        (Get-ChildItem $base -Filter *.dll).Name | Should -Be 'SemanticJpeg.PowerShell.dll'
        $managed = (Get-ChildItem (Join-Path $base 'Dependencies') -Filter *.dll).Name
        foreach ($name in 'SemanticJpeg.dll', 'Magick.NET-Q8-AnyCPU.dll', 'Magick.NET.Core.dll', 'Microsoft.ML.OnnxRuntime.dll') { $managed | Should -Contain $name }
        # PowerShell's own assembly must come from the default context, one type identity.
        $managed | Should -Not -Contain 'System.Management.Automation.dll'
        @(Get-ChildItem $base -Recurse -File | Where-Object Name -in 'Magick.NET-Q8-AnyCPU.dll', 'Microsoft.ML.OnnxRuntime.dll').Count | Should -Be 2
        Join-Path $base 'models/resnet18.json' | Should -Exist
    }

    It 'has a gallery-ready manifest whose version every assembly carries' {
        $manifestPath = Join-Path $script:Installed.ModuleBase 'SemanticJpeg.psd1'
        $manifest = Test-ModuleManifest $manifestPath -ErrorVariable problems -WarningVariable warnings
        $problems | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Match $manifest.Version.ToString()
        $manifest.Tags | Should -Contain 'Linux'
        foreach ($dll in 'SemanticJpeg.PowerShell.dll', 'Dependencies/SemanticJpeg.dll') {
            [Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:Installed.ModuleBase $dll)).Version.ToString(3) | Should -Be $manifest.Version.ToString(3)
        }
    }
}

Describe 'Dependency isolation' {
    It 'the cmdlet assembly references none of the isolated dependencies' {
        # Any reference to them from the default context would bind to whatever version another
        # module loaded first; only SemanticJpeg.dll may cross (through the module's resolver).
        $path = Join-Path (Split-Path $script:ModulePath) 'SemanticJpeg.PowerShell.dll'
        $stream = [IO.File]::OpenRead($path)
        try {
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($stream))
            $references = $reader.AssemblyReferences | ForEach-Object { $reader.GetString($reader.GetAssemblyReference($_).Name) }
        }
        finally { $stream.Dispose() }
        $references | Should -Contain 'SemanticJpeg'
        $isolated = (Get-ChildItem (Join-Path (Split-Path $script:ModulePath) 'Dependencies') -Filter *.dll).BaseName | Where-Object { $_ -ne 'SemanticJpeg' }
        $isolated | Should -Contain 'Magick.NET-Q8-AnyCPU'
        $references | Where-Object { $_ -in $isolated } | Should -BeNullOrEmpty
    }

    It 'converts after another version of Magick.NET.Core was loaded into the session first' {
        # Magick.NET.Core 14.17.0 from NuGet (tools/restore), in PowerShell's default context before
        # Import-Module, as another module would load it. With the dependencies in the default context
        # the import fails ("Assembly with same name is already loaded").
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $old = Join-Path $packages 'magick.net.core/14.17.0/lib/netstandard20/Magick.NET.Core.dll'
        $old | Should -Exist
        $own = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:Installed.ModuleBase 'Dependencies/Magick.NET.Core.dll')).Version.ToString(3)
        $own | Should -Not -Be '14.17.0'
        $out = Join-Path $TestDrive 'isolated.jpg'
        $run = Invoke-FreshPwsh -Arguments $old, $script:Photo, $out -Script @'
param($OldMagick, $Photo, $Destination)
$ErrorActionPreference = 'Stop'
Add-Type -Path $OldMagick
Import-Module SemanticJpeg
$result = ConvertTo-SemanticJpeg -LiteralPath $Photo -Destination $Destination -PassThru
$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Magick.NET.Core' } |
    ForEach-Object { '{0}@{1}' -f $_.GetName().Version.ToString(3), [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
'RESULT ' + (@{ Bytes = $result.Bytes; Loaded = @($loaded | Sort-Object) } | ConvertTo-Json -Compress)
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $result = ($run.Output -split "`n" | Where-Object { $_ -like 'RESULT *' } | Select-Object -First 1).Substring(7) | ConvertFrom-Json
        $result.Loaded | Should -Be @('14.17.0@Default', "$own@SemanticJpeg")
        (Get-FileHash $out).Hash | Should -Be (Get-FileHash $script:Converted).Hash
    }
}
