using Closient.Catalog.Gs1;

namespace Closient.Catalog.Tests.Gs1;

/// <summary>
/// Valid sample values built from an AI's dictionary format, with check digits computed here
/// (independently of the service), so tests cover every AI the dictionary lists.
/// </summary>
public static class Gs1Samples
{
    public static SyntaxDictionary Dictionary => SyntaxDictionary.Instance;

    /// <summary>A valid value for <paramref name="definition"/>: each mandatory component filled in.</summary>
    public static string Valid(AiDefinition definition) =>
        string.Concat(definition.Components.Where(c => !c.Optional).Select(Component));

    /// <summary>A valid value except that the check digit of its <c>csum</c> component is off by one.</summary>
    public static string WithWrongCheckDigit(AiDefinition definition) =>
        string.Concat(definition.Components.Where(c => !c.Optional).Select(c =>
            c.Linters.Contains("csum") ? OffByOne(Component(c)) : Component(c)));

    static string OffByOne(string digits) => digits[..^1] + (char)('0' + (digits[^1] - '0' + 1) % 10);

    static string Component(AiComponent c)
    {
        var length = c.IsFixedLength ? c.MaxLength : Math.Min(c.MaxLength, 6);
        var linters = c.Linters;
        if (linters.Contains("csum")) return WithCheckDigit(Digits(length - 1));
        if (linters.Contains("csumalpha")) return "1987654Ad4X4bL5ttr2310c2K"; // GS1's published test vector
        if (linters.Contains("zero")) return new string('0', length);
        if (linters.Contains("nonzero") || linters.Contains("nozeroprefix")) return new string('1', length);
        if (linters.Contains("yymmd0") || linters.Contains("yymmdd")) return "251231";
        if (linters.Contains("yyyymmdd")) return "20251231";
        if (linters.Contains("hhmi")) return "1230";
        if (linters.Contains("hh")) return "12";
        if (linters.Contains("mi") || linters.Contains("ss")) return "30";
        if (linters.Contains("yesno") || linters.Contains("winding") || linters.Contains("iso5218")) return "1";
        if (linters.Contains("hyphen")) return "-";
        if (linters.Contains("iso3166alpha2")) return "DE";
        if (linters.Contains("iso3166") || linters.Contains("iso3166999") || linters.Contains("iso4217")) return "276";
        if (linters.Contains("pieceoftotal")) return length == 4 ? "0102" : "1" + new string('1', length - 1);
        if (linters.Contains("latitude") || linters.Contains("longitude")) return new string('0', length);
        if (linters.Contains("iban")) return "GB82WEST12345698765432";
        if (linters.Contains("hasnondigit")) return "AB12";
        if (linters.Contains("mediatype")) return "01";
        if (linters.Contains("posinseqslash")) return "1/2";
        if (linters.Contains("importeridx")) return "A";
        if (linters.Contains("packagetype")) return "BX";
        if (linters.Contains("couponcode") || linters.Contains("couponposoffer")) return "ABC";
        return c.Charset switch
        {
            AiCharset.N => Digits(length),
            AiCharset.Y => "ABC123"[..Math.Min(6, length)],
            AiCharset.Z => "AbC-_1"[..Math.Min(6, length)],
            _ => "Ab1-x/"[..Math.Min(6, length)],
        };
    }

    public static string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(i => (char)('1' + i % 9)));

    public static string WithCheckDigit(string data)
    {
        var sum = 0;
        for (int i = data.Length - 1, weight = 3; i >= 0; i--, weight = 4 - weight)
            sum += (data[i] - '0') * weight;
        return data + (char)('0' + (10 - sum % 10) % 10);
    }
}
