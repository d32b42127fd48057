using System.Buffers.Binary;
using System.Text;

namespace Closient.Catalog.Images;

/// <summary>What an uploaded file really is, read from its bytes (never from its name or declared type).</summary>
public sealed record SniffedImage(string ContentType, int? Width, int? Height);

/// <summary>
/// Identifies JPEG, PNG, GIF, WebP, BMP and SVG by their magic bytes and reads the pixel size from the
/// headers (no image library: nothing is decoded). A file whose structure is cut short (no PNG IEND, no
/// JPEG EOI, a RIFF or BMP size larger than the file, …) is refused as truncated. SVG is checked by
/// <see cref="SvgSafety"/>.
/// </summary>
public static class ImageSniffer
{
    public const string Jpeg = "image/jpeg", Png = "image/png", Gif = "image/gif", WebP = "image/webp", Bmp = "image/bmp", Svg = "image/svg+xml";

    /// <summary>Largest width or height accepted: larger images are decompression bombs for whoever renders them.</summary>
    public const int MaxDimension = 16_384;

    /// <summary>The content type for a sniffed file, or an error message fit for a 422.</summary>
    public static bool TrySniff(ReadOnlySpan<byte> data, out SniffedImage image, out string error)
    {
        image = null!;
        error = "";
        (string Type, int W, int H)? raster = null;
        if (data.IsEmpty) { error = "The file is empty."; return false; }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) raster = JpegSize(data, out error);
        else if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) raster = PngSize(data, out error);
        else if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) raster = GifSize(data, out error);
        else if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) raster = WebPSize(data, out error);
        else if (data.StartsWith("BM"u8)) raster = BmpSize(data, out error);
        else if (LooksLikeXml(data))
        {
            if (!SvgSafety.TryCheck(data, out var width, out var height, out error)) return false;
            image = new SniffedImage(Svg, width, height);
            return true;
        }
        else
        {
            error = "Not a supported image: send JPEG, PNG, GIF, WebP, SVG or BMP.";
            return false;
        }

        if (raster is not { } r) return false;
        if (r.W <= 0 || r.H <= 0) { error = "The image has no pixels."; return false; }
        if (r.W > MaxDimension || r.H > MaxDimension) { error = $"Images may be at most {MaxDimension} pixels wide and high."; return false; }
        image = new SniffedImage(r.Type, r.W, r.H);
        return true;
    }

    static (string, int, int)? Truncated(out string error, string type)
    {
        error = $"The {type} file is truncated or corrupt.";
        return null;
    }

    static (string, int, int)? PngSize(ReadOnlySpan<byte> d, out string error)
    {
        // Signature, then the IHDR chunk (length 13) first; the IEND chunk must follow.
        ReadOnlySpan<byte> iend = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        if (d.Length < 8 + 25 + 12 || !d[12..16].SequenceEqual("IHDR"u8) || d[33..].IndexOf(iend) < 0) return Truncated(out error, "PNG");
        error = "";
        return (Png, (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(d[16..]), int.MaxValue),
            (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(d[20..]), int.MaxValue));
    }

    static (string, int, int)? GifSize(ReadOnlySpan<byte> d, out string error)
    {
        // Header (6) + logical screen descriptor (7); the trailer byte 0x3B ends the file.
        if (d.Length < 14 || d[^1] != 0x3B) return Truncated(out error, "GIF");
        error = "";
        return (Gif, BinaryPrimitives.ReadUInt16LittleEndian(d[6..]), BinaryPrimitives.ReadUInt16LittleEndian(d[8..]));
    }

    static (string, int, int)? WebPSize(ReadOnlySpan<byte> d, out string error)
    {
        // RIFF size counts everything after the first 8 bytes; a shorter file was cut off.
        var riff = BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
        if (d.Length < 30 || riff + 8L > d.Length) return Truncated(out error, "WebP");
        error = "";
        var chunk = d[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Lossy: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
            if (d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A) return Truncated(out error, "WebP");
            return (WebP, BinaryPrimitives.ReadUInt16LittleEndian(d[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Lossless: signature 0x2F, then width-1 and height-1 in 14 bits each.
            if (d[20] != 0x2F) return Truncated(out error, "WebP");
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(d[21..]);
            return (WebP, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Extended: canvas width-1 and height-1 as 24-bit little-endian numbers.
            return (WebP, (d[24] | d[25] << 8 | d[26] << 16) + 1, (d[27] | d[28] << 8 | d[29] << 16) + 1);
        }
        return Truncated(out error, "WebP");
    }

    static (string, int, int)? BmpSize(ReadOnlySpan<byte> d, out string error)
    {
        // File header (14) then a DIB header whose size names its version: 12 (OS/2 core) or 40–124 (Windows).
        if (d.Length < 26) return Truncated(out error, "BMP");
        var fileSize = BinaryPrimitives.ReadUInt32LittleEndian(d[2..]);
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(d[10..]);
        var dib = BinaryPrimitives.ReadUInt32LittleEndian(d[14..]);
        if (dib is not (12 or 40 or 52 or 56 or 64 or 108 or 124) || d.Length < 14 + dib
            || fileSize > d.Length || pixelOffset >= d.Length)
            return Truncated(out error, "BMP");
        error = "";
        if (dib == 12) return (Bmp, BinaryPrimitives.ReadUInt16LittleEndian(d[18..]), BinaryPrimitives.ReadUInt16LittleEndian(d[20..]));
        var width = BinaryPrimitives.ReadInt32LittleEndian(d[18..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(d[22..]);
        // A negative height means rows are stored top-down; the size is its absolute value.
        return (Bmp, width, height == int.MinValue ? 0 : Math.Abs(height));
    }

    static (string, int, int)? JpegSize(ReadOnlySpan<byte> d, out string error)
    {
        // Walk the marker segments after SOI: a start-of-frame (SOF0–SOF15 except DHT, JPG, DAC) names the size,
        // and the file must reach EOI, either as a marker or after the start of scan (entropy-coded data stuffs
        // every FF, so FF D9 there is the real end). Bytes after EOI (some cameras append data) are allowed.
        (int W, int H)? size = null;
        var i = 2;
        while (i + 2 <= d.Length)
        {
            if (d[i] != 0xFF) return Truncated(out error, "JPEG");
            var marker = d[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // standalone markers
            if (marker == 0xD9) break; // EOI
            if (i + 4 > d.Length) return Truncated(out error, "JPEG");
            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            if (length < 2 || i + 2 + length > d.Length) return Truncated(out error, "JPEG");
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (length < 7) return Truncated(out error, "JPEG");
                size = (BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]));
            }
            if (marker == 0xDA)
            {
                if (size is null || d[(i + 2 + length)..].IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0) return Truncated(out error, "JPEG");
                break;
            }
            i += 2 + length;
        }
        if (size is not { } s || i + 2 > d.Length) return Truncated(out error, "JPEG");
        error = "";
        return (Jpeg, s.W, s.H);
    }

    /// <summary>Text that starts (after an optional UTF-8 BOM and whitespace) with '&lt;': a candidate SVG.</summary>
    static bool LooksLikeXml(ReadOnlySpan<byte> d)
    {
        if (d.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) d = d[3..];
        var trimmed = d.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'<';
    }

    /// <summary>Whether a declared type (a multipart part's Content-Type) names the same format as the sniffed one.</summary>
    public static bool DeclaredMatches(string? declared, string sniffed)
    {
        var type = (declared ?? "").Split(';')[0].Trim().ToLowerInvariant();
        // No declared type, or the generic one browsers and curl send for unknown files: nothing to contradict.
        if (type is "" or "application/octet-stream") return true;
        return type == sniffed || (sniffed, type) switch
        {
            (Jpeg, "image/jpg" or "image/pjpeg") => true,
            (Bmp, "image/x-bmp" or "image/x-ms-bmp") => true,
            _ => false,
        };
    }

    /// <summary>Whether a file name's image extension (if it has one) names the same format as the sniffed one.</summary>
    public static bool ExtensionMatches(string? fileName, string sniffed)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        string? named = extension switch
        {
            ".jpg" or ".jpeg" or ".jpe" or ".jfif" => Jpeg,
            ".png" => Png,
            ".gif" => Gif,
            ".webp" => WebP,
            ".bmp" or ".dib" => Bmp,
            ".svg" => Svg,
            _ => null, // no extension or one that is not an image's: nothing to contradict
        };
        return named is null || named == sniffed;
    }

    /// <summary>
    /// Sniffs an uploaded file and checks it against what the client declared: the part's Content-Type and
    /// the file name's image extension must not contradict the content (a PNG renamed to .jpg is refused).
    /// Adds the error to <paramref name="field"/> and returns null when the file is refused.
    /// </summary>
    public static SniffedImage? Check(UploadedFile file, string field, ServiceDefaults.Http.Validation v)
    {
        if (!TrySniff(file.Bytes, out var image, out var error)) { v.Add(field, error); return null; }
        if (!DeclaredMatches(file.DeclaredType, image.ContentType))
        {
            v.Add(field, $"Declared as {file.DeclaredType?.Split(';')[0].Trim()} but the content is {Describe(image.ContentType)}.");
            return null;
        }
        if (!ExtensionMatches(file.FileName, image.ContentType))
        {
            v.Add(field, $"The file name says {Path.GetExtension(file.FileName)} but the content is {Describe(image.ContentType)}.");
            return null;
        }
        return image;
    }

    /// <summary>Strong ETag of stored bytes (lowercase hex SHA-256).</summary>
    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));

    internal static string Describe(string contentType) => contentType switch
    {
        Jpeg => "JPEG", Png => "PNG", Gif => "GIF", WebP => "WebP", Bmp => "BMP", Svg => "SVG", _ => contentType,
    };

    internal static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);
}
