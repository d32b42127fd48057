using System.Text;

namespace Closient.Catalog.Gs1;

/// <summary>
/// Composes canonical GS1 Digital Link URIs: one primary key, its qualifiers sorted into the key's
/// allowed sequence, data attributes in the query string sorted by AI, then <c>linkType</c>. Every value
/// is percent-encoded outside the RFC 3986 unreserved set (<c>A–Z a–z 0–9 - . _ ~</c>).
/// </summary>
public sealed class DigitalLinkBuilder(SyntaxDictionary dictionary)
{
    public static DigitalLinkBuilder Instance { get; } = new(SyntaxDictionary.Instance);

    /// <summary>The path for a key and qualifiers that are already valid and ordered.</summary>
    public static string Path(AiValue primaryKey, IEnumerable<AiValue> qualifiers)
    {
        var path = new StringBuilder();
        foreach (var part in qualifiers.Prepend(primaryKey))
            path.Append('/').Append(part.Ai).Append('/').Append(Uri.EscapeDataString(part.Value));
        return path.ToString();
    }

    /// <summary>
    /// Validates and composes. <paramref name="root"/> is <c>scheme://host[:port][/prefix]</c> without a
    /// trailing slash. Errors name the AI (or <c>linkType</c>) they concern.
    /// </summary>
    public bool TryBuild(string root, AiValue primaryKey, IReadOnlyList<AiValue> qualifiers, IReadOnlyList<AiValue> attributes,
        string? linkType, out string uri, out List<DigitalLinkError> errors)
    {
        uri = "";
        errors = [];
        var key = dictionary.Find(primaryKey.Ai);
        if (key is not { IsPrimaryKey: true })
        {
            errors.Add(new($"AI ({primaryKey.Ai}) is not a GS1 Digital Link primary key.", primaryKey.Ai));
            return false;
        }
        var keyValue = primaryKey.Value;
        if (key.Ai == "01" && keyValue.Length is 8 or 12 or 13 && keyValue.All(char.IsAsciiDigit)) keyValue = keyValue.PadLeft(14, '0');
        if (AiValidator.Validate(key, keyValue) is { } keyError) errors.Add(new(keyError, key.Ai));

        var seen = new HashSet<string> { key.Ai };
        foreach (var q in qualifiers)
        {
            if (!seen.Add(q.Ai)) errors.Add(new($"AI ({q.Ai}) appears more than once.", q.Ai));
            else if (!key.Qualifiers.Contains(q.Ai)) errors.Add(new($"AI ({q.Ai}) is not a key qualifier of ({key.Ai}).", q.Ai));
            else if (AiValidator.Validate(dictionary.Find(q.Ai)!, q.Value) is { } e) errors.Add(new(e, q.Ai));
        }
        var path = key.QualifierPaths.FirstOrDefault(p => qualifiers.All(q => p.Contains(q.Ai)));
        if (qualifiers.Count > 0 && path is null && errors.Count == 0)
            errors.Add(new($"These key qualifiers of ({key.Ai}) cannot be combined.", qualifiers[0].Ai));

        foreach (var a in attributes)
        {
            if (!seen.Add(a.Ai)) errors.Add(new($"AI ({a.Ai}) appears more than once.", a.Ai));
            else if (dictionary.Find(a.Ai) is not { IsDataAttribute: true } definition)
                errors.Add(new($"AI ({a.Ai}) is not allowed as a GS1 Digital Link data attribute.", a.Ai));
            else if (AiValidator.Validate(definition, a.Value) is { } e) errors.Add(new(e, a.Ai));
        }

        string? linkTypeValue = null;
        if (linkType is not null)
        {
            if (linkType is "linkset" or "all") linkTypeValue = "linkset";
            else if (LinkTypes.Instance.TryFind(linkType, out var type)) linkTypeValue = type.Curie;
            else errors.Add(new("Not a GS1 link type (such as gs1:pip or https://gs1.org/voc/pip) or linkset.", "linkType"));
        }
        if (errors.Count > 0) return false;

        var ordered = path is null ? [] : qualifiers.OrderBy(q => IndexOf(path, q.Ai)).ToList();
        var query = attributes.OrderBy(a => a.Ai, StringComparer.Ordinal)
            .Select(a => a.Ai + "=" + Uri.EscapeDataString(a.Value))
            .Concat(linkTypeValue is null ? [] : ["linkType=" + Uri.EscapeDataString(linkTypeValue)])
            .ToList();
        uri = root + Path(new AiValue(key.Ai, keyValue), ordered) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return true;
    }

    static int IndexOf(IReadOnlyList<string> path, string ai)
    {
        for (var i = 0; i < path.Count; i++)
            if (path[i] == ai) return i;
        return int.MaxValue;
    }
}
