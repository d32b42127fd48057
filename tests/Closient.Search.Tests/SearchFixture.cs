using System.Reflection;
using Closient.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Closient.Search.Tests;

public sealed class SearchFixture : ServiceFixture<SearchMarker>
{
    protected override (string Schema, Assembly Migrations)[] Schemas => [("search", typeof(SearchMarker).Assembly)];

    /// <summary>Every message the service's consumers finished, so a test can wait for one that leaves no trace.</summary>
    public ConsumeLog Consumed { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(Consumed);
    }
}
