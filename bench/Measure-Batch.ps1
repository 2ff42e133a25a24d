#requires -Version 7.2
<#
.SYNOPSIS
    Throughput of the whole ConvertTo-SemanticJpeg cmdlet over a folder of photos, beside Magick.NET
    decoding and encoding the same files in the same run.
.DESCRIPTION
    The photos of -Images are copied -Copies times into a scratch folder (a batch long enough for the
    parallel workers to matter). After a warm-up conversion (model load, JIT), each round converts
    the whole folder in one call with the default -ThrottleLimit, and then decodes and re-encodes every
    file with Magick.NET (JPEG quality 75, the same files, as many files at once as the cmdlet; default
    -ThrottleLimit: the number of cores, as the cmdlet's). Prints
    megapixels per second for both, best of -Rounds (the machine may be shared; the best round is what
    the code costs when it gets the cores) and the median, and the rate the process's own CPU time
    implies on idle cores. Called by `./build.sh bench`.
.EXAMPLE
    ./bench/Measure-Batch.ps1 -ModulePath ./artifacts/module/SemanticJpeg/SemanticJpeg.psd1 -Images ./examples/images
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Images,
    [ValidateRange(1, 100)] [int] $Copies = 4,
    [ValidateRange(1, 50)] [int] $Rounds = 5,
    # Files converted at once; default: the cmdlet's default, the number of cores.
    [ValidateRange(1, 256)] [int] $ThrottleLimit = [Environment]::ProcessorCount
)

$ErrorActionPreference = 'Stop'
# The module keeps its Magick.NET in a private load context; the Magick.NET side of this comparison
# loads its own copy the way the tests do (TestHelpers.ps1 imports the module too).
$env:SEMANTICJPEG_MODULE = (Resolve-Path $ModulePath).Path
. (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.ps1')

$work = Join-Path ([IO.Path]::GetTempPath()) "semanticjpeg-batch-$PID"
$in = New-Item -ItemType Directory -Path (Join-Path $work 'in') -Force
$out = New-Item -ItemType Directory -Path (Join-Path $work 'out') -Force
try {
    $sources = Get-ChildItem -LiteralPath $Images -File | Where-Object Extension -In '.png', '.jpg', '.jpeg'
    foreach ($copy in 1..$Copies) {
        foreach ($source in $sources) { Copy-Item -LiteralPath $source.FullName -Destination (Join-Path $in "$($source.BaseName)-$copy$($source.Extension)") }
    }
    $files = @(Get-ChildItem -LiteralPath $in -File | Sort-Object Name)
    $megapixels = 0.0
    foreach ($file in $files) {
        $info = [ImageMagick.MagickImageInfo]::new($file.FullName)
        $megapixels += $info.Width * $info.Height / 1e6
    }
    $workers = $ThrottleLimit
    $cores = [Environment]::ProcessorCount

    # Warm-up: loads the model, JIT-compiles the pipeline, creates the per-worker session.
    $files | Select-Object -First $workers | ConvertTo-SemanticJpeg -Destination $out -Force -ThrottleLimit $workers

    $process = [Diagnostics.Process]::GetCurrentProcess()
    function Get-CpuSeconds { $process.Refresh(); $process.TotalProcessorTime.TotalSeconds }
    $cmdlet = [Collections.Generic.List[double]]::new()
    $magick = [Collections.Generic.List[double]]::new()
    $cmdletCpu = [Collections.Generic.List[double]]::new()
    $magickCpu = [Collections.Generic.List[double]]::new()
    foreach ($round in 1..$Rounds) {
        $cpu = Get-CpuSeconds
        $cmdlet.Add((Measure-Command { $files | ConvertTo-SemanticJpeg -Destination $out -Force -ThrottleLimit $workers }).TotalSeconds)
        $cmdletCpu.Add((Get-CpuSeconds) - $cpu)
        $cpu = Get-CpuSeconds
        $magick.Add((Measure-Command {
                    $files | ForEach-Object -ThrottleLimit $workers -Parallel {
                        $image = [ImageMagick.MagickImage]::new($_.FullName)
                        try {
                            $image.Quality = 75
                            $null = $image.ToByteArray([ImageMagick.MagickFormat]::Jpeg)
                        }
                        finally { $image.Dispose() }
                    }
                }).TotalSeconds)
        $magickCpu.Add((Get-CpuSeconds) - $cpu)
    }

    # Wall time is what a user waits; on a shared machine it also counts other people's work. CPU
    # time is this process's own: MP / (CPU seconds / cores) is the rate on idle cores if the
    # workers kept every core busy.
    function Format-Rate([Collections.Generic.List[double]] $seconds, [Collections.Generic.List[double]] $cpu) {
        $sorted = $seconds | Sort-Object
        $best = $megapixels / $sorted[0]
        $median = $megapixels / $sorted[[int][math]::Floor($sorted.Count / 2)]
        $cpuBest = ($cpu | Measure-Object -Minimum).Minimum
        '{0,6:F2} MP/s best, {1,6:F2} median ({2:F2} s best); CPU {3:F2} s, {4,6:F2} MP/s on {5} idle cores' -f $best, $median, $sorted[0], $cpuBest, ($megapixels * $cores / $cpuBest), $cores
    }
    Write-Output ("Batch: {0} files, {1:F2} MP, {2} cores, {3} rounds" -f $files.Count, $megapixels, $cores, $Rounds)
    Write-Output ("  ConvertTo-SemanticJpeg (-Quality 75, -ThrottleLimit {0}): {1}" -f $workers, (Format-Rate $cmdlet $cmdletCpu))
    Write-Output ("  Magick.NET decode + JPEG q75 encode ({0} at once):      {1}" -f $workers, (Format-Rate $magick $magickCpu))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
