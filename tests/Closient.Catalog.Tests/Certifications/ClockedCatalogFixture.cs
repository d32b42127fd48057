using System.Reflection;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Closient.Catalog.Tests.Certifications;

/// <summary>A clock the test sets; only "today" matters to the certification windows.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}

/// <summary>The catalog service with <see cref="FakeClock"/> as its <see cref="TimeProvider"/>.</summary>
public sealed class ClockedCatalogFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 6, 15, 23, 30, 0, TimeSpan.Zero));

    WebApplicationFactory<CatalogMarker> clocked = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        clocked = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        }));
    }

    /// <summary>Like <see cref="ServiceFixture{T}.ClientFor"/>, against the host with the fake clock.</summary>
    public HttpClient ClockedClientFor(string organizationId, string role = Roles.Owner)
    {
        Closient.ServiceDefaults.Http.ShortId.TryParse(organizationId, out var org);
        return clocked.CreateDefaultClient(new InternalTokenHandler(Tokens, Caller.ForOrganization(org, role)));
    }

    public override async Task DisposeAsync()
    {
        if (clocked is not null) await clocked.DisposeAsync();
        await base.DisposeAsync();
    }
}
