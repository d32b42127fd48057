using System.Net;
using System.Net.Http.Json;

namespace Closient.Catalog.Tests.ProductData;

/// <summary>Paths and helpers of the product content tests.</summary>
static class ProductDataTestApi
{
    public static string Nutrition(string gtin) => $"{Api.Products}/{gtin}/nutrition";
    public static string Ingredients(string gtin) => $"{Api.Products}/{gtin}/ingredients";
    public static string Recalls(string gtin) => $"{Api.Products}/{gtin}/recalls";
    public static string Hierarchy(string gtin) => $"{Api.Products}/{gtin}/hierarchy";

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Api.Json);

    public static object Panel(decimal sugar = 12.5m) => new
    {
        serving_size = "1 cup (240 ml)", label_format = "US_FDA", serving_size_g = 240, servings_per_container = 4.5,
        nutrients = new object[]
        {
            new { name = "Energy", amount = 120, unit = "kcal" },
            new { name = "Total Sugars", amount = sugar, unit = "g", daily_value_pct = 25 },
        },
    };

    public static async Task<T> OkAsync<T>(this Task<HttpResponseMessage> call, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await call;
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<T>();
    }
}
