using System.Net;
using Closient.Catalog.Brands;
using Closient.Catalog.Images;
using Closient.Catalog.Products;
using Closient.Catalog.Tests.Images;

namespace Closient.Catalog.Tests.Brands;

/// <summary>Paths and small helpers shared by the brand, image and dashboard tests.</summary>
public static class BrandsTestApi
{
    public const string BrandsPath = "/brands/api/v1/brands";
    public const string PublicBrandsPath = "/brands/api/v1/public/brands";

    public static string ImagesPath(string org, string gtin) => $"/dashboard/api/v1/trade-items/{org}/{gtin}/images";

    public static string CompletenessPath(string org, string gtin) => $"/dashboard/api/v1/trade-items/{org}/{gtin}/completeness";

    public static string StatsPath(string org) => $"/dashboard/api/v1/stats/{org}";

    public static async Task<BrandOut> CreateBrandAsync(this HttpClient client, string org, string name, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["organization_id"] = org, ["name"] = name };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var response = await client.PostJsonAsync(BrandsPath, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<BrandOut>();
    }

    /// <summary>A product claimed by <paramref name="org"/> (the client must act for it with ManageProducts).</summary>
    public static Task<ProductOut> CreateOwnedProductAsync(this HttpClient client, string org, string name = "Product", string brand = "",
        string description = "", string country = "") =>
        client.CreateProductAsync(new
        {
            gtin = TestGtins.New13(), organization_id = org, product_name = name, brand, description, country_of_origin = country,
        });

    public static async Task<ImageOut> UploadImageAsync(this HttpClient client, string org, string gtin, byte[]? bytes = null,
        bool primary = false, string title = "", string contentType = "image/png", string fileName = "photo.png")
    {
        var form = TestImages.Form("image", bytes ?? TestImages.Png(4, 3), contentType, fileName, ("title", title), ("is_primary", primary ? "true" : "false"));
        var response = await client.PostAsync(ImagesPath(org, gtin), form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ImageOut>();
    }
}
