using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Closient.Catalog.Tests.Images;

/// <summary>
/// Image files built byte by byte from the format specifications (independently of the service's sniffer):
/// a real PNG (zlib-compressed scanlines, correct CRCs), and header-true JPEG, GIF, WebP and BMP files.
/// <c>padding</c> grows a file to a given size without changing what it is (a private chunk / comment).
/// </summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, int padding = 0)
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        Chunk(file, "IHDR", ihdr);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
                for (var y = 0; y < height; y++) z.Write(new byte[1 + width * 3]);
            Chunk(file, "IDAT", raw.ToArray());
        }
        if (padding > 0) Chunk(file, "prVt", RandomBytes(padding));
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A JPEG header; with <paramref name="scan"/> a start-of-scan and entropy-coded bytes (FF stuffed as FF 00) before EOI.</summary>
    public static byte[] Jpeg(int width, int height, int padding = 0, bool scan = false)
    {
        using var file = new MemoryStream();
        file.Write([0xFF, 0xD8]);
        Segment(file, 0xE0, [.. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        for (var left = padding; left > 0; left -= 65000) Segment(file, 0xFE, new byte[Math.Min(left, 65000)]); // comments
        var sof = new byte[15];
        sof[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)width);
        sof[5] = 3;
        Segment(file, 0xC0, sof);
        if (scan)
        {
            Segment(file, 0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0]);
            file.Write([0x12, 0xFF, 0x00, 0x34, 0xFF, 0x00, 0xD9, 0x56]); // "FF D9" never appears unstuffed inside a scan
        }
        file.Write([0xFF, 0xD9]);
        return file.ToArray();
    }

    public static byte[] Gif(int width, int height)
    {
        byte[] file = [.. "GIF89a"u8, 0, 0, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)height);
        return file;
    }

    /// <summary>WebP in its three flavours: "VP8 " (lossy), "VP8L" (lossless) or "VP8X" (extended).</summary>
    public static byte[] WebP(int width, int height, string flavour = "VP8 ")
    {
        byte[] payload = flavour switch
        {
            "VP8 " => [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0, 0],
            "VP8L" => Lossless(width, height),
            "VP8X" => [0, 0, 0, 0, (byte)(width - 1), (byte)((width - 1) >> 8), (byte)((width - 1) >> 16),
                (byte)(height - 1), (byte)((height - 1) >> 8), (byte)((height - 1) >> 16)],
            _ => throw new ArgumentException(flavour),
        };
        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        file.Write(BitConverter.GetBytes((uint)(4 + 8 + payload.Length)));
        file.Write("WEBP"u8);
        file.Write(Encoding.ASCII.GetBytes(flavour));
        file.Write(BitConverter.GetBytes((uint)payload.Length));
        file.Write(payload);
        return file.ToArray();

        static byte[] Lossless(int w, int h)
        {
            var bits = (uint)(w - 1) | (uint)(h - 1) << 14;
            return [0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0, 0, 0, 0, 0];
        }
    }

    /// <summary>A 24-bit BMP; negative <paramref name="height"/> is a top-down bitmap.</summary>
    public static byte[] Bmp(int width, int height)
    {
        var rowBytes = (width * 3 + 3) / 4 * 4;
        var pixels = rowBytes * Math.Abs(height);
        var file = new byte[14 + 40 + pixels];
        "BM"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(2), (uint)file.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(10), 54);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), height);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(28), 24);
        return file;
    }

    public static byte[] Svg(string inner = "<rect width=\"10\" height=\"10\" fill=\"url(#g)\"/>", string attributes = "width=\"120\" height=\"80\"") =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" {attributes}>{inner}</svg>");

    /// <summary>A multipart form with the file under <paramref name="field"/> plus text fields.</summary>
    public static MultipartFormDataContent Form(string field, byte[] bytes, string? contentType, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        if (contentType is not null) file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, field, fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    static void Chunk(Stream file, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        file.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeAndData));
        file.Write(length);
    }

    static void Segment(Stream file, byte marker, byte[] data)
    {
        file.Write([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        file.Write(data);
    }

    static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
