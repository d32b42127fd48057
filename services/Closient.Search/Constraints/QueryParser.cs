using System.Globalization;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Http;

namespace Closient.Search.Constraints;

/// <summary>What a query asks for: the text to match, a GTIN (for <c>gtin:</c> queries) and the constraints it states.</summary>
public sealed record ParsedQuery(string Text, string? Gtin, SearchConstraints Constraints);

/// <summary>
/// Extracts constraints from free text ("oat milk under $5 within 3 km in stock") and strips the
/// phrases it understood, so only the product words are matched. Grammar: README.md.
/// </summary>
public static partial class QueryParser
{
    public const double MaxDistanceKm = 50;
    const double KmPerMile = 1.609344;

    /// <summary>Parses <paramref name="query"/>; a malformed <c>gtin:</c> query adds an error for <paramref name="field"/>.</summary>
    public static ParsedQuery Parse(string query, Validation validation, string field)
    {
        var constraints = new SearchConstraints();
        var text = query;

        // Distance first, so "under 5 km" is a distance and not a price.
        text = Distance().Replace(text, m =>
        {
            var km = Number(m.Groups["n"].Value) * (m.Groups["unit"].Value.StartsWith('k') ? 1 : KmPerMile);
            if (km > 0) constraints = constraints with { DistanceKm = Math.Round(Math.Min(km, MaxDistanceKm), 2) };
            return " ";
        });
        text = PriceMax().Replace(text, m =>
        {
            constraints = constraints with { PriceMax = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) };
            return " ";
        });
        text = PriceMin().Replace(text, m =>
        {
            constraints = constraints with { PriceMin = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) };
            return " ";
        });
        text = Availability().Replace(text, _ =>
        {
            constraints = constraints with { Availability = SearchConstraints.InStock };
            return " ";
        });
        text = Scope().Replace(text, _ =>
        {
            constraints = constraints with { Scope = SearchConstraints.Local };
            return " ";
        });
        text = Tidy(text);

        var gtin = GtinQuery().Match(text);
        if (!gtin.Success) return new ParsedQuery(text, null, constraints);
        if (!Gtin.TryNormalize(gtin.Groups["gtin"].Value, out var gtin14, out var error))
            validation.Add(field, error);
        return new ParsedQuery(text, gtin14, constraints);
    }

    static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Collapses whitespace and drops connectors left dangling at either end ("milk and").</summary>
    static string Tidy(string text)
    {
        var words = Whitespace().Split(text.Trim()).Where(w => w.Length > 0).ToList();
        static bool Dangling(string w) => Connectors.Contains(w.Trim(',', ';', '.', '!', '?').ToLowerInvariant()) || w.Trim(',', ';', '.', '!', '?', '$').Length == 0;
        while (words.Count > 0 && Dangling(words[^1])) words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && Dangling(words[0])) words.RemoveAt(0);
        return string.Join(' ', words).Trim(',', ';', ' ');
    }

    static readonly HashSet<string> Connectors = ["and", "or", "but", "that", "which", "are", "is", "with", "for", "please", "also", "only", ""];

    const string Amount = @"\$?\s*(?<n>\d{1,9}(?:\.\d{1,2})?)(?!\d)(?:\s*(?:dollars?|usd|bucks))?";
    const string NotDistance = @"(?!\s*(?:km|kms|kilomet|mi\b|miles?\b))";

    [GeneratedRegex(@"\b(?:within|under|less\s+than|no\s+more\s+than|no\s+further\s+than)\s+(?<n>\d{1,6}(?:\.\d+)?)\s*-?\s*(?<unit>km|kms|kilometers?|kilometres?|mi|miles?)\b(?:\s+(?:radius|away|of\s+(?:me|here)))?", RegexOptions.IgnoreCase)]
    private static partial Regex Distance();

    [GeneratedRegex(@"\b(?:under|below|less\s+than|cheaper\s+than|at\s+most|no\s+more\s+than|max(?:imum)?)\s+" + Amount + NotDistance + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceMax();

    [GeneratedRegex(@"\b(?:over|above|more\s+than|at\s+least|min(?:imum)?)\s+" + Amount + NotDistance + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceMin();

    [GeneratedRegex(@"\b(?:in[\s-]stock|available\s+(?:now|today)|on\s+the\s+shelf)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Availability();

    [GeneratedRegex(@"\b(?:near\s+me|nearby|close\s+by|around\s+here|in[\s-]store)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Scope();

    [GeneratedRegex(@"^gtin\s*:\s*(?<gtin>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex GtinQuery();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
