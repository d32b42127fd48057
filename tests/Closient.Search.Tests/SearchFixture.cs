using System.Reflection;
using Closient.ServiceDefaults.Auth;
using Closient.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Search.Tests;

public sealed class SearchFixture : ServiceFixture<SearchMarker>
{
    protected override (string Schema, Assembly Migrations)[] Schemas => [("search", typeof(SearchMarker).Assembly)];

    /// <summary>Every message the service's consumers finished, so a test can wait for one that leaves no trace.</summary>
    public ConsumeLog Consumed { get; } = new();

    /// <summary>The gateway's anonymous token: what a keyless request to the public session endpoints carries.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A csb key of an organization of its own: local search needs a key, of any type and role.</summary>
    public HttpClient KeyCaller { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(Consumed);
        Anonymous = AnonymousClient();
        KeyCaller = ClientAs(Caller.ForOrganization(Guid.CreateVersion7(), Roles.Viewer));
    }

    public override async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        KeyCaller?.Dispose();
        await base.DisposeAsync();
    }
}
