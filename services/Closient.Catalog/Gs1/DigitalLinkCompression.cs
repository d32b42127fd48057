using System.Text;

namespace Closient.Catalog.Gs1;

/// <summary>What a compressed segment holds: GS1 element strings and other (non-GS1) query parameters.</summary>
public sealed record DecompressedData(IReadOnlyList<AiValue> Elements, IReadOnlyList<KeyValuePair<string, string>> Others);

/// <summary>
/// "GS1 Digital Link: Compression" (GS1 Digital Link standard 1.1+ §compression; GS1-Conformant Resolver items
/// 4, 5 and 8), bit for bit as GS1's reference implementation (github.com/gs1/GS1DigitalLinkCompressionPrototype)
/// writes it. The bit stream is a sequence of entries, then zero padding to whole base64 characters:
/// <list type="bullet">
/// <item>an AI as 4 bits a digit (its length follows from its first two digits), then its value;</item>
/// <item>or a two-hex-digit optimisation code (<see cref="CompressionTables.Optimisations"/>) standing for
/// several AIs, then their values in ascending AI order;</item>
/// <item>or hex F, a 7-bit key length, the key in 6-bit base64 characters, 3 encoding bits, a 7-bit value
/// length and the value: one non-GS1 <c>key=value</c> pair.</item>
/// </list>
/// A value is its components in turn (<see cref="CompressionTables.Derive"/>): fixed numeric as one binary
/// number; variable numeric as a length field then the number; alphanumeric as 3 encoding bits, a length
/// field when variable, then the characters (<see cref="CompressionBits.EncodingFor"/>).
/// Where the reference has bugs this follows the intent instead (README, "Compressed URIs").
/// </summary>
public sealed class DigitalLinkCompression(CompressionTables tables)
{
    public static DigitalLinkCompression Instance { get; } = new(CompressionTables.Instance);

    /// <summary>The longest compressed segment accepted (GS1 keeps QR codes short; nothing real comes near it).</summary>
    public const int MaxSegmentLength = 1024;

    const int MaxPairLength = 127;

    /// <summary>
    /// Compresses element strings (AI and value pairs, values validated with <see cref="AiValidator"/>) and
    /// non-GS1 pairs (keys of URI-safe base64 characters, values of printable ASCII, at most 127 each).
    /// </summary>
    public bool TryCompress(IReadOnlyList<AiValue> elements, IReadOnlyList<KeyValuePair<string, string>> others, out string segment, out string error)
    {
        segment = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            if (tables.Find(element.Ai) is not { } definition) return Fail($"Unknown AI ({element.Ai}).", out error);
            if (!values.TryAdd(element.Ai, element.Value)) return Fail($"AI ({element.Ai}) appears more than once.", out error);
            if (AiValidator.Validate(definition, element.Value) is { } invalid) return Fail(invalid, out error);
        }
        foreach (var (key, value) in others)
        {
            if (key.Length is 0 or > MaxPairLength || !key.All(c => CompressionBits.Base64Alphabet.Contains(c)))
                return Fail($"The parameter name '{key}' cannot be compressed: 1 to {MaxPairLength} of A-Z a-z 0-9 - _.", out error);
            if (value.Length > MaxPairLength || value.Any(c => c < ' ' || c > '~'))
                return Fail($"The value of '{key}' cannot be compressed: at most {MaxPairLength} printable ASCII characters.", out error);
        }

        var writer = new CompressionBits.Writer();
        var remaining = values.Keys.Order(StringComparer.Ordinal).ToList();
        while (tables.Optimisations.Where(o => o.Ais.All(remaining.Contains))
                   .Select(o => ((string Code, IReadOnlyList<string> Ais)?)o)
                   .MaxBy(o => o!.Value.Ais.Sum(ai => ai.Length)) is { } best)
        {
            // MaxBy keeps the first of equals: the table's order breaks ties, as in the reference.
            writer.Number(Convert.ToInt32(best.Code, 16), 8);
            foreach (var ai in best.Ais)
            {
                WriteValue(writer, ai, values[ai]);
                remaining.Remove(ai);
            }
        }
        foreach (var ai in remaining)
        {
            foreach (var digit in ai) writer.Number(digit - '0', 4);
            WriteValue(writer, ai, values[ai]);
        }
        foreach (var (key, value) in others)
        {
            writer.Number(0xF, 4);
            writer.Number(key.Length, 7);
            foreach (var c in key) writer.Number(CompressionBits.Base64Alphabet.IndexOf(c), 6);
            writer.Text(value, Convert.ToString(value.Length, 2).PadLeft(7, '0'));
        }
        segment = CompressionBits.ToBase64(writer.Bits);
        error = "";
        return true;
    }

    void WriteValue(CompressionBits.Writer writer, string ai, string value)
    {
        var position = 0;
        foreach (var part in tables.FormatOf(ai)!)
        {
            var take = part.Fixed ? Math.Min(part.MaxLength, value.Length - position) : value.Length - position;
            var chars = value.Substring(position, take);
            position += take;
            var lengthField = part.Fixed ? "" : Convert.ToString(chars.Length, 2).PadLeft(CompressionBits.LengthBits(part.MaxLength), '0');
            if (part.Numeric)
            {
                if (!part.Fixed) writer.Number(chars.Length, lengthField.Length);
                writer.Digits(chars, CompressionBits.ValueBits(chars.Length));
            }
            else writer.Text(chars, lengthField);
        }
    }

    /// <summary>Decodes a segment; false with a reason for anything that is not a complete, valid encoding.</summary>
    public bool TryDecompress(string segment, out DecompressedData data, out string error)
    {
        data = null!;
        if (segment.Length is 0 or > MaxSegmentLength)
            return Fail($"A compressed GS1 Digital Link has 1 to {MaxSegmentLength} characters.", out error);
        if (CompressionBits.FromBase64(segment) is not { } bits)
            return Fail("A compressed GS1 Digital Link has only the characters A-Z a-z 0-9 - _.", out error);

        var reader = new CompressionBits.Reader(bits);
        var elements = new List<AiValue>();
        var others = new List<KeyValuePair<string, string>>();
        // Fewer than 9 bits left are padding: no entry is that short (as in the reference).
        while (reader.Remaining > 8)
        {
            reader.Int(4, out var h1);
            reader.Int(4, out var h2);
            if (h1 <= 9 && h2 <= 9)
            {
                var prefix = $"{h1}{h2}";
                var length = tables.AiLengthFor(prefix);
                if (length == 0) return Fail($"No GS1 Application Identifier starts with {prefix}.", out error);
                var ai = new StringBuilder(prefix);
                for (var i = 2; i < length; i++)
                {
                    if (!reader.Int(4, out var digit)) return Truncated(out error);
                    if (digit > 9) return Fail("An Application Identifier has a digit above 9.", out error);
                    ai.Append((char)('0' + digit));
                }
                if (!ReadElement(reader, ai.ToString(), elements, out error)) return false;
            }
            else if (tables.OptimisationByCode.TryGetValue($"{h1:X}{h2:X}", out var sequence))
            {
                foreach (var ai in sequence)
                    if (!ReadElement(reader, ai, elements, out error)) return false;
            }
            else if (h1 == 0xF)
            {
                if (!reader.Int(3, out var low)) return Truncated(out error);
                var keyLength = (h2 << 3) | low;
                if (keyLength == 0 || !reader.Text(3, keyLength, out var key)) return Truncated(out error);
                if (!reader.Int(3, out var encoding) || !reader.Int(7, out var valueLength)) return Truncated(out error);
                if (encoding > 4) return Fail($"Unknown value encoding {encoding}.", out error);
                if (!reader.Text(encoding, valueLength, out var value)) return Truncated(out error);
                if (value.Any(c => c < ' ' || c > '~')) return Fail($"The value of '{key}' has control characters.", out error);
                if (others.Any(o => o.Key == key)) return Fail($"'{key}' appears more than once.", out error);
                others.Add(new(key, value));
            }
            else return Fail($"Unknown code {h1:X}{h2:X} in the bit stream.", out error);
        }
        if (elements.Count == 0) return Fail("The compressed data holds no GS1 Application Identifier.", out error);
        data = new DecompressedData(elements, others);
        error = "";
        return true;
    }

    bool ReadElement(CompressionBits.Reader reader, string ai, List<AiValue> elements, out string error)
    {
        if (tables.Find(ai) is not { } definition || tables.FormatOf(ai) is not { } format)
            return Fail($"Unknown AI ({ai}).", out error);
        if (elements.Any(e => e.Ai == ai)) return Fail($"AI ({ai}) appears more than once.", out error);
        var value = new StringBuilder();
        foreach (var part in format)
        {
            var count = part.MaxLength;
            var encoding = 0;
            if (!part.Numeric && !reader.Int(3, out encoding)) return Truncated(out error);
            if (!part.Fixed)
            {
                if (!reader.Int(CompressionBits.LengthBits(part.MaxLength), out count)) return Truncated(out error);
                if (count > part.MaxLength) return Fail($"AI ({ai}): a value longer than its format allows.", out error);
            }
            if (encoding > 4) return Fail($"AI ({ai}): unknown value encoding {encoding}.", out error);
            if (!reader.Text(encoding, count, out var chars)) return Fail($"AI ({ai}): the bit stream ends inside its value or the value is not valid.", out error);
            value.Append(chars);
        }
        if (AiValidator.Validate(definition, value.ToString()) is { } invalid) return Fail(invalid, out error);
        elements.Add(new AiValue(ai, value.ToString()));
        error = "";
        return true;
    }

    /// <summary>Compresses a parsed link: its key, qualifiers and data attributes, then linkType, context and other parameters.</summary>
    public bool TryCompress(DigitalLink link, out string segment, out string error)
    {
        var others = new List<KeyValuePair<string, string>>();
        if (link.LinkType is not null) others.Add(new("linkType", link.LinkType));
        if (link.Context is not null) others.Add(new("context", link.Context));
        others.AddRange(link.OtherParameters);
        return TryCompress([link.PrimaryKey, .. link.Qualifiers, .. link.DataAttributes], others, out segment, out error);
    }

    /// <summary>
    /// The uncompressed Digital Link of decompressed data: the one primary key, its qualifiers in their allowed
    /// sequence, the other AIs as data attributes (by AI) and the non-GS1 pairs in the query, followed by
    /// <paramref name="extraQuery"/> (the request's own query string, raw). Parsed like any request, so the
    /// result is valid exactly when the same URI sent uncompressed would be.
    /// </summary>
    public bool TryExpand(DecompressedData data, string? extraQuery, out DigitalLink link, out string pathAndQuery, out string error)
    {
        link = null!;
        pathAndQuery = "";
        var keys = data.Elements.Where(e => tables.Find(e.Ai)!.IsPrimaryKey).ToList();
        if (keys.Count != 1)
            return Fail(keys.Count == 0 ? "The compressed data has no GS1 Digital Link primary key."
                : $"The compressed data has {keys.Count} primary keys ({string.Join(", ", keys.Select(k => k.Ai))}); a Digital Link has one.", out error);
        var key = tables.Find(keys[0].Ai)!;
        var qualifiers = data.Elements.Where(e => key.Qualifiers.Contains(e.Ai)).ToList();
        var sequence = key.QualifierPaths.FirstOrDefault(p => qualifiers.All(q => p.Contains(q.Ai)));
        if (qualifiers.Count > 0 && sequence is null)
            return Fail($"Key qualifiers {string.Join(", ", qualifiers.Select(q => q.Ai))} of ({key.Ai}) cannot be combined.", out error);
        var ordered = qualifiers.OrderBy(q => sequence!.ToList().IndexOf(q.Ai)).ToList();
        var query = data.Elements.Where(e => e != keys[0] && !qualifiers.Contains(e)).OrderBy(e => e.Ai, StringComparer.Ordinal)
            .Select(e => e.Ai + "=" + Uri.EscapeDataString(e.Value))
            .Concat(data.Others.Select(o => o.Key + "=" + Uri.EscapeDataString(o.Value)))
            .Concat(string.IsNullOrEmpty(extraQuery) ? [] : [extraQuery.TrimStart('?')])
            .Where(p => p.Length > 0)
            .ToList();
        var path = DigitalLinkBuilder.Path(keys[0], ordered);
        var rawQuery = string.Join('&', query);
        if (!new DigitalLinkParser(tables.Dictionary).TryParse(path, rawQuery, primaryKeyFirst: true, out link, out var invalid))
            return Fail(invalid.Message, out error);
        pathAndQuery = path + (rawQuery.Length > 0 ? "?" + rawQuery : "");
        error = "";
        return true;
    }

    /// <summary><see cref="TryDecompress"/> then <see cref="TryExpand"/>.</summary>
    public bool TryDecompressLink(string segment, string? extraQuery, out DigitalLink link, out string pathAndQuery, out string error)
    {
        link = null!;
        pathAndQuery = "";
        return TryDecompress(segment, out var data, out error) && TryExpand(data, extraQuery, out link, out pathAndQuery, out error);
    }

    /// <summary>
    /// A partially compressed path, <c>/{primary key AI}/{value}/{segment}</c>: the primary key uncompressed, its qualifiers,
    /// data attributes and non-GS1 pairs in one compressed segment (DL-Compression's partially compressed form, GS1's
    /// toolkit's <c>uncompressedPrimary</c>). False, with a reason, for any other path or a segment that does not decode
    /// to the rest of a valid Digital Link.
    /// </summary>
    public bool TryDecompressPartial(string path, string? extraQuery, out DigitalLink link, out string pathAndQuery, out string error)
    {
        link = null!;
        pathAndQuery = "";
        var parts = path.Trim('/').Split('/');
        if (parts.Length != 3 || tables.Find(parts[0]) is not { IsPrimaryKey: true } || parts[1].Length == 0)
            return Fail("Not a partially compressed GS1 Digital Link (/{primary key AI}/{value}/{compressed segment}).", out error);
        if (!TryDecompress(parts[2], out var data, out error)) return false;
        if (data.Elements.FirstOrDefault(e => tables.Find(e.Ai)!.IsPrimaryKey) is { } second)
            return Fail($"The compressed segment holds a second primary key, AI ({second.Ai}).", out error);
        var key = new AiValue(parts[0], Uri.UnescapeDataString(parts[1]));
        return TryExpand(data with { Elements = [key, .. data.Elements] }, extraQuery, out link, out pathAndQuery, out error);
    }

    static bool Truncated(out string error) => Fail("The compressed data ends in the middle of an entry.", out error);

    static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
