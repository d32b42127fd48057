using System.Buffers.Binary;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// Public ids: the 22-character shortuuid (base 57, most significant digit first, padded with the
/// alphabet's first symbol) of a row's UUID, as Python's shortuuid writes it. Inputs accept either
/// form: the shortuuid or the canonical UUID string.
/// </summary>
public static class ShortId
{
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    public const int Length = 22;
    static readonly sbyte[] Digits = BuildDigits();

    /// <summary>A new time-ordered id (UUIDv7), so inserts stay index-friendly.</summary>
    public static Guid NewGuid() => Guid.CreateVersion7();

    public static string Encode(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 57)];
            value /= 57;
        }
        return new string(chars);
    }

    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        if (text is null) return false;
        if (text.Length == 36) return Guid.TryParseExact(text, "D", out id);
        if (text.Length != Length) return false;

        UInt128 value = 0;
        foreach (var c in text)
        {
            var digit = c < 128 ? Digits[c] : (sbyte)-1;
            if (digit < 0) return false;
            var next = value * 57 + (uint)digit;
            if (next / 57 != value) return false; // overflow: larger than 128 bits
            value = next;
        }
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        id = new Guid(bytes, bigEndian: true);
        return true;
    }

    static sbyte[] BuildDigits()
    {
        var digits = Enumerable.Repeat((sbyte)-1, 128).ToArray();
        for (var i = 0; i < Alphabet.Length; i++) digits[Alphabet[i]] = (sbyte)i;
        return digits;
    }
}
