using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Closient.Catalog.Import;
using Closient.Testing;

namespace Closient.Catalog.Tests.Import;

/// <summary>
/// The catalog fixture with the in-process host's body limit raised to what the import endpoint allows in
/// production: there the endpoint's RequestSizeLimit raises Kestrel's 1 MiB, but the test server has no
/// body-size feature for routing to raise, so ServiceDefaults' RequestBodyLimit would apply 1 MiB.
/// </summary>
public sealed class ImportFixture : ServiceFixture<CatalogMarker>
{
    protected override (string, Assembly)[] Schemas => [("catalog", typeof(CatalogMarker).Assembly)];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kestrel:Limits:MaxRequestBodySize"] = (ProductImportApi.MaxFileBytes + 1024 * 1024).ToString(),
    };
}

public static class ImportApi
{
    public const string Csv = "/products/api/v1/import/csv";

    public static MultipartFormDataContent Form(string csv, string? organizationId = null, string fileName = "products.csv") =>
        Form(Encoding.UTF8.GetBytes(csv), organizationId, fileName);

    public static MultipartFormDataContent Form(byte[] bytes, string? organizationId = null, string fileName = "products.csv")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (organizationId is not null) form.Add(new StringContent(organizationId), "organization_id");
        return form;
    }

    public static async Task<ImportResult> ImportAsync(this HttpClient client, string csv, string? organizationId = null)
    {
        var response = await client.PostAsync(Csv, Form(csv, organizationId));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, body);
        var result = await response.ReadAsync<ImportResult>();
        Assert.Equal(result.TotalRows, result.Created + result.Updated + result.Skipped + result.ErrorCount);
        return result;
    }

    /// <summary>total_rows, created, updated, skipped, error_count.</summary>
    public static (int, int, int, int, int) Counts(this ImportResult r) => (r.TotalRows, r.Created, r.Updated, r.Skipped, r.ErrorCount);
}
