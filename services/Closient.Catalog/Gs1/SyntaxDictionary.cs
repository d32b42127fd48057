using System.Collections.Frozen;

namespace Closient.Catalog.Gs1;

/// <summary>Character set of one component: N digits, X CSET 82, Y CSET 39, Z base64url.</summary>
public enum AiCharset { N, X, Y, Z }

/// <summary>One component of an AI's format, e.g. <c>N14,csum</c> or <c>[X..17]</c>.</summary>
public sealed record AiComponent(AiCharset Charset, int MinLength, int MaxLength, bool Optional, IReadOnlyList<string> Linters)
{
    public bool IsFixedLength => MinLength == MaxLength;

    public override string ToString() =>
        (Optional ? "[" : "") + Charset + (IsFixedLength ? $"{MaxLength}" : $"..{MaxLength}") + (Optional ? "]" : "")
        + string.Concat(Linters.Select(l => "," + l));
}

/// <summary>
/// One Application Identifier as the GS1 Barcode Syntax Dictionary describes it: format components,
/// whether it is a Digital Link primary key (and its ordered qualifier sequences), and whether it may
/// appear as a Digital Link data attribute (query string).
/// </summary>
public sealed record AiDefinition(
    string Ai,
    string Title,
    IReadOnlyList<AiComponent> Components,
    bool PredefinedLength,
    bool IsDataAttribute,
    bool IsPrimaryKey,
    IReadOnlyList<IReadOnlyList<string>> QualifierPaths)
{
    public int MaxLength => Components.Sum(c => c.MaxLength);

    public string Format => string.Join(' ', Components);

    /// <summary>Every AI that may qualify this primary key, in any of its sequences.</summary>
    public IEnumerable<string> Qualifiers => QualifierPaths.SelectMany(p => p).Distinct();
}

/// <summary>
/// The GS1 Barcode Syntax Dictionary (Gs1/Data/gs1-syntax-dictionary.txt, embedded), parsed once.
/// Syntax of an entry: <c>AIs [Flags] Specification [Attributes...] [# Title]</c>; see the file's header.
/// </summary>
public sealed class SyntaxDictionary
{
    public static SyntaxDictionary Instance { get; } = Load();

    readonly FrozenDictionary<string, AiDefinition> _byAi;

    public SyntaxDictionary(IEnumerable<AiDefinition> definitions)
    {
        _byAi = definitions.ToFrozenDictionary(d => d.Ai, StringComparer.Ordinal);
        PrimaryKeys = _byAi.Values.Where(d => d.IsPrimaryKey).OrderBy(d => d.Ai, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyCollection<AiDefinition> All => _byAi.Values;

    /// <summary>The Digital Link primary keys (<c>dlpkey</c>), ordered by AI.</summary>
    public IReadOnlyList<AiDefinition> PrimaryKeys { get; }

    public AiDefinition? Find(string ai) => _byAi.GetValueOrDefault(ai);

    public static SyntaxDictionary Load()
    {
        using var stream = typeof(SyntaxDictionary).Assembly.GetManifestResourceStream("Gs1.Data.gs1-syntax-dictionary.txt")
            ?? throw new InvalidOperationException("The embedded GS1 syntax dictionary is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static SyntaxDictionary Parse(string text)
    {
        var definitions = new List<AiDefinition>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#' || string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                definitions.AddRange(ParseEntry(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"GS1 syntax dictionary line {lineNumber}: {e.Message}", e);
            }
        }
        return new SyntaxDictionary(definitions);
    }

    static IEnumerable<AiDefinition> ParseEntry(string line)
    {
        var hash = line.IndexOf('#');
        var title = hash >= 0 ? line[(hash + 1)..].Trim() : "";
        var tokens = (hash >= 0 ? line[..hash] : line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2) throw new FormatException("an entry needs AIs and a specification");

        var i = 1;
        var flags = "";
        // Flags are punctuation only; a specification component always starts with a letter or '['.
        if (tokens[1].All(c => !char.IsLetterOrDigit(c) && c != '[')) flags = tokens[i++];

        var components = new List<AiComponent>();
        for (; i < tokens.Length && (tokens[i][0] == '[' || char.IsUpper(tokens[i][0])) && !tokens[i].Contains('='); i++)
            components.Add(ParseComponent(tokens[i]));
        if (components.Count == 0) throw new FormatException("no specification components");

        var isPrimaryKey = false;
        var qualifierPaths = new List<IReadOnlyList<string>>();
        for (; i < tokens.Length; i++)
        {
            var attribute = tokens[i];
            if (attribute == "dlpkey") isPrimaryKey = true;
            else if (attribute.StartsWith("dlpkey=", StringComparison.Ordinal))
            {
                isPrimaryKey = true;
                foreach (var path in attribute["dlpkey=".Length..].Split('|'))
                    qualifierPaths.Add(path.Split(',', StringSplitOptions.RemoveEmptyEntries));
            }
            // req= and ex= describe pairings across a whole carrier's data; Digital Link parsing does not need them.
        }

        foreach (var ai in ExpandRange(tokens[0]))
            yield return new AiDefinition(ai, title, components, flags.Contains('*'), flags.Contains('?'), isPrimaryKey, qualifierPaths);
    }

    /// <summary><c>3100-3105</c> → 3100…3105; a single AI as itself.</summary>
    static IEnumerable<string> ExpandRange(string token)
    {
        var dash = token.IndexOf('-');
        if (dash < 0)
        {
            if (!IsAi(token)) throw new FormatException($"'{token}' is not an AI");
            yield return token;
            yield break;
        }
        var (from, to) = (token[..dash], token[(dash + 1)..]);
        if (!IsAi(from) || !IsAi(to) || from.Length != to.Length) throw new FormatException($"'{token}' is not an AI range");
        for (var n = int.Parse(from); n <= int.Parse(to); n++)
            yield return n.ToString().PadLeft(from.Length, '0');
    }

    static bool IsAi(string s) => s.Length is >= 2 and <= 4 && s.All(char.IsAsciiDigit);

    /// <summary><c>N14,csum,gcppos2</c>, <c>X..20</c>, <c>[N..12]</c>, <c>[N3],iso3166</c>.</summary>
    static AiComponent ParseComponent(string token)
    {
        var parts = token.Split(',');
        var type = parts[0];
        var optional = type.StartsWith('[');
        if (optional)
        {
            if (!type.EndsWith(']')) throw new FormatException($"unbalanced '[' in '{token}'");
            type = type[1..^1];
        }
        var charset = type[0] switch
        {
            'N' => AiCharset.N,
            'X' => AiCharset.X,
            'Y' => AiCharset.Y,
            'Z' => AiCharset.Z,
            _ => throw new FormatException($"unknown character set in '{token}'"),
        };
        var length = type[1..];
        int min, max;
        if (length.StartsWith("..", StringComparison.Ordinal)) { min = 1; max = int.Parse(length[2..]); }
        else min = max = int.Parse(length);
        return new AiComponent(charset, min, max, optional, parts[1..]);
    }
}
