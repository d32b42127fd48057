using Closient.Catalog.Certifications;
using Closient.Catalog.Products;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Closient.Catalog.ProductData;

/// <summary>
/// Who may read and write a product's content (nutrition, ingredients, recalls, hierarchy): reads are open to
/// every secret-key caller, like the product itself; writes need <see cref="Permission.ManageProducts"/> on the
/// organization that owns the product (as PATCH /products/{gtin}). Every refusal is the same 404 as an unknown GTIN.
/// </summary>
static class ProductDataAccess
{
    /// <summary>The product for a read, or the problem: 404 for keyless/publishable callers and unknown GTINs, 422 for a bad GTIN.</summary>
    public static async Task<(ProductRef? Product, ProblemHttpResult? Problem)> ReadableAsync(
        NpgsqlConnection conn, Caller caller, string gtin, CancellationToken ct)
    {
        if (!ProductsApi.IsSecretKeyCaller(caller)) return (null, ProductsApi.ResourceNotFound());
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return (null, Problems.Validation("gtin", error));
        return await CertificationQueries.FindProductAsync(conn, gtin14, ct) is { } product
            ? (product, null) : (null, ProductsApi.NotFound(gtin14));
    }

    /// <summary>
    /// The product for a write, locked (FOR SHARE: it cannot change hands meanwhile) in <paramref name="tx"/>, with
    /// its owner; or the problem: 422 for a bad GTIN, 404 for unknown, unclaimed or another organization's products.
    /// </summary>
    public static async Task<(ProductRef? Product, Guid Owner, ProblemHttpResult? Problem)> WritableAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Caller caller, string gtin, CancellationToken ct)
    {
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return (null, Guid.Empty, Problems.Validation("gtin", error));
        var product = await CertificationQueries.FindProductAsync(conn, gtin14, ct, tx, lockShared: true);
        if (product?.OwnerId is not { } owner || !caller.Can(owner, Permission.ManageProducts))
            return (null, Guid.Empty, ProductsApi.NotFound(gtin14));
        return (product, owner, null);
    }

    /// <summary>
    /// Serializes writers of one kind of content of one product until <paramref name="tx"/> ends (a transaction-level
    /// advisory lock: the product row itself is only share-locked, so two writers cannot deadlock upgrading it).
    /// </summary>
    public static Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string kind, Guid productId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = $"catalog.product_data.{kind}.{productId}" }, tx, cancellationToken: ct));

    /// <summary>The GTIN check before anything is opened: a write names a GTIN first.</summary>
    public static ProblemHttpResult? BadGtin(string gtin) =>
        Gtin.TryNormalize(gtin, out _, out var error) ? null : Problems.Validation("gtin", error);
}
