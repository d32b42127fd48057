using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Closient.Catalog.Resolver;

/// <summary>What the resolver answers a request with.</summary>
public enum Representation { Redirect, ProductJson, Linkset, JsonLd }

/// <summary>
/// Accept and Accept-Language as the resolver reads them. An Accept header that does not parse counts
/// as <c>*/*</c> (a redirect), and types the resolver does not serve are no reason for a 406: anything
/// that is not explicitly linkset, JSON or JSON-LD is answered with a redirect.
/// </summary>
public sealed class Negotiation
{
    public const string LinksetMediaType = "application/linkset+json", JsonMediaType = "application/json", JsonLdMediaType = "application/ld+json";

    readonly List<(string MediaType, double Quality, int Position)> _accept = [];

    public Negotiation(StringValues accept, StringValues acceptLanguage)
    {
        if (!StringValues.IsNullOrEmpty(accept) && MediaTypeHeaderValue.TryParseList(accept, out var types))
            for (var i = 0; i < types.Count; i++)
                if (types[i].MediaType.HasValue)
                    _accept.Add((types[i].MediaType.Value!.ToLowerInvariant(), types[i].Quality ?? 1.0, i));
        if (!StringValues.IsNullOrEmpty(acceptLanguage) && StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var languages))
            Languages = languages.Where(l => l.Value.HasValue && l.Value.Value != "*" && (l.Quality ?? 1) > 0)
                .Select((l, i) => (Tag: l.Value.Value!.ToLowerInvariant(), Q: l.Quality ?? 1, i))
                .OrderByDescending(l => l.Q).ThenBy(l => l.i).Select(l => l.Tag).ToList();
    }

    /// <summary>Accept-Language tags with q &gt; 0, most preferred first, lower-cased.</summary>
    public IReadOnlyList<string> Languages { get; } = [];

    /// <summary>Concrete media types the client accepts (no wildcards), most preferred first.</summary>
    public IEnumerable<string> ConcreteTypes =>
        _accept.Where(a => a.Quality > 0 && !a.MediaType.Contains('*')).OrderByDescending(a => a.Quality).ThenBy(a => a.Position).Select(a => a.MediaType);

    /// <summary>
    /// Linkset or JSON only when named explicitly and preferred at least as much as HTML (text/html,
    /// application/xhtml+xml, text/* or */*); on equal quality a specific type beats a wildcard, then the
    /// earlier one wins. No Accept, an unparsable one, or only other types: a redirect.
    /// </summary>
    public Representation Choose()
    {
        var candidates = new List<(Representation What, double Q, int Specific, int Position)>();
        foreach (var (type, q, position) in _accept)
        {
            if (q <= 0) continue;
            switch (type)
            {
                case LinksetMediaType: candidates.Add((Representation.Linkset, q, 1, position)); break;
                case JsonMediaType: candidates.Add((Representation.ProductJson, q, 1, position)); break;
                case JsonLdMediaType: candidates.Add((Representation.JsonLd, q, 1, position)); break;
                case "text/html" or "application/xhtml+xml": candidates.Add((Representation.Redirect, q, 1, position)); break;
                case "text/*" or "*/*": candidates.Add((Representation.Redirect, q, 0, position)); break;
            }
        }
        return candidates.Count == 0
            ? Representation.Redirect
            : candidates.OrderByDescending(c => c.Q).ThenByDescending(c => c.Specific).ThenBy(c => c.Position).First().What;
    }
}
