using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Closient.EndToEnd.Tests;

/// <summary>
/// The bad-input sweep, generated like the authorization matrix: every operation with a JSON body in
/// every service's OpenAPI document gets malformed JSON, a non-object, an unknown field, every field
/// with the wrong type, every string field oversize and full of SQL/HTML metacharacters, and a body
/// over the limit — through the gateway with a manager key of the organization. Each must be a 4xx
/// problem (never 5xx) and nothing may be written (no event reaches any outbox).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputSweepTests(SystemFixture system)
{
    const string Hostile = "'); DROP TABLE offers.in_store_offers;-- <script>alert(1)</script> \" OR 1=1 ";

    [Fact]
    public async Task Every_json_body_endpoint_answers_hostile_input_with_a_4xx_problem_and_writes_nothing()
    {
        var before = await OutboxCountAsync();
        var failures = new List<string>();
        var swept = 0;
        foreach (var operation in (await OpenApiOperations.LoadAsync(system.Gateway)).All.Where(o => o.HasJsonBody))
        {
            var (method, template) = (operation.Method, operation.Template);
            var path = template.Replace("{organization_id}", system.OrganizationId).Replace("{org_id}", system.OrganizationId);
            path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "2222222222222222222222");
            swept++;
            foreach (var (name, body) in Payloads(operation.BodyProperties))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                // As a well-behaved client does for large uploads: an oversize body is refused on its
                // declared length before it is sent (no broken pipe while the gateway answers 413).
                request.Headers.ExpectContinue = body.Length > 64 * 1024;
                var response = await system.Gateway.SendAsync(request);
                var status = (int)response.StatusCode;
                var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                if (status is < 400 or >= 500 || !isProblem)
                    failures.Add($"{method} {template} with {name}: {status} {(isProblem ? "" : "(not a problem)")}");
            }
        }

        Assert.True(swept >= 10, $"only {swept} operations with a JSON body found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await OutboxCountAsync());
    }

    static IEnumerable<(string Name, string Body)> Payloads(JsonObject properties)
    {
        yield return ("malformed JSON", "{\"a\": ");
        yield return ("a JSON array", "[]");
        yield return ("an unknown field", "{\"zz_not_a_field\": 1}");
        yield return ("wrong types", new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, WrongType(p.Value)))).ToJsonString());
        var strings = properties.Where(p => Types(p.Value).Contains("string")).ToList();
        if (strings.Count > 0)
            yield return ("oversize metacharacter strings", new JsonObject(strings.Select(p =>
                KeyValuePair.Create<string, JsonNode?>(p.Key, Hostile + new string('x', 20_000)))).ToJsonString());
        yield return ("a 2 MB body", "{\"x\": \"" + new string('x', 2 * 1024 * 1024) + "\"}");
    }

    /// <summary>A value of a JSON type the property does not accept.</summary>
    static JsonNode? WrongType(JsonNode? property)
    {
        var types = Types(property);
        if (types.Contains("string")) return JsonValue.Create(12345);
        if (types.Contains("number") || types.Contains("integer")) return JsonValue.Create("not a number");
        if (types.Contains("boolean")) return JsonValue.Create("yes");
        return JsonValue.Create(Hostile); // objects, arrays, raw JSON elements: a string is wrong for most; harmless otherwise
    }

    static string[] Types(JsonNode? property) => property?["type"] switch
    {
        JsonArray array => array.Select(t => t!.GetValue<string>()).ToArray(),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    async Task<long> OutboxCountAsync()
    {
        await using var db = new NpgsqlConnection(system.DatabaseAdmin);
        return await db.ExecuteScalarAsync<long>("""
            SELECT (SELECT count(*) FROM accounts.outbox) + (SELECT count(*) FROM catalog.outbox) + (SELECT count(*) FROM offers.outbox)
                 + (SELECT count(*) FROM locations.outbox) + (SELECT count(*) FROM search.outbox)
            """);
    }
}
