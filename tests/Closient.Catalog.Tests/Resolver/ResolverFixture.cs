using System.Collections.Concurrent;
using System.Reflection;
using Closient.Catalog.Resolver;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// The catalog with the resolver's country header configured, plus a second host of the same service
/// (same database and broker) whose <see cref="IResolutionLinkSource"/> is <see cref="StubLinks"/>, standing
/// in for resolution rules.
/// </summary>
public class ResolverFixture : ServiceFixture<CatalogMarker>
{
    public const string CountryHeader = "CF-IPCountry";

    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Resolver:CountryHeader"] = CountryHeader,
    };

    public StubLinkSource StubLinks { get; } = new();

    public WebApplicationFactory<CatalogMarker> LinkedFactory { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        LinkedFactory = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IResolutionLinkSource>(StubLinks)));
    }

    public override async Task DisposeAsync()
    {
        if (LinkedFactory is not null) await LinkedFactory.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A keyless scanner, as the gateway forwards it (anonymous token); redirects are not followed.</summary>
    public HttpClient Scanner() => AnonymousClient();

    /// <summary>A keyless scanner against the host whose links come from <see cref="StubLinks"/>.</summary>
    public HttpClient LinkedScanner() => LinkedFactory.CreateDefaultClient(new InternalTokenHandler(Tokens, Caller.Anonymous));

    /// <summary>Creates a claimed product for a fresh organization; returns its GTIN-14 and organization.</summary>
    public async Task<(string Gtin, Guid Organization)> CreateProductAsync(string name = "Green Tea", string brand = "Leaf", string description = "Sencha.")
    {
        var org = Guid.NewGuid();
        var product = await ClientFor(org.ToString()).CreateProductAsync(new
        {
            gtin = TestGtins.New13(), organization_id = ShortId.Encode(org), product_name = name, brand, description,
        });
        return (product.Gtin, org);
    }
}

/// <summary>Links per GTIN that tests set, as resolution rules would produce them.</summary>
public sealed class StubLinkSource : IResolutionLinkSource
{
    readonly ConcurrentDictionary<string, Func<ResolutionRequest, ResolutionLinks>> _links = new();

    public ConcurrentQueue<ResolutionRequest> Requests { get; } = new();

    public void Set(string gtin, ResolutionLinks links) => _links[gtin] = _ => links;

    /// <summary>Links that depend on the request (a lot rule applies to its lot only).</summary>
    public void SetRule(string gtin, Func<ResolutionRequest, ResolutionLinks> links) => _links[gtin] = links;

    public ValueTask<ResolutionLinks> GetLinksAsync(ResolutionRequest request, CancellationToken ct)
    {
        Requests.Enqueue(request);
        return ValueTask.FromResult(_links.GetValueOrDefault(request.Link.PrimaryKey.Value)?.Invoke(request) ?? ResolutionLinks.None);
    }
}

public static class ResolverRequests
{
    public const string Pip = "https://gs1.org/voc/pip";

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string? accept, params (string Name, string Value)[] headers) =>
        client.SendAsync(HttpMethod.Get, url, accept, headers);

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, string? accept,
        params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    /// <summary>The single Link header's value.</summary>
    public static string LinkHeader(this HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Link"));

    public static string Location(this HttpResponseMessage response) => response.Headers.Location!.ToString();
}
