using Closient.Accounts.Organizations;
using Closient.Contracts.Accounts;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Data;
using Closient.ServiceDefaults.Http;
using Closient.ServiceDefaults.Messaging;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Closient.Accounts.ApiKeys;

/// <summary>
/// An organization's API keys (csb and cpk), all behind ManageApiKeys; anyone else gets 404. The raw
/// key is returned once, by create; afterwards only <c>masked</c> (prefix and last four) is shown.
/// </summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(OrganizationsApi.Path + "/{organization_id}/api-keys").WithTags("API keys").RequireAuthorization()
            .WithAccess(AccessRule.Org(Permission.ManageApiKeys));
        api.MapGet("", ListApiKeys).WithName("ListApiKeys");
        api.MapPost("", CreateApiKey).WithName("CreateApiKey").WithSummary("Creates a key; the response holds the raw key, shown only this once.");
        api.MapGet("/{key_id}", GetApiKey).WithName("GetApiKey");
        api.MapPatch("/{key_id}", UpdateApiKey).WithName("UpdateApiKey").WithSummary("Changes a key's name, description or metadata.");
        api.MapDelete("/{key_id}", DeleteApiKey).WithName("DeleteApiKey").WithSummary("Revokes and deletes a key at once.");
        return app;
    }

    static async Task<Results<Ok<Paged<ApiKeyOut>>, ProblemHttpResult>> ListApiKeys(
        [FromRoute(Name = "organization_id")] string organizationId,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "page_size")] string? pageSize,
        HttpRequest request, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageApiKeys, out var org)) return Problems.OrganizationNotFound();
        var v = new Validation();
        var query = PageQuery.Parse(page, pageSize, v);
        var metadata = MetadataFilter.Parse(request.Query, v);
        if (!v.IsValid) return v.ToProblem();

        const string sql = $"""
            SELECT count(*) FROM accounts.api_keys WHERE organization_id = @org AND metadata @> @metadata::jsonb;
            SELECT {ApiKeyRow.Columns} FROM accounts.api_keys WHERE organization_id = @org AND metadata @> @metadata::jsonb
            ORDER BY id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { org, metadata, query.PageSize, query.Offset }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<ApiKeyRow>();
        return TypedResults.Ok(Paged<ApiKeyOut>.Of(rows.Select(r => r.ToOut()).ToList(), query, total));
    }

    static async Task<Results<Created<ApiKeyCreatedOut>, ProblemHttpResult>> CreateApiKey(
        [FromRoute(Name = "organization_id")] string organizationId, ApiKeyRequest body,
        Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageApiKeys, out var org)) return Problems.OrganizationNotFound();
        var now = DatabaseTime.Now(clock);
        var v = new Validation();
        var keyType = ApiKeyRules.KeyType(body.KeyType, v);
        var template = new ApiKeyRow
        {
            Id = ShortId.NewGuid(), OrganizationId = org, UserId = caller.UserId, KeyType = keyType,
            Name = v.Required("name", body.Name, ApiKeyRules.MaxName),
            Description = v.Optional("description", body.Description, ApiKeyRules.MaxDescription),
            Role = ApiKeyRules.Role(body.Role, keyType, v),
            Metadata = Metadata.ToJson(Metadata.ForCreate(body.Metadata, v)),
            ExpiresAt = body.ExpiresAt?.ToUniversalTime(),
            RateLimitPerMinute = ApiKeyRules.RateLimit("rate_limit_per_minute", body.RateLimitPerMinute, ApiKeyRules.MaxPerMinute, v),
            RateLimitPerDay = ApiKeyRules.RateLimit("rate_limit_per_day", body.RateLimitPerDay, ApiKeyRules.MaxPerDay, v),
            Created = now,
        };
        if (template.ExpiresAt <= now) v.Add("expires_at", "Must be in the future.");
        if (!v.IsValid) return v.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await OrganizationStore.LockAsync(conn, tx, org, ct)) return Problems.OrganizationNotFound();
        // The creating user is recorded only when it still exists (an org key creating a key has none).
        if (template.UserId is { } userId && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM accounts.users WHERE id = @userId)", new { userId }, tx, cancellationToken: ct)))
            template.UserId = null;
        var key = await ApiKeyStore.InsertAsync(conn, tx, template, ct);
        await tx.CommitAsync(ct);

        var result = template.ToCreatedOut(key);
        return TypedResults.Created($"{OrganizationsApi.Path}/{ShortId.Encode(org)}/api-keys/{result.Id}", result);
    }

    static async Task<Results<Ok<ApiKeyOut>, ProblemHttpResult>> GetApiKey(
        [FromRoute(Name = "organization_id")] string organizationId, [FromRoute(Name = "key_id")] string keyId,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageApiKeys, out var org)) return Problems.OrganizationNotFound();
        if (!ShortId.TryParse(keyId, out var id)) return KeyNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        var key = await FindAsync(conn, null, org, id, ct);
        return key is null ? KeyNotFound() : TypedResults.Ok(key.ToOut());
    }

    static async Task<Results<Ok<ApiKeyOut>, ProblemHttpResult>> UpdateApiKey(
        [FromRoute(Name = "organization_id")] string organizationId, [FromRoute(Name = "key_id")] string keyId, ApiKeyPatch body,
        Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageApiKeys, out var org)) return Problems.OrganizationNotFound();
        if (!ShortId.TryParse(keyId, out var id)) return KeyNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var key = await FindAsync(conn, tx, org, id, ct, forUpdate: true);
        if (key is null) return KeyNotFound();

        var v = new Validation();
        if (body.Name is not null) key.Name = v.Required("name", body.Name, ApiKeyRules.MaxName);
        if (body.Description is not null) key.Description = v.Optional("description", body.Description, ApiKeyRules.MaxDescription);
        key.Metadata = Metadata.ToJson(Metadata.Merge(Metadata.FromJson(key.Metadata), body.Metadata, v));
        if (!v.IsValid) return v.ToProblem();

        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts.api_keys SET name = @Name, description = @Description, metadata = @Metadata::jsonb WHERE id = @Id",
            key, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Ok(key.ToOut());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteApiKey(
        [FromRoute(Name = "organization_id")] string organizationId, [FromRoute(Name = "key_id")] string keyId,
        Caller caller, NpgsqlDataSource db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.TryOrganization(organizationId, Permission.ManageApiKeys, out var org)) return Problems.OrganizationNotFound();
        if (!ShortId.TryParse(keyId, out var id)) return KeyNotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var hash = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "DELETE FROM accounts.api_keys WHERE id = @id AND organization_id = @org RETURNING key_hash", new { id, org }, tx, cancellationToken: ct));
        if (hash is null) return KeyNotFound();
        await outbox.AddAsync(conn, tx, new ApiKeyRevoked(id, org, hash, DatabaseTime.Now(clock)), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static Task<ApiKeyRow?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid org, Guid id, CancellationToken ct, bool forUpdate = false) =>
        conn.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"SELECT {ApiKeyRow.Columns} FROM accounts.api_keys WHERE id = @id AND organization_id = @org{(forUpdate ? " FOR UPDATE" : "")}",
            new { id, org }, tx, cancellationToken: ct));

    static ProblemHttpResult KeyNotFound() => Problems.NotFound("No API key with this id in the organization.");
}
