using System.Globalization;
using Closient.Catalog.Products;

namespace Closient.Catalog.Gs1;

/// <summary>
/// Validates an AI's value against its dictionary format: each component consumes its prefix of the
/// data (fixed-length components exactly, the final variable one the rest), its character set is
/// checked, then its linters run (check digits, dates, times, flags, country codes, …). Linters this
/// implementation does not know (<see cref="UncheckedLinters"/>) are accepted; the README lists them.
/// </summary>
public static class AiValidator
{
    /// <summary>CSET 82 in weight order (GS1 General Specifications Figure 7.11-1), as the check-pair algorithm needs.</summary>
    public const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    const string Cset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const string Cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";

    /// <summary>
    /// Linters named in the dictionary that need tables this service does not hold (GS1 Company Prefix
    /// lengths, ISO 4217 and ISO 3166 numeric lists, coupon and package-type code lists); values pass them.
    /// </summary>
    public static readonly IReadOnlySet<string> UncheckedLinters = new HashSet<string>(StringComparer.Ordinal)
    {
        "gcppos1", "gcppos2", "iso4217", "iso3166", "iso3166999", "couponcode", "couponposoffer", "packagetype",
        "importeridx", "mediatype", "posinseqslash",
    };

    /// <summary>Null if <paramref name="value"/> is valid for <paramref name="definition"/>, else why not.</summary>
    public static string? Validate(AiDefinition definition, string value)
    {
        if (value.Length == 0) return $"AI ({definition.Ai}) needs a value.";
        var position = 0;
        var components = definition.Components;
        for (var c = 0; c < components.Count; c++)
        {
            var component = components[c];
            var remaining = value.Length - position;
            if (remaining == 0)
            {
                if (component.Optional) break;
                return $"AI ({definition.Ai}) {definition.Title}: too short; the format is {definition.Format}.";
            }
            int take;
            if (component.IsFixedLength)
            {
                if (remaining < component.MaxLength)
                    return $"AI ({definition.Ai}) {definition.Title}: too short; the format is {definition.Format}.";
                take = component.MaxLength;
            }
            else take = Math.Min(remaining, component.MaxLength);

            var part = value.Substring(position, take);
            position += take;
            if (CharsetError(component.Charset, part) is { } bad)
                return $"AI ({definition.Ai}) {definition.Title}: {bad}";
            foreach (var linter in component.Linters)
                if (Lint(linter, part) is { } error)
                    return $"AI ({definition.Ai}) {definition.Title}: {error}";
        }
        return position < value.Length
            ? $"AI ({definition.Ai}) {definition.Title}: too long; the format is {definition.Format}."
            : null;
    }

    static string? CharsetError(AiCharset charset, string part)
    {
        var (allowed, name) = charset switch
        {
            AiCharset.N => ("0123456789", "digits"),
            AiCharset.X => (Cset82, "GS1 AI encodable character set 82"),
            AiCharset.Y => (Cset39, "GS1 AI encodable character set 39"),
            _ => (Base64Url, "base64url characters"),
        };
        foreach (var ch in part)
            if (!allowed.Contains(ch))
                return $"'{ch}' is not allowed; only {name}.";
        return null;
    }

    static string? Lint(string linter, string data) => linter switch
    {
        "csum" => Gs1Mod10(data) ? null : "the check digit is wrong.",
        "csumalpha" => CheckCharacterPair(data) ? null : "the check character pair is wrong.",
        "yymmd0" => YyMmDd(data, allowDayZero: true) ? null : $"'{data}' is not a valid YYMMDD date (day 00 means the end of the month).",
        "yymmdd" => YyMmDd(data, allowDayZero: false) ? null : $"'{data}' is not a valid YYMMDD date.",
        "yyyymmdd" => DateTime.TryParseExact(data, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null : $"'{data}' is not a valid YYYYMMDD date.",
        "hhmi" => data.Length == 4 && Between(data[..2], 0, 23) && Between(data[2..], 0, 59) ? null : $"'{data}' is not a valid HHMM time.",
        "hh" => Between(data, 0, 23) ? null : $"'{data}' is not a valid hour.",
        "mi" or "ss" => Between(data, 0, 59) ? null : $"'{data}' is not a valid minute or second.",
        "zero" => data.All(c => c == '0') ? null : "must be zero.",
        "nonzero" => data.Any(c => c != '0') ? null : "must not be zero.",
        "nozeroprefix" => data.Length == 1 || data[0] != '0' ? null : "must not start with a zero.",
        "yesno" => data is "0" or "1" ? null : "must be 0 or 1.",
        "winding" => data is "0" or "1" or "9" ? null : "must be 0, 1 or 9.",
        "iso5218" => data is "0" or "1" or "2" or "9" ? null : "must be an ISO/IEC 5218 code (0, 1, 2 or 9).",
        "hyphen" => data.All(c => c == '-') ? null : "must be a hyphen.",
        "hasnondigit" => data.Any(c => !char.IsAsciiDigit(c)) ? null : "must contain a non-digit.",
        "iso3166alpha2" => CountryCodes.IsAssigned(data) ? null : $"'{data}' is not an ISO 3166-1 alpha-2 country code.",
        "pieceoftotal" => PieceOfTotal(data) ? null : "the piece number must be between 1 and the total.",
        "latitude" => long.TryParse(data, out var lat) && lat <= 1_800_000_000 ? null : "not a valid latitude.",
        "longitude" => long.TryParse(data, out var lon) && lon <= 3_600_000_000 ? null : "not a valid longitude.",
        "pcenc" => PercentEncoding(data) ? null : "contains an invalid percent-encoding.",
        "iban" => Iban(data) ? null : "not a valid IBAN.",
        _ => null, // UncheckedLinters, and any linter a newer dictionary adds
    };

    /// <summary>GS1 mod-10 over all digits, the last being the check digit.</summary>
    public static bool Gs1Mod10(string digits) =>
        digits.Length >= 2 && digits.All(char.IsAsciiDigit) && CheckDigit(digits.AsSpan(0, digits.Length - 1)) == digits[^1] - '0';

    /// <summary>GS1 mod-10: weights 3,1,3,… from the rightmost data digit.</summary>
    public static int CheckDigit(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (int i = data.Length - 1, w = 3; i >= 0; i--, w = 4 - w)
            sum += (data[i] - '0') * w;
        return (10 - sum % 10) % 10;
    }

    /// <summary>
    /// The GS1 check character pair (General Specifications 7.9.5, used by GMN and MUDI): data characters'
    /// CSET 82 values weighted by successive primes from the right, summed modulo 1021, the 10-bit result
    /// split into two CSET 32 characters.
    /// </summary>
    public static bool CheckCharacterPair(string data)
    {
        if (data.Length < 2) return false;
        var pair = CheckPairFor(data[..^2]);
        return pair is not null && data[^2] == pair[0] && data[^1] == pair[1];
    }

    /// <summary>The two check characters for <paramref name="data"/>, or null if it is not CSET 82 or too long.</summary>
    public static string? CheckPairFor(string data)
    {
        var primes = Primes(data.Length);
        if (primes is null) return null;
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var value = Cset82.IndexOf(data[i]);
            if (value < 0) return null;
            sum += value * primes[data.Length - 1 - i];
        }
        sum %= 1021;
        return new string([Cset32[sum >> 5], Cset32[sum & 31]]);
    }

    static int[]? Primes(int count)
    {
        if (count > 97) return null;
        var primes = new List<int>(count);
        for (var n = 2; primes.Count < count; n++)
            if (primes.All(p => n % p != 0)) primes.Add(n);
        return primes.ToArray();
    }

    static bool YyMmDd(string data, bool allowDayZero)
    {
        if (data.Length != 6 || !data.All(char.IsAsciiDigit)) return false;
        var year = 2000 + int.Parse(data[..2]); // the century does not change which days exist (2000 is a leap year)
        var month = int.Parse(data[2..4]);
        var day = int.Parse(data[4..]);
        if (month is < 1 or > 12) return false;
        if (day == 0) return allowDayZero;
        return day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>
    /// The calendar date a YYMMDD value stands for: the century by the GS1 sliding window (General
    /// Specifications 7.12: up to 49 years ahead and 50 back from <paramref name="today"/>); day 00 is the
    /// month's last day. Null when not a valid date.
    /// </summary>
    public static DateOnly? ToDate(string yymmdd, DateOnly today)
    {
        if (!YyMmDd(yymmdd, allowDayZero: true)) return null;
        var yy = int.Parse(yymmdd[..2]);
        var difference = yy - today.Year % 100;
        var year = today.Year - today.Year % 100 + yy + (difference >= 51 ? -100 : difference <= -50 ? 100 : 0);
        var month = int.Parse(yymmdd[2..4]);
        var day = int.Parse(yymmdd[4..]);
        if (day == 0) day = DateTime.DaysInMonth(year, month);
        return day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    static bool Between(string digits, int min, int max) =>
        digits.Length > 0 && digits.All(char.IsAsciiDigit) && int.Parse(digits) is var n && n >= min && n <= max;

    static bool PieceOfTotal(string data)
    {
        if (data.Length % 2 != 0 || !data.All(char.IsAsciiDigit)) return false;
        var piece = int.Parse(data[..(data.Length / 2)]);
        var total = int.Parse(data[(data.Length / 2)..]);
        return piece >= 1 && total >= 1 && piece <= total;
    }

    static bool PercentEncoding(string data)
    {
        for (var i = 0; i < data.Length; i++)
            if (data[i] == '%' && (i + 2 >= data.Length || !Uri.IsHexDigit(data[i + 1]) || !Uri.IsHexDigit(data[i + 2])))
                return false;
        return true;
    }

    static bool Iban(string data)
    {
        if (data.Length < 5 || !char.IsAsciiLetterUpper(data[0]) || !char.IsAsciiLetterUpper(data[1])
            || !char.IsAsciiDigit(data[2]) || !char.IsAsciiDigit(data[3])) return false;
        var rearranged = data[4..] + data[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            int value;
            if (char.IsAsciiDigit(c)) value = c - '0';
            else if (char.IsAsciiLetterUpper(c)) value = c - 'A' + 10;
            else return false;
            remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
