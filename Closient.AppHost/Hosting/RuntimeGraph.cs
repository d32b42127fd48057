using Closient.AppHost.Infrastructure;
using Closient.AppHost.Processes;

namespace Closient.AppHost.Hosting;

/// <summary>The declared graph made runnable: one runner per resource, and what provisioning needs.</summary>
sealed class RuntimeGraph
{
    /// <summary>Every resource in declaration order (the operator page lists them so).</summary>
    public required IReadOnlyList<IResourceRunner> Runners { get; init; }

    public IResourceRunner? Postgres { get; init; }

    public ProvisioningPlan? Provisioning { get; init; }

    public IResourceRunner? RabbitMq { get; init; }

    public required IReadOnlyDictionary<ProjectResource, IResourceRunner> Projects { get; init; }

    public required string InfrastructureDescription { get; init; }

    /// <summary>The bootstrap that creates the development API key, when a project asked for one.</summary>
    public DevelopmentKey? DevelopmentKey { get; init; }
}

/// <summary>What to create on the PostgreSQL server once it answers.</summary>
sealed record ProvisioningPlan(string AdminConnectionString, string Database, bool PostGis, IReadOnlyList<SchemaOwner> Owners);
