namespace SemanticJpeg.Metrics;

/// <summary>
/// Every metric of one (reference, distorted) pair. PSNR values are in dB and +infinity for
/// identical images; SSIM and MS-SSIM are unitless, 1 for identical images.
/// </summary>
/// <param name="PsnrRgb">PSNR over all R, G, B samples (<see cref="Psnr.Rgb"/>).</param>
/// <param name="PsnrY">PSNR over luma (<see cref="Psnr.Luma"/>).</param>
/// <param name="Ssim">Mean SSIM of luma (<see cref="Metrics.Ssim"/>).</param>
/// <param name="MsSsim">MS-SSIM of luma (<see cref="Metrics.MsSsim"/>).</param>
/// <param name="PsnrHvs">PSNR-HVS of luma (<see cref="Metrics.PsnrHvs"/>).</param>
/// <param name="PsnrHvsM">PSNR-HVS-M of luma (<see cref="Metrics.PsnrHvs"/>).</param>
/// <param name="PsnrSalient">PSNR-S weighted by the saliency map; null when no map was given, NaN when it is all 0.</param>
/// <param name="PsnrBackground">PSNR weighted by 1 - map; null when no map was given, NaN when the map is all 1.</param>
public sealed record QualityReport(
    double PsnrRgb,
    double PsnrY,
    double Ssim,
    double MsSsim,
    double PsnrHvs,
    double PsnrHvsM,
    double? PsnrSalient,
    double? PsnrBackground);
