namespace Closient.ServiceDefaults.Http;

/// <summary>
/// GTIN-8/12/13/14 validation and normalization to GTIN-14 (spec/conventions.md §9): separators
/// (spaces, hyphens) are stripped, the GS1 mod-10 check digit is verified, and the result is
/// left-padded with zeros to 14 digits.
/// </summary>
public static class Gtin
{
    public static bool TryNormalize(string? input, out string gtin14, out string error)
    {
        gtin14 = "";
        if (string.IsNullOrWhiteSpace(input)) { error = "A GTIN is required."; return false; }
        if (input.Length > 20) { error = "A GTIN has 8, 12, 13 or 14 digits."; return false; }

        Span<char> digits = stackalloc char[20];
        var n = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-') continue;
            if (c is < '0' or > '9') { error = "A GTIN contains only digits (spaces and hyphens are ignored)."; return false; }
            digits[n++] = c;
        }
        if (n is not (8 or 12 or 13 or 14)) { error = "A GTIN has 8, 12, 13 or 14 digits."; return false; }

        var padded = new string('0', 14 - n) + new string(digits[..n]);
        if (CheckDigit(padded.AsSpan(0, 13)) != padded[13] - '0')
        {
            error = "The GTIN's check digit is wrong.";
            return false;
        }
        gtin14 = padded;
        error = "";
        return true;
    }

    /// <summary>GS1 mod-10: weights 3,1,3,… from the rightmost data digit.</summary>
    public static int CheckDigit(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (int i = data.Length - 1, w = 3; i >= 0; i--, w = 4 - w)
            sum += (data[i] - '0') * w;
        return (10 - sum % 10) % 10;
    }
}
