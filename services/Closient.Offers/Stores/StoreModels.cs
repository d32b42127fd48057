using Closient.ServiceDefaults.Http;
using Dapper;
using Npgsql;

namespace Closient.Offers.Stores;

/// <summary>Body of physical-store create (POST) and update (PATCH: omitted or null = unchanged).</summary>
public sealed record PhysicalStoreRequest
{
    /// <summary>Required on create: an org-private retailer of the same organization or a canonical one.</summary>
    public string? RetailerId { get; init; }

    /// <summary>Required on create, immutable: a location of the same organization (published or not); one store per location.</summary>
    public string? LocationId { get; init; }

    /// <summary>Default: the location's name.</summary>
    public string? Name { get; init; }

    /// <summary>ISO 4217; default: the location's currency. Denominates the prices of offers created afterwards.</summary>
    public string? Currency { get; init; }

    public bool? IsActive { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

public sealed record PhysicalStoreOut(
    string Id,
    string OrganizationId,
    string RetailerId,
    string LocationId,
    string Name,
    string Currency,
    bool IsActive,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Created,
    DateTimeOffset Updated);

public sealed class PhysicalStoreRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid RetailerId { get; set; }
    public Guid LocationId { get; init; }
    public string Name { get; set; } = "";
    public string Currency { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public const string Columns = "id, organization_id, retailer_id, location_id, name, currency, is_active, metadata::text AS metadata, created_at, updated_at";

    public PhysicalStoreOut ToOut() => new(ShortId.Encode(Id), ShortId.Encode(OrganizationId), ShortId.Encode(RetailerId),
        ShortId.Encode(LocationId), Name, Currency, IsActive, ServiceDefaults.Http.Metadata.FromJson(Metadata), CreatedAt, UpdatedAt);
}

/// <summary>Body of online-store create (POST) and update (PATCH: omitted or null = unchanged).</summary>
public sealed record OnlineStoreRequest
{
    /// <summary>Required on create: an org-private retailer of the same organization or a canonical one.</summary>
    public string? RetailerId { get; init; }

    /// <summary>Required on create.</summary>
    public string? Name { get; init; }

    /// <summary>The storefront, an absolute http(s) URL; "" for none.</summary>
    public string? Url { get; init; }

    /// <summary>Required on create: ISO 4217, denominates the prices of offers created afterwards.</summary>
    public string? Currency { get; init; }

    public bool? IsActive { get; init; }
    public Dictionary<string, string?>? Metadata { get; init; }
}

public sealed record OnlineStoreOut(
    string Id,
    string OrganizationId,
    string RetailerId,
    string Name,
    string Url,
    string Currency,
    bool IsActive,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Created,
    DateTimeOffset Updated);

public sealed class OnlineStoreRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid RetailerId { get; set; }
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public string Currency { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public const string Columns = "id, organization_id, retailer_id, name, url, currency, is_active, metadata::text AS metadata, created_at, updated_at";

    public OnlineStoreOut ToOut() => new(ShortId.Encode(Id), ShortId.Encode(OrganizationId), ShortId.Encode(RetailerId),
        Name, Url, Currency, IsActive, ServiceDefaults.Http.Metadata.FromJson(Metadata), CreatedAt, UpdatedAt);
}

/// <summary>Lookups stores share.</summary>
public static class StoreLookups
{
    public const int MaxNameLength = 200;

    /// <summary>
    /// Whether <paramref name="retailerId"/> may carry stores of <paramref name="organizationId"/>: a
    /// canonical retailer, or a (not deleted) org-private one of that organization. Other organizations'
    /// retailers answer like missing ones.
    /// </summary>
    public static Task<bool> RetailerUsableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid retailerId, Guid organizationId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM offers.retailers WHERE id = @retailerId AND deleted_at IS NULL
                           AND (is_canonical OR organization_id = @organizationId) FOR SHARE)
            """, new { retailerId, organizationId }, tx, cancellationToken: ct));

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult RetailerNotFound(string? id) =>
        Problems.NotFound($"No retailer with retailer_id '{id}' is usable by this organization.");
}
