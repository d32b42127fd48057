using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Catalog.Products;
using Closient.Testing;
using Microsoft.Extensions.Hosting;

namespace Closient.Catalog.Tests;

/// <summary>Calls the products API with the public JSON conventions and checks its problem responses.</summary>
public static class Api
{
    public const string Products = "/products/api/v1/products";

    /// <summary>The API's own JSON options: snake_case, unknown members rejected, so responses must match ProductOut exactly.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ServiceDefaultsExtensions.ConfigureJson(options);
        return options;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<ProductOut> CreateProductAsync(this HttpClient client, object body)
    {
        var response = await client.PostJsonAsync(Products, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<ProductOut>();
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    /// <summary>
    /// The shared problem checks (status, <c>application/problem+json</c>, <c>error_code</c>, the field in
    /// <c>errors</c>, no stack trace) plus the field in the spec's <c>details: [{field, message}]</c> list.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string errorCode, string? field = null)
    {
        var problem = await ProblemAssert.AssertAsync(response, (int)status, errorCode, field);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
            Assert.Contains(field, problem.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()));
        return problem;
    }
}
