using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Closient.Catalog.Qr;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using QRCoder;

namespace Closient.Catalog.Tests.Qr;

public sealed class QrCodeTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    const string Path = "/products/api/v1/qr/";
    readonly HttpClient client = fx.ClientFor(TestData.NewOrganizationId());

    [Fact]
    public async Task A_png_has_the_png_signature_and_square_dimensions_that_fit_the_size()
    {
        var response = await client.PostJsonAsync(Path, new { gtin = "614141123452", format = "png", size = 300 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        var modules = Modules("https://id.closient.com/01/00614141123452");
        Assert.Equal(width, height);
        Assert.Equal(modules * (300 / modules), width);
        Assert.True(width <= 300 && width > 300 - modules);
    }

    [Fact]
    public async Task The_png_encodes_the_digital_link_of_the_normalized_gtin_with_lot_serial_and_expiry()
    {
        var expectedUrl = "https://id.closient.com/01/00614141123452/10/A%2FB%25C/21/SN%2B1?17=261200";

        var response = await client.PostJsonAsync(Path, new { gtin = "0614-1411-23452", lot = "A/B%C", serial = "SN+1", expiry = "261200", size = 400 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReferencePng(expectedUrl, 400), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_svg_is_well_formed_with_one_viewbox_unit_per_module_and_the_requested_width()
    {
        var url = "https://id.closient.com/01/00614141123452/10/LOT1";

        var response = await client.PostJsonAsync(Path, new { gtin = "00614141123452", lot = "LOT1", format = "SVG", size = 250 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Name);
        var modules = Modules(url);
        Assert.Equal($"0 0 {modules} {modules}", (string?)svg.Attribute("viewBox"));
        Assert.Equal("250", (string?)svg.Attribute("width"));
        Assert.Equal("250", (string?)svg.Attribute("height"));
        Assert.Equal(ReferenceSvgPath(url), (string?)svg.Element(ns + "path")?.Attribute("d"));
    }

    [Fact]
    public async Task Equal_requests_give_equal_bytes_and_a_strong_etag_with_30_day_caching()
    {
        var body = new { gtin = "4006381333931", serial = "S-42", format = "png", size = 200 };

        var first = await client.PostJsonAsync(Path, body);
        var second = await fx.ClientFor(TestData.NewOrganizationId()).PostJsonAsync(Path, body);
        var different = await client.PostJsonAsync(Path, new { gtin = "4006381333931", serial = "S-43", format = "png", size = 200 });

        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.NotEqual(etag, different.Headers.ETag);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(30), first.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task A_matching_if_none_match_returns_304_without_a_body()
    {
        var body = new { gtin = "4006381333931", format = "svg", size = 120 };
        var etag = (await client.PostJsonAsync(Path, body)).Headers.ETag!;

        var matching = await SendAsync(body, etag.Tag);
        var weakMatching = await SendAsync(body, "W/" + etag.Tag);
        var listed = await SendAsync(body, $"\"nope\", {etag.Tag}");
        var any = await SendAsync(body, "*");
        var stale = await SendAsync(body, "\"0123\"");

        Assert.Equal(HttpStatusCode.NotModified, matching.StatusCode);
        Assert.Empty(await matching.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, matching.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, weakMatching.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, listed.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, any.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Theory]
    [InlineData("""{"format": "png"}""", "gtin")]
    [InlineData("""{"gtin": "4006381333932"}""", "gtin")]
    [InlineData("""{"gtin": "40063813339"}""", "gtin")]
    [InlineData("""{"gtin": "4006381333931000000"}""", "gtin")]
    [InlineData("""{"gtin": "400638133393a"}""", "gtin")]
    [InlineData("""{"gtin": 4006381333931}""", "gtin")]
    [InlineData("""{"gtin": "4006381333931", "lot": ""}""", "lot")]
    [InlineData("""{"gtin": "4006381333931", "lot": "123456789012345678901"}""", "lot")]
    [InlineData("""{"gtin": "4006381333931", "lot": "A B"}""", "lot")]
    [InlineData("""{"gtin": "4006381333931", "lot": "é"}""", "lot")]
    [InlineData("""{"gtin": "4006381333931", "serial": "\u001f"}""", "serial")]
    [InlineData("""{"gtin": "4006381333931", "expiry": "2612"}""", "expiry")]
    [InlineData("""{"gtin": "4006381333931", "expiry": "261332"}""", "expiry")]
    [InlineData("""{"gtin": "4006381333931", "expiry": "270229"}""", "expiry")]
    [InlineData("""{"gtin": "4006381333931", "format": "gif"}""", "format")]
    [InlineData("""{"gtin": "4006381333931", "size": 49}""", "size")]
    [InlineData("""{"gtin": "4006381333931", "size": 2001}""", "size")]
    [InlineData("""{"gtin": "4006381333931", "size": 100.5}""", "size")]
    [InlineData("""{"gtin": "4006381333931", "size": "100"}""", "size")]
    [InlineData("""{"gtin": "4006381333931", "xdim_mm": 0.33}""", "xdim_mm")]
    public async Task Bad_fields_return_422_naming_them(string json, string field)
    {
        var response = await client.PostRawAsync(Path, json);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", field);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("eps")]
    [InlineData("tif")]
    public async Task Formats_the_spec_names_but_this_service_does_not_render_return_422_listing_the_supported_ones(string format)
    {
        var response = await client.PostJsonAsync(Path, new { gtin = "4006381333931", format });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "format");
        var message = problem.GetProperty("errors").GetProperty("format")[0].GetString()!;
        Assert.Contains("Unsupported format", message);
        Assert.Contains("svg, png", message);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(2000)]
    public async Task The_size_limits_are_inclusive(int size)
    {
        var response = await client.PostJsonAsync(Path, new { gtin = "4006381333931", size });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Defaults_are_png_at_400_pixels_and_the_path_works_without_the_trailing_slash()
    {
        var response = await client.PostJsonAsync(Path.TrimEnd('/'), new { gtin = "4006381333931" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReferencePng("https://id.closient.com/01/04006381333931", 400), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Anonymous_and_publishable_callers_get_404()
    {
        var anonymous = await fx.AnonymousClient().PostJsonAsync(Path, new { gtin = "4006381333931" });
        var publishable = await fx.ClientAs(Caller.ForOrganization(Guid.NewGuid(), Roles.Owner, ApiKeyFormat.Publishable))
            .PostJsonAsync(Path, new { gtin = "4006381333931" });

        await anonymous.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await publishable.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var raw = fx.Factory.CreateClient();

        var response = await raw.PostJsonAsync(Path, new { gtin = "4006381333931" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    Task<HttpResponseMessage> SendAsync(object body, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Api.Json) };
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }

    /// <summary>Modules per side (quiet zone included) of the QR code QRCoder builds for <paramref name="url"/>.</summary>
    static int Modules(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Count;
    }

    /// <summary>What QRCoder itself renders for <paramref name="url"/>: equal bytes mean the service encoded exactly this URL.</summary>
    static byte[] ReferencePng(string url, int size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(Math.Max(1, size / data.ModuleMatrix.Count));
    }

    static string? ReferenceSvgPath(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var svg = XDocument.Parse(new SvgQRCode(data).GetGraphic(1));
        return (string?)svg.Root!.Element(XName.Get("path", "http://www.w3.org/2000/svg"))?.Attribute("d");
    }
}

/// <summary>A configured <c>Catalog:DigitalLinkRoot</c> is the URL the codes encode.</summary>
public sealed class QrRootSettingTests(QrRootSettingTests.Fixture fx) : IClassFixture<QrRootSettingTests.Fixture>
{
    public sealed class Fixture : Closient.Testing.ServiceFixture<CatalogMarker>
    {
        protected override (string, System.Reflection.Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Catalog:DigitalLinkRoot"] = "https://qr.brand.example/" };
    }

    [Fact]
    public async Task The_code_encodes_the_configured_root()
    {
        var response = await fx.ClientFor(TestData.NewOrganizationId()).PostJsonAsync("/products/api/v1/qr/", new { gtin = "4006381333931", size = 200 });

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode("https://qr.brand.example/01/04006381333931", QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new PngByteQRCode(data).GetGraphic(Math.Max(1, 200 / data.ModuleMatrix.Count)), await response.Content.ReadAsByteArrayAsync());
    }
}
