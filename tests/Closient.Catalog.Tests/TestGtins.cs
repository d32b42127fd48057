namespace Closient.Catalog.Tests;

/// <summary>
/// Fresh random GTINs with a correct GS1 mod-10 check digit (computed here, independently of the
/// service), so every test owns its products.
/// </summary>
public static class TestGtins
{
    public static string New13() => WithCheckDigit(RandomDigits(12));

    /// <summary>A random GTIN of 8, 12, 13 or 14 digits.</summary>
    public static string New(int length) => WithCheckDigit(RandomDigits(length - 1));

    /// <summary>The GTIN-14 the service stores: left-padded with zeros.</summary>
    public static string To14(string gtin) => gtin.Replace(" ", "").Replace("-", "").PadLeft(14, '0');

    /// <summary>The same digits with the check digit off by one.</summary>
    public static string WithWrongCheckDigit(string gtin) => gtin[..^1] + (char)('0' + (gtin[^1] - '0' + 1) % 10);

    static string RandomDigits(int count)
    {
        // A non-zero first digit keeps GTINs of different lengths distinct after padding.
        var digits = new char[count];
        digits[0] = (char)('1' + Random.Shared.Next(9));
        for (var i = 1; i < count; i++) digits[i] = (char)('0' + Random.Shared.Next(10));
        return new string(digits);
    }

    static string WithCheckDigit(string data)
    {
        var sum = 0;
        for (int i = data.Length - 1, weight = 3; i >= 0; i--, weight = 4 - weight)
            sum += (data[i] - '0') * weight;
        return data + (char)('0' + (10 - sum % 10) % 10);
    }
}
