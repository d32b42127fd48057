using System.Text.RegularExpressions;
using Closient.Catalog.Gs1;
using Closient.Testing;

namespace Closient.Catalog.Tests.Gs1;

/// <summary>The embedded GS1 Barcode Syntax Dictionary is parsed, not hand-copied: checked against the file itself.</summary>
public sealed class SyntaxDictionaryTests
{
    static readonly SyntaxDictionary Dictionary = SyntaxDictionary.Instance;

    static IEnumerable<string> EntryLines() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "services/Closient.Catalog/Gs1/Data/gs1-syntax-dictionary.txt"))
            .Where(l => l.Length > 0 && char.IsAsciiDigit(l[0]));

    [Fact]
    public void Every_entry_of_the_file_is_loaded_with_ranges_expanded()
    {
        var expected = EntryLines().Select(l => l.Split(' ')[0]).SelectMany(ai =>
        {
            var parts = ai.Split('-');
            if (parts.Length == 1) return [ai];
            return Enumerable.Range(int.Parse(parts[0]), int.Parse(parts[1]) - int.Parse(parts[0]) + 1).Select(n => n.ToString().PadLeft(parts[0].Length, '0'));
        }).ToHashSet();

        Assert.Equal(expected.Order(), Dictionary.All.Select(d => d.Ai).Order());
        Assert.NotNull(Dictionary.Find("3105"));
        Assert.Null(Dictionary.Find("3106"));
    }

    [Fact]
    public void The_digital_link_primary_keys_are_the_entries_flagged_dlpkey()
    {
        var expected = EntryLines().Where(l => Regex.IsMatch(l, @"\sdlpkey(\s|=|$)")).Select(l => l.Split(' ')[0]).Order();

        Assert.Equal(expected, Dictionary.PrimaryKeys.Select(k => k.Ai));
        Assert.Equal(["00", "01", "253", "255", "401", "402", "414", "415", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018"],
            Dictionary.PrimaryKeys.Select(k => k.Ai));
    }

    [Fact]
    public void Qualifier_sequences_keep_their_order_and_alternatives()
    {
        Assert.Equal([["22", "10", "21"], ["235"]], Dictionary.Find("01")!.QualifierPaths.Select(p => p.ToArray()));
        Assert.Equal([["254"], ["7040"]], Dictionary.Find("414")!.QualifierPaths.Select(p => p.ToArray()));
        Assert.Equal([["22", "10", "21"]], Dictionary.Find("8006")!.QualifierPaths.Select(p => p.ToArray()));
        Assert.Empty(Dictionary.Find("00")!.QualifierPaths);
    }

    [Fact]
    public void Formats_are_decomposed_into_components_with_their_linters()
    {
        var gtin = Dictionary.Find("01")!;
        var component = Assert.Single(gtin.Components);
        Assert.Equal((AiCharset.N, 14, 14, false), (component.Charset, component.MinLength, component.MaxLength, component.Optional));
        Assert.Contains("csum", component.Linters);
        Assert.Equal("GTIN", gtin.Title);

        var gdti = Dictionary.Find("253")!;
        Assert.Equal("N13,csum,gcppos1 [X..17]", gdti.Format);
        Assert.True(gdti.Components[1].Optional);
        Assert.Equal(30, gdti.MaxLength);

        Assert.Equal("N6,yymmd0", Dictionary.Find("17")!.Format);
        Assert.Equal(AiCharset.Y, Dictionary.Find("8010")!.Components[0].Charset);
        Assert.Equal(AiCharset.Z, Dictionary.Find("8030")!.Components[0].Charset);
    }

    [Fact]
    public void Data_attribute_flags_follow_the_question_mark()
    {
        foreach (var line in EntryLines())
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var flagged = tokens[1].Contains('?') && !char.IsLetter(tokens[1][0]);
            var first = tokens[0].Split('-')[0];
            Assert.True(flagged == Dictionary.Find(first)!.IsDataAttribute, $"AI {first}");
        }
        Assert.True(Dictionary.Find("10")!.IsDataAttribute);
        Assert.True(Dictionary.Find("17")!.IsDataAttribute);
        Assert.False(Dictionary.Find("21")!.IsDataAttribute);
        Assert.False(Dictionary.Find("22")!.IsDataAttribute);
    }

    [Fact]
    public void A_malformed_dictionary_line_is_reported_with_its_number()
    {
        var error = Assert.Throws<FormatException>(() => SyntaxDictionary.Parse("# header\n01 *? Q14 # GTIN\n"));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Every_sample_built_from_the_dictionary_validates()
    {
        foreach (var definition in Dictionary.All)
            Assert.True(AiValidator.Validate(definition, Gs1Samples.Valid(definition)) is null,
                $"AI {definition.Ai} {definition.Format}: '{Gs1Samples.Valid(definition)}' → {AiValidator.Validate(definition, Gs1Samples.Valid(definition))}");
    }
}
