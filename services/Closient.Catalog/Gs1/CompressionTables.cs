using System.Collections.Frozen;

namespace Closient.Catalog.Gs1;

/// <summary>
/// One component of an AI's value as the compression encodes it: numeric (<c>N</c>) or alphanumeric
/// (<c>X</c>), fixed length (no length field) or variable up to <see cref="MaxLength"/> (a length field).
/// </summary>
public sealed record CompressionComponent(bool Numeric, bool Fixed, int MaxLength)
{
    public override string ToString() => (Numeric ? "N" : "X") + (Fixed ? $"{MaxLength}" : $"..{MaxLength}");
}

/// <summary>
/// The tables "GS1 Digital Link: Compression" works with. What the syntax dictionary says is taken from it:
/// each AI's value components (<see cref="FormatOf"/>) and how many digits an AI has after its first two
/// (<see cref="AiLengthFor"/>). Only the optimisation table, which exists nowhere else, is data of its own
/// (<c>Gs1/Data/dl-compression-optimisations.txt</c>, copied from GS1's reference implementation).
/// </summary>
public sealed class CompressionTables
{
    public static CompressionTables Instance { get; } = new(SyntaxDictionary.Instance, LoadOptimisations());

    readonly SyntaxDictionary _dictionary;
    readonly FrozenDictionary<string, int> _aiLengthByPrefix;
    readonly FrozenDictionary<string, IReadOnlyList<CompressionComponent>> _formats;

    public CompressionTables(SyntaxDictionary dictionary, IReadOnlyList<(string Code, IReadOnlyList<string> Ais)> optimisations)
    {
        _dictionary = dictionary;
        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var definition in dictionary.All)
        {
            var prefix = definition.Ai[..2];
            if (lengths.TryGetValue(prefix, out var known) && known != definition.Ai.Length)
                throw new InvalidOperationException($"AIs starting with {prefix} have different lengths; the compression needs one per prefix.");
            lengths[prefix] = definition.Ai.Length;
        }
        _aiLengthByPrefix = lengths.ToFrozenDictionary(StringComparer.Ordinal);
        _formats = dictionary.All.ToFrozenDictionary(d => d.Ai, d => Derive(d.Components), StringComparer.Ordinal);
        foreach (var (code, ais) in optimisations)
            if (code.Length != 2 || code.All(char.IsAsciiDigit) || code[0] == 'F' || ais.Any(ai => dictionary.Find(ai) is null))
                throw new InvalidOperationException($"Optimisation {code} is not a non-decimal code below F0 over known AIs.");
        Optimisations = optimisations;
        OptimisationByCode = optimisations.ToFrozenDictionary(o => o.Code, o => o.Ais, StringComparer.Ordinal);
    }

    /// <summary>In the table's order, which breaks ties when the encoder picks the longest one.</summary>
    public IReadOnlyList<(string Code, IReadOnlyList<string> Ais)> Optimisations { get; }

    public FrozenDictionary<string, IReadOnlyList<string>> OptimisationByCode { get; }

    /// <summary>The number of digits of every AI that starts with <paramref name="prefix"/> (2 digits), or 0 if none does.</summary>
    public int AiLengthFor(string prefix) => _aiLengthByPrefix.GetValueOrDefault(prefix);

    public SyntaxDictionary Dictionary => _dictionary;

    public AiDefinition? Find(string ai) => _dictionary.Find(ai);

    public IReadOnlyList<CompressionComponent>? FormatOf(string ai) => _formats.GetValueOrDefault(ai);

    /// <summary>
    /// The dictionary's components as the compression's format table has them. The dictionary splits some
    /// values finer than the compression does, so neighbours merge: mandatory fixed-length numeric parts into
    /// one (<c>N14 N4</c> → <c>N18</c>), optional parts into one variable part (<c>[N3] [N3]</c> → <c>N..6</c>),
    /// alphanumeric parts into one variable part (<c>X2 X..28</c> → <c>X..30</c>). An optional part is
    /// variable (<c>N6 [N6]</c> → <c>N6 N..6</c>). CSET 39 and base64url parts are alphanumeric.
    /// </summary>
    public static IReadOnlyList<CompressionComponent> Derive(IReadOnlyList<AiComponent> components)
    {
        var result = new List<(CompressionComponent Part, bool Optional)>();
        foreach (var c in components)
        {
            var part = new CompressionComponent(c.Charset == AiCharset.N, c.IsFixedLength && !c.Optional, c.MaxLength);
            if (result.Count > 0)
            {
                var (last, lastOptional) = result[^1];
                var merged = last.Numeric != part.Numeric ? null
                    : part.Numeric && last.Fixed && part.Fixed ? last with { MaxLength = last.MaxLength + part.MaxLength }
                    : part.Numeric && lastOptional && c.Optional ? new CompressionComponent(true, false, last.MaxLength + part.MaxLength)
                    : !part.Numeric ? new CompressionComponent(false, last.Fixed && part.Fixed, last.MaxLength + part.MaxLength)
                    : null;
                if (merged is not null)
                {
                    result[^1] = (merged, lastOptional && c.Optional);
                    continue;
                }
            }
            result.Add((part, c.Optional));
        }
        return result.Select(r => r.Part).ToList();
    }

    static List<(string, IReadOnlyList<string>)> LoadOptimisations()
    {
        using var stream = typeof(CompressionTables).Assembly.GetManifestResourceStream("Gs1.Data.dl-compression-optimisations.txt")
            ?? throw new InvalidOperationException("The embedded compression optimisation table is missing.");
        using var reader = new StreamReader(stream);
        return ParseOptimisations(reader.ReadToEnd());
    }

    /// <summary><c>1A 01 10 21 17</c> per line; each sequence sorted, as the reference encodes it.</summary>
    public static List<(string, IReadOnlyList<string>)> ParseOptimisations(string text)
    {
        var table = new List<(string, IReadOnlyList<string>)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) throw new FormatException($"Optimisation line '{line}' needs a code and at least two AIs.");
            table.Add((parts[0], parts[1..].Order(StringComparer.Ordinal).ToList()));
        }
        return table;
    }
}
