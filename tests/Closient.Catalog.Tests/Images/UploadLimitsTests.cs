using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Closient.Catalog.Brands;
using Closient.Catalog.Images;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Closient.Catalog.Tests.Brands.BrandsTestApi;

namespace Closient.Catalog.Tests.Images;

/// <summary>
/// The catalog on a real Kestrel server (the in-process test server has no per-request body limit, so the
/// limits and <c>Expect: 100-continue</c> are only real here), sharing the class's database and broker.
/// </summary>
public sealed class KestrelCatalogFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    readonly string _key = InternalToken.NewSigningKey();
    ServiceFactory<CatalogMarker>? _kestrel;

    public Uri Address { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _kestrel = new ServiceFactory<CatalogMarker>(Database.ConnectionString, VirtualHost.Uri,
            new Dictionary<string, string?> { [InternalToken.SigningKeySetting] = _key });
        _kestrel.UseKestrel(0);
        _kestrel.StartServer();
        var addresses = _kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    /// <summary>A real socket client acting for <paramref name="org"/>, waiting up to 10 s for "100 Continue".</summary>
    public HttpClient KestrelClientFor(string org, string role = Roles.Owner)
    {
        Assert.True(Closient.ServiceDefaults.Http.ShortId.TryParse(org, out var id));
        var handler = new InternalTokenHandler(new InternalToken(_key), Caller.ForOrganization(id, role))
        {
            InnerHandler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(10) },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public override async Task DisposeAsync()
    {
        if (_kestrel is not null) await _kestrel.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class UploadLimitsTests(KestrelCatalogFixture fx) : IClassFixture<KestrelCatalogFixture>
{
    readonly string org = TestData.NewOrganizationId();

    /// <summary>A body of <paramref name="length"/> bytes that records whether the client ever started sending it.</summary>
    sealed class TrackedContent(byte[] prefix, long length, bool declareLength) : HttpContent
    {
        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            while (Sent < length)
            {
                var n = (int)Math.Min(chunk.Length, length - Sent);
                if (Sent == 0) prefix.AsSpan(0, Math.Min(prefix.Length, n)).CopyTo(chunk);
                await stream.WriteAsync(chunk.AsMemory(0, n));
                Sent += n;
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return declareLength;
        }
    }

    static HttpRequestMessage Post(string path, HttpContent content, bool expectContinue)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        return request;
    }

    [Fact]
    public async Task An_image_over_5_MiB_announced_with_Expect_100_continue_is_413_before_its_body_is_sent()
    {
        var client = fx.KestrelClientFor(org);
        var product = await client.CreateOwnedProductAsync(org);
        var body = new TrackedContent("--x\r\n"u8.ToArray(), ProductImagesApi.MaxImageBytes + MultipartUpload.FormOverhead + 1, declareLength: true);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        var response = await client.SendAsync(Post(ImagesPath(org, product.Gtin), body, expectContinue: true));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.Equal(0, body.Sent);
    }

    [Fact]
    public async Task A_logo_over_2_MiB_announced_with_Expect_100_continue_is_413_before_its_body_is_sent()
    {
        var client = fx.KestrelClientFor(org);
        var brand = await client.CreateBrandAsync(org, "Big Logo " + Guid.NewGuid().ToString("N")[..8]);
        var body = new TrackedContent([], BrandMediaApi.MaxLogoBytes + MultipartUpload.FormOverhead + 1, declareLength: true);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        var response = await client.SendAsync(Post($"{BrandsPath}/{brand.Id}/logo", body, expectContinue: true));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.Equal(0, body.Sent);
    }

    [Fact]
    public async Task An_outsider_is_refused_with_404_before_the_body_of_an_upload_is_sent()
    {
        var product = await fx.KestrelClientFor(org).CreateOwnedProductAsync(org);
        var body = new TrackedContent([], 4 * 1024 * 1024, declareLength: true);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        var response = await fx.KestrelClientFor(TestData.NewOrganizationId()).SendAsync(Post(ImagesPath(org, product.Gtin), body, expectContinue: true));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, body.Sent);
    }

    [Fact]
    public async Task An_image_just_under_5_MiB_is_accepted_and_one_byte_more_in_the_file_is_413()
    {
        var client = fx.KestrelClientFor(org);
        var product = await client.CreateOwnedProductAsync(org);
        var overhead = TestImages.Png(2, 2).Length + 12; // the padding chunk's length, type and CRC
        var fits = TestImages.Png(2, 2, padding: (int)ProductImagesApi.MaxImageBytes - overhead);
        var tooBig = TestImages.Png(2, 2, padding: (int)ProductImagesApi.MaxImageBytes - overhead + 1);
        Assert.Equal(ProductImagesApi.MaxImageBytes, fits.Length);

        var accepted = await client.PostAsync(ImagesPath(org, product.Gtin), TestImages.Form("image", fits, "image/png", "big.png"));
        var refused = await client.PostAsync(ImagesPath(org, product.Gtin), TestImages.Form("image", tooBig, "image/png", "big.png"));

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(fits.Length, (await accepted.ReadAsync<ImageOut>()).ByteSize);
        await refused.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task A_chunked_upload_without_a_length_is_cut_off_with_413_once_it_passes_the_limit()
    {
        var client = fx.KestrelClientFor(org);
        var product = await client.CreateOwnedProductAsync(org);
        var head = "--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"u8.ToArray();
        var body = new TrackedContent(head, 3 * ProductImagesApi.MaxImageBytes, declareLength: false);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        HttpResponseMessage? response = null;
        try { response = await client.SendAsync(Post(ImagesPath(org, product.Gtin), body, expectContinue: false)); }
        catch (HttpRequestException) { /* the server may close the connection while the client is still sending */ }

        if (response is not null) await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.True(body.Sent < 3 * ProductImagesApi.MaxImageBytes, "the server stopped reading before the whole body was sent");
        Assert.True(ServiceDefaults.Http.ShortId.TryParse(product.Id, out var id));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM catalog.product_images WHERE product_id = @id", new { id }));
    }

    [Fact]
    public async Task A_logo_of_2_MiB_is_accepted_on_a_real_server()
    {
        var client = fx.KestrelClientFor(org);
        var brand = await client.CreateBrandAsync(org, "Logo " + Guid.NewGuid().ToString("N")[..8]);
        var logo = TestImages.Jpeg(100, 100, padding: (int)BrandMediaApi.MaxLogoBytes - 300);
        Assert.InRange(logo.Length, BrandMediaApi.MaxLogoBytes - 2048, BrandMediaApi.MaxLogoBytes);

        var response = await client.PostAsync($"{BrandsPath}/{brand.Id}/logo", TestImages.Form("logo", logo, "image/jpeg", "logo.jpg"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
