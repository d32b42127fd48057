using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Http;

namespace Closient.Accounts.Organizations;

/// <summary>Body of create (name and country required) and PUT (every field optional; null = unchanged).</summary>
public sealed record OrganizationRequest(string? Name, string? Country, bool? IsBrand, Dictionary<string, string?>? Metadata);

public sealed record OrganizationOut(string Id, string Name, string Country, bool IsBrand, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset Created);

public sealed class OrganizationRow
{
    public const string Columns = "id, name, country, is_brand, metadata::text AS metadata, created";

    public Guid Id { get; init; }
    public string Name { get; set; } = "";
    public string Country { get; set; } = "";
    public bool IsBrand { get; set; }
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset Created { get; init; }

    public OrganizationOut ToOut() =>
        new(ShortId.Encode(Id), Name, Country, IsBrand, ServiceDefaults.Http.Metadata.FromJson(Metadata), Created);

    public OrganizationCreated ToCreated() => new(Id, Name, Country, IsBrand, Created);
}

static class OrganizationRules
{
    public const int MaxName = 255;

    /// <summary>Validates the fields present in <paramref name="body"/> and applies them to <paramref name="row"/>.</summary>
    public static void Apply(OrganizationRow row, OrganizationRequest body, bool creating, Validation v)
    {
        if (creating || body.Name is not null) row.Name = v.Required("name", body.Name, MaxName);
        if (creating || body.Country is not null) row.Country = Countries.Normalize("country", body.Country, v);
        if (body.IsBrand is { } isBrand) row.IsBrand = isBrand;
        row.Metadata = ServiceDefaults.Http.Metadata.ToJson(
            ServiceDefaults.Http.Metadata.Merge(ServiceDefaults.Http.Metadata.FromJson(row.Metadata), body.Metadata, v));
    }
}
