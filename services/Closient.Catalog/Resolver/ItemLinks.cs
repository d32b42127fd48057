using System.Text.Json.Nodes;
using Closient.Catalog.Gs1;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Every link of one resolution request, at every level from the primary key down to the request's
/// own qualifiers: the built-in links of the product (hosted page as <c>gs1:pip</c> and default,
/// <c>canonical</c>, <c>describedby</c>, brand site and instructions when known, and the hosted page's sections for
/// the product's content: <c>gs1:nutritionalInfo</c>, <c>gs1:ingredientsInfo</c>, <c>gs1:allergenInfo</c>,
/// <c>gs1:recallStatus</c> while a recall is open; see <see cref="ResolvedProduct.Content"/>) merged with what the
/// <see cref="IResolutionLinkSource"/> adds.
/// </summary>
public sealed class ItemLinks
{
    public static readonly string DefaultLink = LinkTypes.Namespace + "defaultLink";
    static readonly string DefaultLinkMulti = LinkTypes.Namespace + "defaultLinkMulti";

    readonly List<ResolverLink> _links;

    /// <param name="certificationInfoUrl">Where the product's active certifications are shown (→ <c>gs1:certificationInfo</c>);
    /// null when it has none.</param>
    public ItemLinks(string root, DigitalLink link, ResolvedProduct product, string hostedPageUrl, ResolutionLinks extra,
        ProductData.ProductDataFlagSet? content = null, string? certificationInfoUrl = null)
    {
        (Root, Link, Product) = (root, link, product);
        var canonical = root + link.LevelPath(0);
        var types = LinkTypes.Instance;
        var hosted = new ResolverLink(types["pip"].Uri, hostedPageUrl, $"{product.Description}: {types["pip"].Title}",
            Type: "text/html", IsHostedPage: true);
        var builtIn = new List<ResolverLink>
        {
            hosted,
            hosted with { LinkType = DefaultLink },
            new("canonical", canonical, $"{product.Description}: GS1 Digital Link URI"),
            new("describedby", canonical, $"{product.Description}: product data (JSON-LD)", Type: Negotiation.JsonLdMediaType),
        };
        if (product.BrandWebsite is { } website)
            builtIn.Add(new(types["brandHomepageClinical"].Uri, website, types["brandHomepageClinical"].Title));
        if (certificationInfoUrl is not null)
            builtIn.Add(new(types["certificationInfo"].Uri, certificationInfoUrl, $"{product.Description}: {types["certificationInfo"].Title}",
                Type: "text/html"));
        if (product.UsageInstructionsUrl is { } instructions)
            builtIn.Add(new(types["instructions"].Uri, instructions, types["instructions"].Title));
        if (content is not null)
        {
            void Section(bool present, string term, string anchor)
            {
                if (present) builtIn.Add(new(types[term].Uri, hostedPageUrl + "#" + anchor, $"{product.Description}: {types[term].Title}", Type: "text/html"));
            }
            Section(content.HasNutrition, "nutritionalInfo", HostedPage.NutritionAnchor);
            Section(content.HasIngredients, "ingredientsInfo", HostedPage.IngredientsAnchor);
            Section(content.HasAllergens, "allergenInfo", HostedPage.AllergensAnchor);
            Section(content.HasActiveRecall, "recallStatus", HostedPage.RecallsAnchor);
        }

        // A source's links replace built-in ones of the same type at the primary-key level; a source's
        // default replaces the hosted page as the default.
        // Links from a source are checked like any outside input: an absolute http(s) target without
        // whitespace or control characters, a level the request has, and a title (the link type's if blank).
        var sourced = extra.Links.Where(l => l.Depth >= 0 && l.Depth <= link.Qualifiers.Count && IsUsableHref(l.Href)).Select(WithTitle).ToList();
        var sourceDefault = extra.Default is { } d && IsUsableHref(d.Href)
            ? WithTitle(d) with { LinkType = DefaultLink, Depth = Math.Clamp(d.Depth, 0, link.Qualifiers.Count) }
            : null;
        var overridden = sourced.Where(l => l.Depth == 0).Select(l => l.LinkType).ToHashSet();
        if (sourceDefault is not null) overridden.Add(DefaultLink);
        _links = builtIn.Where(l => !overridden.Contains(l.LinkType))
            .Concat(sourced)
            .Concat(sourceDefault is null ? [] : [sourceDefault])
            .ToList();
    }

    static bool IsUsableHref(string? href) =>
        href is { Length: > 0 and <= 4096 } && !href.Any(c => c <= ' ' || c >= 0x7F)
        && Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    static ResolverLink WithTitle(ResolverLink link) =>
        !string.IsNullOrWhiteSpace(link.Title) ? link
        : link with { Title = LinkTypes.Instance.TryFind(link.LinkType, out var type) ? type.Title : link.LinkType };

    public string Root { get; }
    public DigitalLink Link { get; }
    public ResolvedProduct Product { get; }

    public IReadOnlyList<ResolverLink> All => _links;

    /// <summary>The anchor of a level: the canonical URI of the key and its first <paramref name="depth"/> qualifiers.</summary>
    public string Anchor(int depth) => Root + Link.LevelPath(depth);

    /// <summary>
    /// The links of <paramref name="linkType"/> (a full URI or relation name) at the most specific level
    /// that has any: a lot or serial without links of their own walk up to the less specific identifier.
    /// <c>gs1:defaultLinkMulti</c> means the default link.
    /// </summary>
    public IReadOnlyList<ResolverLink> OfType(string linkType)
    {
        if (linkType == DefaultLinkMulti) linkType = DefaultLink;
        for (var depth = Link.Qualifiers.Count; depth >= 0; depth--)
        {
            var found = _links.Where(l => l.LinkType == linkType && l.Depth == depth).ToList();
            if (found.Count > 0) return found;
        }
        return [];
    }

    /// <summary>
    /// Narrows candidates by what the request says: the <c>context</c> parameter, then Accept-Language
    /// (exact tag, then primary subtag), then concrete Accept media types. A criterion that matches none
    /// of the candidates is ignored.
    /// </summary>
    public static IReadOnlyList<ResolverLink> Narrow(IReadOnlyList<ResolverLink> candidates, string? context, Negotiation negotiation)
    {
        var result = candidates;
        if (context is not null)
            result = Prefer(result, l => l.Context?.Any(c => c.Equals(context, StringComparison.OrdinalIgnoreCase)) == true);
        foreach (var language in negotiation.Languages)
        {
            var primary = language.Split('-')[0];
            var exact = result.Where(l => l.HrefLang?.Any(h => h.Equals(language, StringComparison.OrdinalIgnoreCase)) == true).ToList();
            var matches = exact.Count > 0 ? exact
                : result.Where(l => l.HrefLang?.Any(h => h.Split('-')[0].Equals(primary, StringComparison.OrdinalIgnoreCase)) == true).ToList();
            if (matches.Count > 0) { result = matches; break; }
        }
        foreach (var type in negotiation.ConcreteTypes)
        {
            var matches = result.Where(l => l.Type?.Equals(type, StringComparison.OrdinalIgnoreCase) == true).ToList();
            if (matches.Count > 0) { result = matches; break; }
        }
        // Links that lead to the same place are not a choice.
        return result.DistinctBy(l => l.Href).ToList();
    }

    static IReadOnlyList<ResolverLink> Prefer(IReadOnlyList<ResolverLink> links, Func<ResolverLink, bool> criterion)
    {
        var matches = links.Where(criterion).ToList();
        return matches.Count > 0 ? matches : links;
    }

    /// <summary>
    /// The RFC 9264 linkset (GS1 linkset schema): one context object per level from the primary key to
    /// the request URI, each with its anchor, <c>itemDescription</c> and links grouped by relation.
    /// <paramref name="only"/> restricts the links (a 300 answer lists just the choices).
    /// </summary>
    public JsonObject ToLinkset(IEnumerable<ResolverLink>? only = null)
    {
        var links = (only ?? _links).ToList();
        var contexts = new JsonArray();
        for (var depth = 0; depth <= Link.Qualifiers.Count; depth++)
        {
            var level = links.Where(l => l.Depth == depth).ToList();
            if (level.Count == 0 && depth > 0) continue;
            var context = new JsonObject
            {
                ["anchor"] = Anchor(depth),
                ["itemDescription"] = Product.Description,
            };
            foreach (var group in level.GroupBy(l => l.LinkType))
                context[group.Key] = new JsonArray(group.Select(ToJson).ToArray<JsonNode?>());
            contexts.Add(context);
        }
        return new JsonObject { ["linkset"] = contexts };
    }

    static bool IsSchemaLanguage(string tag) =>
        tag.Length is 2 or 5 && char.IsAsciiLetter(tag[0]) && char.IsAsciiLetter(tag[1])
        && (tag.Length == 2 || tag[2] == '-' && char.IsAsciiLetterOrDigit(tag[3]) && char.IsAsciiLetterOrDigit(tag[4]));

    static JsonObject ToJson(ResolverLink link)
    {
        var json = new JsonObject { ["href"] = link.Href, ["title"] = link.Title };
        if (link.Type is not null) json["type"] = link.Type;
        // The GS1 linkset schema allows "xx" and "xx-yy" language tags only; others are left out.
        if (link.HrefLang?.Where(IsSchemaLanguage).ToList() is { Count: > 0 } languages)
            json["hreflang"] = new JsonArray(languages.Select(l => (JsonNode?)l).ToArray());
        if (link.Context is { Count: > 0 } contexts) json["context"] = new JsonArray(contexts.Select(c => (JsonNode?)c).ToArray());
        return json;
    }
}
