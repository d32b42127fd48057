using System.Net;
using Closient.Gateway.Tests.Infrastructure;

namespace Closient.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class BodyLimitTests(GatewayFixture fixture)
{
    readonly HttpClient client = fixture.CreateClient();

    // Kestrel counts a chunked body's framing (chunk sizes, CRLFs) against the limit too, so a chunked
    // body must stay a few bytes per chunk below it; a declared Content-Length may equal it.
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, -4096)]
    public async Task A_body_within_the_limit_is_forwarded_whole(bool chunked, int bytesFromLimit)
    {
        var length = GatewayFixture.MaxBodyBytes + bytesFromLimit;

        var response = await client.PostAsync("/products/api/v1/import", Body(length, chunked));

        var echo = await response.ReadEchoAsync();
        Assert.Equal(length, echo.BodyBytes);
    }

    [Fact]
    public async Task A_declared_content_length_over_the_limit_answers_413_problem()
    {
        // Expect: 100-continue, as a well-behaved client sends for large uploads: the gateway refuses on the
        // declared length before reading, so the body is never sent. Without it the client may still be
        // writing the body when the gateway answers and closes, and fail with a broken pipe instead of
        // reading the 413.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/api/v1/import")
        {
            Content = Body(GatewayFixture.MaxBodyBytes + 1, chunked: false),
        };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.Contains(GatewayFixture.MaxBodyBytes.ToString(), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_limit_answers_413_problem()
    {
        var response = await client.PostAsync("/products/api/v1/import", Body(GatewayFixture.MaxBodyBytes + 64 * 1024, chunked: true));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task An_upload_endpoint_takes_bodies_up_to_its_own_larger_limit()
    {
        var length = 3 * 1024 * 1024; // over the gateway's limit, within the CSV import's 10 MiB
        var forwarded = await client.PostAsync("/products/api/v1/import/csv", Body(length, chunked: false));
        Assert.Equal(length, (await forwarded.ReadEchoAsync()).BodyBytes);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/api/v1/import/csv") { Content = Body(11 * 1024 * 1024, chunked: false) };
        request.Headers.ExpectContinue = true;
        var refused = await client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");

        // Only that endpoint: its neighbours keep the gateway's limit.
        using var other = new HttpRequestMessage(HttpMethod.Post, "/products/api/v1/import") { Content = Body(length, chunked: false) };
        other.Headers.ExpectContinue = true;
        await ProblemAssert.IsProblemAsync(await client.SendAsync(other), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    /// <summary>A body of <paramref name="length"/> bytes; chunked means no Content-Length (Transfer-Encoding: chunked).</summary>
    static HttpContent Body(long length, bool chunked)
    {
        var bytes = new byte[length];
        if (!chunked)
            return new ByteArrayContent(bytes);
        var content = new StreamContent(new UnseekableStream(bytes));
        content.Headers.ContentLength = null;
        return content;
    }

    /// <summary>Hides the length, so HttpClient cannot send a Content-Length and falls back to chunked.</summary>
    sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
