using System.Collections.Frozen;
using System.Text.Json;

namespace Closient.Catalog.Gs1;

/// <summary>One ratified GS1 link type, e.g. <c>pip</c> → <c>https://gs1.org/voc/pip</c>.</summary>
public sealed record LinkType(string Term, string Title, string Description)
{
    public string Uri => LinkTypes.Namespace + Term;

    public string Curie => LinkTypes.Prefix + Term;
}

/// <summary>
/// The GS1 Web Vocabulary link types (Gs1/Data/currentLinkTypes.json, embedded), parsed once. A link type
/// is written as a CURIE (<c>gs1:pip</c>) or as its full URI (<c>https://gs1.org/voc/pip</c>); both name
/// the same type.
/// </summary>
public sealed class LinkTypes
{
    public const string Namespace = "https://gs1.org/voc/", Prefix = "gs1:";

    public static LinkTypes Instance { get; } = Load();

    readonly FrozenDictionary<string, LinkType> _byTerm;

    public LinkTypes(IEnumerable<LinkType> types) => _byTerm = types.ToFrozenDictionary(t => t.Term, StringComparer.Ordinal);

    public IReadOnlyCollection<LinkType> All => _byTerm.Values;

    public LinkType this[string term] => _byTerm[term];

    public static LinkTypes Load()
    {
        using var stream = typeof(LinkTypes).Assembly.GetManifestResourceStream("Gs1.Data.currentLinkTypes.json")
            ?? throw new InvalidOperationException("The embedded GS1 link types are missing.");
        using var document = JsonDocument.Parse(stream);
        return new LinkTypes(document.RootElement.EnumerateObject().Select(p => new LinkType(
            p.Name,
            p.Value.TryGetProperty("title", out var title) ? title.GetString() ?? p.Name : p.Name,
            p.Value.TryGetProperty("description", out var description) ? description.GetString() ?? "" : "")));
    }

    /// <summary>
    /// Whether <paramref name="value"/> names a GS1 link type (<c>gs1:term</c>, <c>https://gs1.org/voc/term</c>,
    /// or the <c>http:</c> form) and which. False both for other namespaces and for unknown GS1 terms; use
    /// <see cref="IsGs1Namespace"/> to tell those apart.
    /// </summary>
    public bool TryFind(string? value, out LinkType linkType)
    {
        linkType = null!;
        var term = TermOf(value);
        return term is not null && _byTerm.TryGetValue(term, out linkType!);
    }

    public static bool IsGs1Namespace(string? value) => TermOf(value) is not null;

    static string? TermOf(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        foreach (var prefix in (string[])[Prefix, Namespace, "http://gs1.org/voc/"])
            if (value.StartsWith(prefix, StringComparison.Ordinal))
                return value[prefix.Length..];
        return null;
    }
}
