using System.Numerics;
using System.Text;

namespace Closient.Catalog.Gs1;

/// <summary>
/// The bit-level pieces of "GS1 Digital Link: Compression": a bit string written and read most significant
/// bit first, the URI-safe base64 alphabet (6 bits a character, zero-padded at the end), and the value
/// encodings: 0 digits as one binary number, 1 lower-case hex, 2 upper-case hex, 3 URI-safe base64, 4 7-bit ASCII.
/// </summary>
public static class CompressionBits
{
    public const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const string Hex = "0123456789ABCDEF";

    /// <summary>Bits of a length field for values of at most <paramref name="maxLength"/> characters (the reference's formula).</summary>
    public static int LengthBits(int maxLength) => (int)Math.Ceiling(Math.Log(maxLength) / Math.Log(2) + 0.01);

    /// <summary>Bits of a number of <paramref name="digits"/> decimal digits (1 for none, as the reference writes it).</summary>
    public static int ValueBits(int digits) => (int)Math.Ceiling(digits * Math.Log(10) / Math.Log(2) + 0.01);

    /// <summary>The densest encoding for <paramref name="value"/>; the reference's order of preference.</summary>
    public static int EncodingFor(string value)
    {
        if (value.Length == 0) return 4;
        if (value.All(char.IsAsciiDigit)) return 0;
        if (value.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F')) return 2;
        if (value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')) return 1;
        if (value.All(c => Base64Alphabet.Contains(c))) return 3;
        return 4;
    }

    public static string ToBase64(string bits)
    {
        if (bits.Length % 6 != 0) bits += new string('0', 6 - bits.Length % 6);
        var text = new StringBuilder(bits.Length / 6);
        for (var i = 0; i < bits.Length; i += 6)
            text.Append(Base64Alphabet[Convert.ToInt32(bits.Substring(i, 6), 2)]);
        return text.ToString();
    }

    /// <summary>Null if a character is outside the URI-safe base64 alphabet.</summary>
    public static string? FromBase64(string text)
    {
        var bits = new StringBuilder(text.Length * 6);
        foreach (var c in text)
        {
            var index = Base64Alphabet.IndexOf(c);
            if (index < 0) return null;
            bits.Append(Convert.ToString(index, 2).PadLeft(6, '0'));
        }
        return bits.ToString();
    }

    /// <summary>A string of '0' and '1' being built.</summary>
    public sealed class Writer
    {
        readonly StringBuilder _bits = new();

        public string Bits => _bits.ToString();

        public void Number(BigInteger value, int width) =>
            _bits.Append((value.IsZero ? "0" : value.ToString("B").TrimStart('0')).PadLeft(width, '0'));

        public void Digits(string digits, int width) => Number(digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits), width);

        /// <summary>3 encoding bits, the optional length field, then the characters.</summary>
        public void Text(string value, string lengthField)
        {
            var encoding = EncodingFor(value);
            Number(encoding, 3);
            _bits.Append(lengthField);
            switch (encoding)
            {
                case 0: Digits(value, ValueBits(value.Length)); break;
                case 1 or 2: foreach (var c in value) Number(Hex.IndexOf(char.ToUpperInvariant(c)), 4); break;
                case 3: foreach (var c in value) Number(Base64Alphabet.IndexOf(c), 6); break;
                default: foreach (var c in value) Number(c, 7); break;
            }
        }
    }

    /// <summary>Reads a bit string; every read fails (false) instead of running past the end.</summary>
    public sealed class Reader(string bits)
    {
        public int Position { get; private set; }

        public int Remaining => bits.Length - Position;

        public bool Number(int width, out BigInteger value)
        {
            value = BigInteger.Zero;
            if (width < 0 || width > Remaining) return false;
            foreach (var bit in bits.AsSpan(Position, width))
                value = (value << 1) + (bit == '1' ? 1 : 0);
            Position += width;
            return true;
        }

        public bool Int(int width, out int value)
        {
            value = 0;
            if (!Number(width, out var big)) return false;
            value = (int)big;
            return true;
        }

        /// <summary>Exactly <paramref name="count"/> digits (leading zeros kept), false if the number has more.</summary>
        public bool Digits(int count, out string digits)
        {
            digits = "";
            if (!Number(ValueBits(count), out var value)) return false;
            if (count == 0) return true;
            digits = value.ToString().PadLeft(count, '0');
            return digits.Length == count;
        }

        /// <summary><paramref name="count"/> characters in <paramref name="encoding"/> (0-4), after its bits were read.</summary>
        public bool Text(int encoding, int count, out string value)
        {
            value = "";
            if (encoding == 0) return Digits(count, out value);
            var width = encoding switch { 1 or 2 => 4, 3 => 6, 4 => 7, _ => 0 };
            if (width == 0 || (long)width * count > Remaining) return false;
            var text = new StringBuilder(count);
            for (var i = 0; i < count; i++)
            {
                Int(width, out var index);
                text.Append(encoding switch
                {
                    1 => char.ToLowerInvariant(Hex[index]),
                    2 => Hex[index],
                    3 => Base64Alphabet[index],
                    _ => (char)index,
                });
            }
            value = text.ToString();
            return true;
        }
    }
}
