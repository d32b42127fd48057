using QRCoder;

namespace Closient.Catalog.Qr;

/// <summary>
/// Renders a QR code with QRCoder's managed SVG and PNG writers (no System.Drawing). Error correction
/// level M, with the 4-module quiet zone. The output depends only on the inputs, so equal requests give
/// equal bytes (and equal ETags).
/// </summary>
public static class QrRenderer
{
    public const QRCodeGenerator.ECCLevel ErrorCorrection = QRCodeGenerator.ECCLevel.M;

    /// <summary>
    /// SVG: <c>width</c>/<c>height</c> = <paramref name="size"/> user units, <c>viewBox</c> one unit per module.
    /// PNG: the largest whole number of pixels per module whose image fits in <paramref name="size"/>
    /// (at least one), so modules stay crisp; the image is square and never larger unless one pixel per
    /// module already is.
    /// </summary>
    public static byte[] Render(string payload, QrFormat format, int size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, ErrorCorrection);
        return format switch
        {
            QrFormat.Svg => System.Text.Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(
                new System.Drawing.Size(size, size), "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.WidthHeightAttribute)),
            _ => new PngByteQRCode(data).GetGraphic(PixelsPerModule(data.ModuleMatrix.Count, size)),
        };
    }

    public static int PixelsPerModule(int modules, int size) => Math.Max(1, size / modules);

    public static string ContentType(QrFormat format) => format == QrFormat.Svg ? "image/svg+xml" : "image/png";

    public static string Extension(QrFormat format) => format == QrFormat.Svg ? "svg" : "png";
}

public enum QrFormat { Png, Svg }
