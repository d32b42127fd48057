using System.Text.Json;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Integrations;

public sealed record InventorySourceLocationOut(string ShopifyLocationId, string Name, string? PhysicalStoreId);

public sealed record InventorySourceOut(
    string Id, string OrganizationId, string Provider, string ShopDomain, string Status, string Scopes, int WebhookSubscriptions,
    IReadOnlyList<InventorySourceLocationOut> Locations, string? ActiveJobId, DateTimeOffset? LastSyncAt, DateTimeOffset Created, DateTimeOffset Updated);

public sealed record JobCounts(int Created, int Updated, int Skipped, int Errors);

public sealed record JobProgress(int Processed, int? Total, int? Percent);

public sealed record SyncJobOut(
    string Id, string Kind, string OrganizationId, string InventorySourceId, string State, JobCounts Counts, JobProgress Progress,
    JsonElement Errors, DateTimeOffset Created, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>One Shopify location → one physical store of the organization (null: unmapped, not synced).</summary>
public sealed record LocationMappingIn(string? ShopifyLocationId, string? PhysicalStoreId);

public sealed record LocationMappingsRequest(IReadOnlyList<LocationMappingIn?>? Locations);

public sealed record ReadinessOut(
    string OrganizationId, bool PosConnected, int ConnectedSources, int PublishedLocations, int InStockOffers, bool Ready, IReadOnlyList<string> Missing);

public sealed class InventorySourceRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string Provider { get; init; } = "";
    public string ShopDomain { get; init; } = "";
    public string Status { get; init; } = "";
    public string Scopes { get; init; } = "";
    public string[] WebhookIds { get; init; } = [];
    public Guid? ActiveJobId { get; init; }
    public DateTimeOffset? LastSyncAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const string Select = """
        SELECT s.id, s.organization_id, s.provider, s.shop_domain, s.status, s.scopes, s.webhook_ids, s.last_sync_at, s.created_at, s.updated_at,
               (SELECT j.id FROM offers.sync_jobs j WHERE j.inventory_source_id = s.id AND j.state IN ('queued', 'running')) AS active_job_id
        FROM offers.inventory_sources s
        """;

    public InventorySourceOut ToOut(IEnumerable<LocationRow> locations) => new(
        ShortId.Encode(Id), ShortId.Encode(OrganizationId), Provider, ShopDomain, Status, Scopes, WebhookIds.Length,
        locations.Select(l => new InventorySourceLocationOut(l.ExternalLocationId, l.Name, l.PhysicalStoreId is { } s ? ShortId.Encode(s) : null)).ToList(),
        ActiveJobId is { } j ? ShortId.Encode(j) : null, LastSyncAt, CreatedAt, UpdatedAt);
}

public sealed class LocationRow
{
    public Guid InventorySourceId { get; init; }
    public string ExternalLocationId { get; init; } = "";
    public string Name { get; init; } = "";
    public Guid? PhysicalStoreId { get; init; }
}

public sealed class SyncJobRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid InventorySourceId { get; init; }
    public string State { get; init; } = "";
    public int CreatedCount { get; init; }
    public int UpdatedCount { get; init; }
    public int SkippedCount { get; init; }
    public int ErrorCount { get; init; }
    public int Processed { get; init; }
    public int? Total { get; init; }
    public string Errors { get; init; } = "[]";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    public const string Select = """
        SELECT id, organization_id, inventory_source_id, state, created_count, updated_count, skipped_count, error_count,
               processed, total, errors::text AS errors, created_at, started_at, finished_at
        FROM offers.sync_jobs
        """;

    public SyncJobOut ToOut() => new(
        ShortId.Encode(Id), "inventory_sync", ShortId.Encode(OrganizationId), ShortId.Encode(InventorySourceId), State,
        new JobCounts(CreatedCount, UpdatedCount, SkippedCount, ErrorCount),
        new JobProgress(Processed, Total, State == "succeeded" ? 100 : Total is > 0 ? Math.Min(100, Processed * 100 / Total.Value) : null),
        JsonDocument.Parse(Errors).RootElement.Clone(), CreatedAt, StartedAt, FinishedAt);
}
