using System.Net;
using System.Text.Json.Nodes;
using Closient.Gateway.Routing;

namespace Closient.EndToEnd.Tests;

/// <summary>One operation of a service's OpenAPI document, as the generated tests walk them.</summary>
public sealed record OpenApiOperation(string App, string Method, string Template, JsonNode Operation, JsonNode Document)
{
    /// <summary>The <c>x-closient-access</c> declaration (<c>public</c>, <c>user</c>, <c>any-key</c>, <c>publishable</c>, <c>org:PERMISSION</c>), or null.</summary>
    public string? Access => Operation[Closient.ServiceDefaults.Auth.AccessRule.OpenApiExtension]?.GetValue<string>();

    /// <summary>The JSON request body's property schemas, <c>$ref</c>s resolved; empty without a JSON body.</summary>
    public JsonObject BodyProperties => Operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema
        ? Resolve(schema)?["properties"]?.AsObject() ?? [] : [];

    /// <summary>Whether the JSON body is an array (a reorder's list) rather than an object.</summary>
    public bool JsonBodyIsArray => Operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema
        && Resolve(schema)?["type"] is { } type && type.ToJsonString().Contains("\"array\"");

    public bool HasJsonBody => Operation["requestBody"]?["content"]?["application/json"] is not null;

    /// <summary>The multipart form's property schemas (uploads), <c>$ref</c>s resolved; null without a multipart body.</summary>
    public JsonObject? MultipartProperties => Operation["requestBody"]?["content"]?["multipart/form-data"]?["schema"] is { } schema
        ? Resolve(schema)?["properties"]?.AsObject() ?? [] : null;

    public IEnumerable<string> QueryParameters => (Operation["parameters"]?.AsArray() ?? [])
        .Where(p => p?["in"]?.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>());

    /// <summary>A schema with its <c>$ref</c> followed; a nullable body (<c>oneOf</c>/<c>anyOf</c> of a ref and null) is its ref.</summary>
    JsonNode? Resolve(JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference) return Document["components"]!["schemas"]![reference.Split('/')[^1]];
        var alternatives = (schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"])?.AsArray();
        return alternatives?.FirstOrDefault(a => a?["$ref"] is not null) is { } alternative ? Resolve(alternative) : schema;
    }

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>
/// Every operation the running system documents: the apps come from the gateway's route table (each
/// <c>/{app}/api/v1/{**rest}</c> route), each app's document from <c>/{app}/api/v1/openapi.json</c>
/// through the gateway. A route whose app serves no document yet is skipped and named in <see cref="Undocumented"/>.
/// </summary>
public sealed class OpenApiOperations
{
    public IReadOnlyList<OpenApiOperation> All { get; }
    public IReadOnlyList<string> Undocumented { get; }

    OpenApiOperations(IReadOnlyList<OpenApiOperation> all, IReadOnlyList<string> undocumented) => (All, Undocumented) = (all, undocumented);

    public static IEnumerable<string> Apps => GatewayRoutes.Table.SelectMany(c => c.Paths)
        .Where(p => p.EndsWith("/api/v1/{**rest}", StringComparison.Ordinal))
        .Select(p => p.Split('/')[1]).Distinct();

    public static async Task<OpenApiOperations> LoadAsync(HttpClient gateway)
    {
        var operations = new List<OpenApiOperation>();
        var undocumented = new List<string>();
        foreach (var app in Apps)
        {
            var response = await gateway.GetAsync($"/{app}/api/v1/openapi.json");
            if (response.StatusCode == HttpStatusCode.NotFound) { undocumented.Add(app); continue; }
            response.EnsureSuccessStatusCode();
            var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            foreach (var (template, item) in doc["paths"]!.AsObject())
                foreach (var (method, operation) in item!.AsObject())
                    if (method is "get" or "post" or "put" or "patch" or "delete")
                        operations.Add(new OpenApiOperation(app, method.ToUpperInvariant(), template, operation!, doc));
        }
        return new OpenApiOperations(operations, undocumented);
    }
}
