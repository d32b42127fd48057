namespace Closient.Catalog.Gs1;

/// <summary>An Application Identifier with its (percent-decoded) value.</summary>
public sealed record AiValue(string Ai, string Value);

/// <summary>
/// A parsed, syntactically valid GS1 Digital Link URI: one primary key, its key qualifiers in an allowed
/// order, data attributes from the query string, the <c>linkType</c> and <c>context</c> parameters and
/// any other query parameters. Values are decoded; <see cref="CanonicalPath"/> re-encodes them.
/// </summary>
public sealed record DigitalLink(
    AiValue PrimaryKey,
    IReadOnlyList<AiValue> Qualifiers,
    IReadOnlyList<AiValue> DataAttributes,
    string? LinkType,
    string? Context,
    IReadOnlyList<KeyValuePair<string, string>> OtherParameters,
    string QueryString,
    bool ShortGtin)
{
    /// <summary>The value of <paramref name="ai"/> among the key, qualifiers and data attributes, or null.</summary>
    public string? Get(string ai) =>
        PrimaryKey.Ai == ai ? PrimaryKey.Value
        : Qualifiers.FirstOrDefault(q => q.Ai == ai)?.Value ?? DataAttributes.FirstOrDefault(q => q.Ai == ai)?.Value;

    /// <summary>
    /// The level at which qualifier <paramref name="ai"/> appears: 1 for the first qualifier, 2 for the
    /// second…; 0 for the primary key; -1 when the URI does not have it. Links for that level use it as depth.
    /// </summary>
    public int LevelOf(string ai)
    {
        if (PrimaryKey.Ai == ai) return 0;
        for (var i = 0; i < Qualifiers.Count; i++)
            if (Qualifiers[i].Ai == ai) return i + 1;
        return -1;
    }

    /// <summary><c>/01/09506000134352/10/AB%2F1</c>: the path with the key as stored (GTIN-14) and values percent-encoded.</summary>
    public string CanonicalPath => LevelPath(Qualifiers.Count);

    /// <summary>The path of the item identified by the key and its first <paramref name="depth"/> qualifiers.</summary>
    public string LevelPath(int depth) =>
        DigitalLinkBuilder.Path(PrimaryKey, Qualifiers.Take(depth));
}

/// <summary>Why a URI is not a valid GS1 Digital Link; <see cref="Ai"/> names the offending AI when there is one.</summary>
public sealed record DigitalLinkError(string Message, string? Ai = null);
