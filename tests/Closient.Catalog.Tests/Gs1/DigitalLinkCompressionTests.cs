using Closient.Catalog.Gs1;

namespace Closient.Catalog.Tests.Gs1;

/// <summary>
/// "GS1 Digital Link: Compression" against GS1's published test vectors. Source of every vector below:
/// github.com/gs1/digital-link.js, tests/index.js (GS1's JavaScript toolkit, which runs the reference
/// compression of github.com/gs1/GS1DigitalLinkCompressionPrototype), quoted as they appear there.
/// </summary>
public sealed class DigitalLinkCompressionTests
{
    static readonly DigitalLinkCompression Codec = DigitalLinkCompression.Instance;

    // tests/index.js, describe('Compression'): "should compress a Digital Link URI" and "should decompress…":
    //   input    'https://dlnkd.tn.gg/gtin/09780345418913/lot/231/ser/345345?15=120820'
    //   expected 'https://dlnkd.tn.gg/HxHKVAdpQgZzjr-hCDKigI'
    //   decompressed 'https://dlnkd.tn.gg/01/09780345418913/10/231/21/345345?15=120820'
    [Fact]
    public void The_reference_vector_with_lot_serial_and_best_before_round_trips()
    {
        Assert.True(Codec.TryCompress([new("01", "09780345418913"), new("10", "231"), new("21", "345345"), new("15", "120820")], [],
            out var segment, out var error), error);
        Assert.Equal("HxHKVAdpQgZzjr-hCDKigI", segment);

        Assert.True(Codec.TryDecompressLink("HxHKVAdpQgZzjr-hCDKigI", null, out var link, out var uri, out error), error);
        Assert.Equal("/01/09780345418913/10/231/21/345345?15=120820", uri);
        Assert.Equal("345345", link.Get("21"));
    }

    // tests/index.js, "should use optimisations and compress other key-value pairs by default":
    //   input    'https://dlnkd.tn.gg/01/9780345418913/21/43786?foo=bar'
    //   expected 'https://dlnkd.tn.gg/DBHKVAdpQgqrCvBv0UMG21W'
    [Fact]
    public void The_reference_vector_with_a_non_gs1_pair_round_trips()
    {
        Assert.True(DigitalLinkParser.Instance.TryParseUri("https://dlnkd.tn.gg/01/9780345418913/21/43786?foo=bar", out var parsed, out var invalid),
            invalid?.Message);
        Assert.True(Codec.TryCompress(parsed, out var segment, out var error), error);
        Assert.Equal("DBHKVAdpQgqrCvBv0UMG21W", segment);

        Assert.True(Codec.TryDecompressLink(segment, null, out var link, out var uri, out error), error);
        Assert.Equal("/01/09780345418913/21/43786?foo=bar", uri);
        Assert.Equal([new("foo", "bar")], link.OtherParameters);
    }

    // tests/index.js, "should allow not using optimisations and compressing other key-value pairs":
    //   expected 'https://dlnkd.tn.gg/ARHKVAdpQkIKqwo?foo=bar' (no optimisation code: 01 and 21 each with their AI)
    [Fact]
    public void A_reference_vector_written_without_optimisations_decompresses_and_keeps_the_request_query()
    {
        Assert.True(Codec.TryDecompressLink("ARHKVAdpQkIKqwo", "foo=bar", out var link, out var uri, out var error), error);
        Assert.Equal("/01/09780345418913/21/43786?foo=bar", uri);
        Assert.Equal("43786", link.Get("21"));
    }

    // tests/index.js, DATA.compressedWebUri for DATA.url
    //   'https://gs1.evrythng.com/01/9780345418913/10/38737643/21/58943?15=230911&thngId=U5mQKGDpnymBwQwRakyBqeYh'
    //   'https://gs1.evrythng.com/HxHKVAdpQhCTxbrOF_yEFcx_4a2GeAh1mFOZkChg6Z8pgcEMEWpMganmIQ'
    [Fact]
    public void The_reference_vector_with_a_base64_valued_pair_round_trips()
    {
        const string compressed = "HxHKVAdpQhCTxbrOF_yEFcx_4a2GeAh1mFOZkChg6Z8pgcEMEWpMganmIQ";
        Assert.True(DigitalLinkParser.Instance.TryParseUri(
            "https://gs1.evrythng.com/01/9780345418913/10/38737643/21/58943?15=230911&thngId=U5mQKGDpnymBwQwRakyBqeYh", out var parsed, out _));
        Assert.True(Codec.TryCompress(parsed, out var segment, out var error), error);
        Assert.Equal(compressed, segment);

        Assert.True(Codec.TryDecompressLink(compressed, null, out _, out var uri, out error), error);
        Assert.Equal("/01/09780345418913/10/38737643/21/58943?15=230911&thngId=U5mQKGDpnymBwQwRakyBqeYh", uri);
    }

    // tests/index.js, "should transparently validate a valid compressed URI": 'https://dlnkd.tn.gg/ARHKVAdpQg'
    [Fact]
    public void The_reference_vector_of_a_gtin_alone_decompresses()
    {
        Assert.True(Codec.TryDecompressLink("ARHKVAdpQg", null, out var link, out var uri, out var error), error);
        Assert.Equal("/01/09780345418913", uri);
        Assert.Empty(link.Qualifiers);

        Assert.True(Codec.TryCompress([new("01", "09780345418913")], [], out var segment, out error), error);
        Assert.Equal("ARHKVAdpQg", segment);
    }

    public static TheoryData<string> RoundTrips => new()
    {
        "/01/09506000134352/10/ABC-123/21/A%2FB%25C",              // ASCII encoding, percent-encoded characters
        "/01/09506000134352/22/2A/10/0123/21/000123?17=261231",     // leading zeros survive, hex encoding
        "/01/09506000134352/10/abcdef?3103=000500&3923=12345",      // optimisations 0B (01, 10) and A3 (01, 3923) compete
        "/01/09506000134352/21/1?7003=2512311200&linkType=gs1%3Apip",
        "/01/09506000134352/10/L1/21/S1?17=261231",                 // optimisation 1A: values in ascending AI order
        "/414/9520123456788/254/32a%2Fb",                            // optimisation 9D
        "/8006/095060001343520102/21/X?7007=251201",                 // N14 N4 written as N18; N6 [N6] as N6 N..6
        "/253/9506000134352ABC",                                     // N13 then an optional X..17
        "/01/09506000134352?7230=EMabc&8008=2512311259",             // X2 X..28 as X..30; N6 N2 [N2] [N2] as N8 N..4
        "/00/095060001343528938",
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Uncompressed_links_survive_compression(string uri)
    {
        var q = uri.IndexOf('?');
        Assert.True(DigitalLinkParser.Instance.TryParse(q < 0 ? uri : uri[..q], q < 0 ? "" : uri[(q + 1)..], true, out var link, out var invalid),
            invalid?.Message);
        Assert.True(Codec.TryCompress(link, out var segment, out var error), error);
        Assert.Matches("^[A-Za-z0-9_-]+$", segment);

        Assert.True(Codec.TryDecompressLink(segment, null, out var back, out _, out error), error);
        Assert.Equal(link.CanonicalPath, back.CanonicalPath);
        Assert.Equal(link.DataAttributes.OrderBy(a => a.Ai), back.DataAttributes.OrderBy(a => a.Ai));
        Assert.Equal(link.LinkType, back.LinkType);
    }

    [Fact]
    public void The_formats_derived_from_the_dictionary_are_the_reference_tables()
    {
        // tableF of src/GS1DigitalLinkToolkit.js (GS1DigitalLinkCompressionPrototype) for AIs whose dictionary
        // components differ in shape: {"E":"N","L":"18"} is N18, {"E":"X","M":"30"} is X..30.
        var expected = new Dictionary<string, string>
        {
            ["01"] = "N14", ["10"] = "X..20", ["8006"] = "N18", ["8026"] = "N18", ["8003"] = "N14 X..16", ["253"] = "N13 X..17",
            ["255"] = "N13 N..12", ["7003"] = "N10", ["7007"] = "N6 N..6", ["8008"] = "N8 N..4", ["423"] = "N3 N..12",
            ["421"] = "N3 X..9", ["7030"] = "N3 X..27", ["7230"] = "X..30", ["8001"] = "N14", ["3910"] = "N3 N..15",
            ["3900"] = "N..15", ["8010"] = "X..30", ["8011"] = "N..12", ["414"] = "N13", ["00"] = "N18",
        };
        foreach (var (ai, format) in expected)
            Assert.Equal((ai, format), (ai, string.Join(' ', CompressionTables.Instance.FormatOf(ai)!)));
    }

    [Fact]
    public void Ai_lengths_by_prefix_agree_with_the_reference_tableP()
    {
        // tableP of src/GS1DigitalLinkToolkit.js; the dictionary has more prefixes (newer AIs), never another length.
        var tableP = new Dictionary<string, int>
        {
            ["00"] = 2, ["01"] = 2, ["02"] = 2, ["10"] = 2, ["11"] = 2, ["12"] = 2, ["13"] = 2, ["15"] = 2, ["16"] = 2, ["17"] = 2,
            ["20"] = 2, ["21"] = 2, ["22"] = 2, ["23"] = 3, ["24"] = 3, ["25"] = 3, ["30"] = 2, ["31"] = 4, ["32"] = 4, ["33"] = 4,
            ["34"] = 4, ["35"] = 4, ["36"] = 4, ["37"] = 2, ["39"] = 4, ["40"] = 3, ["41"] = 3, ["42"] = 3, ["70"] = 4, ["71"] = 3,
            ["72"] = 4, ["80"] = 4, ["81"] = 4, ["82"] = 4, ["90"] = 2, ["91"] = 2, ["92"] = 2, ["93"] = 2, ["94"] = 2, ["95"] = 2,
            ["96"] = 2, ["97"] = 2, ["98"] = 2, ["99"] = 2,
        };
        foreach (var (prefix, length) in tableP)
            Assert.Equal((prefix, length), (prefix, CompressionTables.Instance.AiLengthFor(prefix)));
    }

    [Fact]
    public void The_optimisation_table_is_loaded_with_sorted_sequences()
    {
        Assert.Equal(52, CompressionTables.Instance.Optimisations.Count);
        Assert.Equal(["01", "10", "17", "21"], CompressionTables.Instance.OptimisationByCode["1A"]);
        Assert.Equal(["254", "414"], CompressionTables.Instance.OptimisationByCode["9D"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AQ%3D")]
    [InlineData("ARHKVAdp")]                       // GTIN cut short
    [InlineData("HxHKVAdpQgZzjr")]                 // lot and best-before cut short
    [InlineData("ARHKVAdpRg")]                     // wrong GTIN check digit (…5 instead of …3)
    [InlineData("__________")]                     // F flag with a 127-character key that is not there
    [InlineData("7u7u7u7u7u7u")]                   // code EE: no such optimisation
    [InlineData("mZmZmZmZmZmZ")]                   // AI prefix 99 then nonsense lengths
    [InlineData("BBBBBBBBBBBB")]                   // prefix 04: no such AI
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // SSCCs of zeros, repeated
    public void Bad_input_fails_cleanly(string segment)
    {
        var ok = Codec.TryDecompressLink(segment, null, out _, out _, out var error);
        Assert.False(ok);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Random_segments_never_throw()
    {
        var random = new Random(4);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(1, 60)];
            for (var j = 0; j < chars.Length; j++) chars[j] = CompressionBits.Base64Alphabet[random.Next(64)];
            var segment = new string(chars);
            if (Codec.TryDecompressLink(segment, null, out var link, out var uri, out _))
            {
                // Whatever decodes is a valid link whose uncompressed form parses to the same thing.
                var q = uri.IndexOf('?');
                Assert.True(DigitalLinkParser.Instance.TryParse(q < 0 ? uri : uri[..q], q < 0 ? "" : uri[(q + 1)..], true, out var again, out _));
                Assert.Equal(link.CanonicalPath, again.CanonicalPath);
            }
        }
    }

    [Fact]
    public void Values_that_cannot_be_compressed_are_refused()
    {
        Assert.False(Codec.TryCompress([new("01", "09506000134353")], [], out _, out var error));
        Assert.Contains("check digit", error);
        Assert.False(Codec.TryCompress([new("01", "09506000134352")], [new("bad key", "v")], out _, out error));
        Assert.Contains("bad key", error);
        Assert.False(Codec.TryCompress([new("01", "09506000134352")], [new("k", "é")], out _, out _));
        Assert.False(Codec.TryCompress([new("01", "09506000134352")], [new("k", new string('a', 128))], out _, out _));
    }

    [Fact]
    public void Two_primary_keys_or_none_are_not_a_digital_link()
    {
        Assert.True(Codec.TryCompress([new("01", "09506000134352"), new("414", "9520123456788")], [], out var two, out _));
        Assert.False(Codec.TryDecompressLink(two, null, out _, out _, out var error));
        Assert.Contains("primary keys", error);

        Assert.True(Codec.TryCompress([new("10", "LOT")], [], out var none, out _));
        Assert.False(Codec.TryDecompressLink(none, null, out _, out _, out error));
        Assert.Contains("no GS1 Digital Link primary key", error);
    }

    // Partially compressed vectors (the key uncompressed, the rest in one segment), from Solidsoft Reply's
    // Gs1DigitalLinkLib (derived from GS1's compression prototype), feature file AdditionalUriContent:
    //   'https://id.gs1.org/01/05412345000013/EEarwSMXRuGw?arv=true&donor=bmgf'
    //   'https://id.gs1.org/01/05412345000013/EEarwSMXRuG_BtV3sJbXc94V2ieithG5oHw' (the pairs compressed too)
    //   both decompress to 'https://id.gs1.org/01/05412345000013/10/ABC123?17=290331&arv=true&donor=bmgf'
    [Theory]
    [InlineData("/01/05412345000013/EEarwSMXRuGw", "arv=true&donor=bmgf")]
    [InlineData("/01/05412345000013/EEarwSMXRuG_BtV3sJbXc94V2ieithG5oHw", "")]
    [InlineData("/01/05412345000013/EEarwSMXRuG_BtV3sJbXc94V2ieithG5oHw/", "")]
    public void Partially_compressed_reference_vectors_decompress(string path, string query)
    {
        Assert.True(Codec.TryDecompressPartial(path, query, out var link, out var uri, out var error), error);
        Assert.Equal("/01/05412345000013/10/ABC123?17=290331&arv=true&donor=bmgf", uri);
        Assert.Equal(("05412345000013", "ABC123", "290331"), (link.PrimaryKey.Value, link.Get("10"), link.Get("17")));
    }

    [Theory]
    [InlineData("/01/05412345000013")]                      // no segment
    [InlineData("/01/05412345000013/10/ABC123")]            // uncompressed: four segments
    [InlineData("/10/ABC123/EEarwSMXRuGw")]                 // not a primary key
    [InlineData("/01/05412345000013/AQnYUc1gmg")]           // the segment holds a second primary key (a GTIN)
    [InlineData("/01/05412345000014/EEarwSMXRuGw")]         // wrong check digit in the uncompressed key
    [InlineData("/01/05412345000013/EEarw")]                // cut short
    [InlineData("/01/05412345000013/not-base64!")]
    public void Other_paths_are_not_partially_compressed_links(string path)
    {
        Assert.False(Codec.TryDecompressPartial(path, null, out _, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
