namespace Closient.Catalog.Gs1;

/// <summary>
/// Parses GS1 Digital Link URIs (GS1 Digital Link standard 1.x, uncompressed form) against the syntax
/// dictionary: the path ends with <c>/{primary key AI}/{value}</c> followed by key qualifier pairs in
/// one of the key's allowed sequences; the query string carries data attributes (AIs flagged as such in
/// the dictionary), <c>linkType</c>, <c>context</c> and anything else. GTIN-8, -12 and -13 under AI 01 are
/// recognised and normalised to GTIN-14 (<see cref="DigitalLink.ShortGtin"/>), so callers can redirect to
/// the canonical form. One trailing slash is tolerated.
/// </summary>
public sealed class DigitalLinkParser(SyntaxDictionary dictionary)
{
    public static DigitalLinkParser Instance { get; } = new(SyntaxDictionary.Instance);

    public const int MaxLength = 4096;

    /// <summary>
    /// An absolute <c>http(s)</c> URI, or a path starting with '/'. Path segments before the primary key
    /// (a custom path prefix on the resolver's domain) are allowed here.
    /// </summary>
    public bool TryParseUri(string? uri, out DigitalLink link, out DigitalLinkError error)
    {
        link = null!;
        if (string.IsNullOrWhiteSpace(uri)) return Fail("The URI is empty.", out error);
        if (uri.Length > MaxLength) return Fail($"The URI is longer than {MaxLength} characters.", out error);
        if (uri.Any(IsNotUriChar)) return Fail("The URI contains spaces, control or non-ASCII characters; percent-encode them.", out error);
        var rest = uri;
        var hash = rest.IndexOf('#');
        if (hash >= 0) rest = rest[..hash];
        if (!rest.StartsWith('/'))
        {
            var scheme = rest.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return Fail("Not an absolute http(s) URI or a path.", out error);
            var name = rest[..scheme];
            if (!name.Equals("https", StringComparison.OrdinalIgnoreCase) && !name.Equals("http", StringComparison.OrdinalIgnoreCase))
                return Fail("A GS1 Digital Link URI uses the http or https scheme.", out error);
            var pathStart = rest.IndexOfAny(['/', '?'], scheme + 3);
            if (pathStart < 0 || rest[pathStart] != '/' || pathStart == scheme + 3)
                return Fail("The URI has no host or no path.", out error);
            rest = rest[pathStart..];
        }
        var q = rest.IndexOf('?');
        return TryParse(q < 0 ? rest : rest[..q], q < 0 ? "" : rest[(q + 1)..], primaryKeyFirst: false, out link, out error);
    }

    /// <summary>
    /// A request's raw (still percent-encoded) path and query. With <paramref name="primaryKeyFirst"/>
    /// the first segment must be the primary key AI (the resolver's routes); otherwise the leftmost primary
    /// key AI followed only by its own qualifier pairs is used (or, to report why, the leftmost candidate).
    /// </summary>
    public bool TryParse(string rawPath, string? rawQuery, bool primaryKeyFirst, out DigitalLink link, out DigitalLinkError error)
    {
        link = null!;
        if (rawPath.Length + (rawQuery?.Length ?? 0) > MaxLength) return Fail($"The URI is longer than {MaxLength} characters.", out error);
        if (rawPath.Any(IsNotUriChar) || rawQuery?.Any(IsNotUriChar) == true)
            return Fail("The URI contains spaces, control or non-ASCII characters; percent-encode them.", out error);
        var path = rawPath.StartsWith('/') ? rawPath[1..] : rawPath;
        if (path.EndsWith('/')) path = path[..^1];
        var segments = path.Length == 0 ? [] : path.Split('/');

        int start;
        if (primaryKeyFirst) start = 0;
        else
        {
            var candidates = new List<int>();
            for (var i = segments.Length % 2; i < segments.Length - 1; i += 2)
                if (dictionary.Find(segments[i]) is { IsPrimaryKey: true }) candidates.Add(i);
            start = candidates.FirstOrDefault(c => OnlyQualifiersAfter(segments, c), candidates.Count > 0 ? candidates[0] : -1);
            // No key with a complete set of pairs after it: report against the first key AI there is.
            if (start < 0) start = Array.FindIndex(segments, s => dictionary.Find(s) is { IsPrimaryKey: true });
            if (start < 0)
                return Fail("The path has no GS1 Digital Link primary key (such as /01/{gtin}) followed by its value.", out error);
        }
        if (segments.Length - start < 1 || segments[start].Length == 0)
            return Fail("The path has no GS1 Digital Link primary key.", out error);
        for (var i = start; i < segments.Length; i++)
            if (segments[i].Length == 0) return Fail("The path has an empty segment ('//').", out error);

        var keyAi = segments[start];
        if (dictionary.Find(keyAi) is not { } key) return Fail($"Unknown AI ({keyAi}).", out error, keyAi);
        if (!key.IsPrimaryKey) return Fail($"AI ({keyAi}) {key.Title} is not a GS1 Digital Link primary key.", out error, keyAi);
        if ((segments.Length - start) % 2 != 0)
            return Fail($"AI ({segments[^1]}) has no value.", out error, segments[^1]);

        if (!TryDecode(segments[start + 1], keyAi, out var keyValue, out error)) return false;
        var shortGtin = false;
        if (keyAi == "01" && keyValue.Length is 8 or 12 or 13 && keyValue.All(char.IsAsciiDigit))
        {
            keyValue = keyValue.PadLeft(14, '0');
            shortGtin = true;
        }
        if (AiValidator.Validate(key, keyValue) is { } keyError)
            return Fail(keyAi == "01" && keyValue.Length != 14 ? "A GTIN has 8, 12, 13 or 14 digits." : keyError, out error, keyAi);

        var qualifiers = new List<AiValue>();
        for (var i = start + 2; i < segments.Length; i += 2)
        {
            var ai = segments[i];
            if (dictionary.Find(ai) is not { } definition) return Fail($"Unknown AI ({ai}).", out error, ai);
            if (!key.Qualifiers.Contains(ai))
                return Fail(key.QualifierPaths.Count == 0
                    ? $"AI ({ai}) is not allowed after ({keyAi}): {key.Title} takes no key qualifiers."
                    : $"AI ({ai}) is not a key qualifier of ({keyAi}); allowed: {AllowedSequences(key)}.", out error, ai);
            if (qualifiers.Any(x => x.Ai == ai)) return Fail($"AI ({ai}) appears more than once.", out error, ai);
            if (!TryDecode(segments[i + 1], ai, out var value, out error)) return false;
            if (AiValidator.Validate(definition, value) is { } valueError) return Fail(valueError, out error, ai);
            qualifiers.Add(new AiValue(ai, value));
            if (!key.QualifierPaths.Any(p => IsSubsequence(qualifiers.Select(x => x.Ai), p)))
                return Fail($"Key qualifiers of ({keyAi}) are out of order or mixed: the allowed sequences are {AllowedSequences(key)}.", out error, ai);
        }

        var attributes = new List<AiValue>();
        string? linkType = null, context = null;
        var others = new List<KeyValuePair<string, string>>();
        rawQuery ??= "";
        if (rawQuery.StartsWith('?')) rawQuery = rawQuery[1..];
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (!TryDecode(eq < 0 ? pair : pair[..eq], null, out var name, out error)) return false;
            if (!TryDecode(eq < 0 ? "" : pair[(eq + 1)..], null, out var value, out error)) return false;
            if (name.Length > 0 && name.All(char.IsAsciiDigit))
            {
                if (dictionary.Find(name) is not { } definition) return Fail($"Unknown AI ({name}) in the query string.", out error, name);
                if (!definition.IsDataAttribute)
                    return Fail($"AI ({name}) {definition.Title} is not allowed as a data attribute in the query string.", out error, name);
                if (name == keyAi || qualifiers.Any(x => x.Ai == name) || attributes.Any(x => x.Ai == name))
                    return Fail($"AI ({name}) appears more than once.", out error, name);
                if (AiValidator.Validate(definition, value) is { } valueError) return Fail(valueError, out error, name);
                attributes.Add(new AiValue(name, value));
            }
            else if (name == "linkType")
            {
                if (linkType is not null) return Fail("linkType appears more than once.", out error);
                if (value.Length == 0) return Fail("linkType is empty.", out error);
                linkType = value;
            }
            else if (name == "context")
            {
                if (context is not null) return Fail("context appears more than once.", out error);
                context = value;
            }
            else others.Add(new(name, value));
        }

        link = new DigitalLink(new AiValue(keyAi, keyValue), qualifiers, attributes, linkType, context, others, rawQuery, shortGtin);
        error = null!;
        return true;
    }

    static bool IsNotUriChar(char c) => c <= ' ' || c >= (char)0x7F;

    bool OnlyQualifiersAfter(string[] segments, int start)
    {
        var key = dictionary.Find(segments[start])!;
        for (var i = start + 2; i < segments.Length; i += 2)
            if (!key.Qualifiers.Contains(segments[i])) return false;
        return true;
    }

    static string AllowedSequences(AiDefinition key) =>
        string.Join(" or ", key.QualifierPaths.Select(p => string.Join(" → ", p)));

    /// <summary>Whether <paramref name="items"/> appear in <paramref name="sequence"/> in the same relative order.</summary>
    static bool IsSubsequence(IEnumerable<string> items, IReadOnlyList<string> sequence)
    {
        var j = 0;
        foreach (var item in items)
        {
            while (j < sequence.Count && sequence[j] != item) j++;
            if (j == sequence.Count) return false;
            j++;
        }
        return true;
    }

    static bool TryDecode(string raw, string? ai, out string value, out DigitalLinkError error)
    {
        value = "";
        for (var i = 0; i < raw.Length; i++)
            if (raw[i] == '%' && (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2])))
                return Fail($"Invalid percent-encoding in '{raw}'.", out error, ai);
        try
        {
            value = Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return Fail($"Invalid percent-encoding in '{raw}'.", out error, ai);
        }
        error = null!;
        return true;
    }

    static bool Fail(string message, out DigitalLinkError error, string? ai = null)
    {
        error = new DigitalLinkError(message, ai);
        return false;
    }
}
