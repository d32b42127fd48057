using System.Text.Json.Nodes;

namespace Closient.Catalog.Tests.Import;

public sealed class ImportOpenApiTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task The_openapi_document_lists_the_new_paths_and_the_import_as_a_multipart_upload()
    {
        using var client = fx.Factory.CreateClient();

        var doc = JsonNode.Parse(await client.GetStringAsync("/products/api/v1/openapi.json"))!;

        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/products/api/v1/products/{gtin}/claim", "/products/api/v1/products/{gtin}/report-claim", "/products/api/v1/trade-items",
            "/products/api/v1/trade-items/{gtin}", "/products/api/v1/browse/products", "/products/api/v1/browse/products/{id}",
            "/products/api/v1/import/csv", "/products/api/v1/import/csv/template",
        })
            Assert.True(paths.ContainsKey(path), path);
        Assert.NotNull(paths["/products/api/v1/products/{gtin}"]!["delete"]);
        var upload = paths["/products/api/v1/import/csv"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"];
        var reference = upload!["schema"]!["$ref"]!.GetValue<string>();
        var schema = doc["components"]!["schemas"]![reference.Split('/')[^1]]!;
        Assert.True(schema["properties"]!.AsObject().ContainsKey("file"), schema.ToJsonString());
    }
}
