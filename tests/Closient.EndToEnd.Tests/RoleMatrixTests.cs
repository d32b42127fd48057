using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Auth;
using Xunit.Abstractions;

namespace Closient.EndToEnd.Tests;

/// <summary>
/// The role half of the authorization matrix, generated like the credential half
/// (<see cref="AuthorizationMatrixTests"/>): every operation of every app the gateway routes, through
/// the gateway, as each membership role, as another organization's user and with a publishable key.
/// What each should get follows from the operation's declared access (<c>x-closient-access</c>, from
/// <c>.WithAccess(...)</c>) and the one role → permission table (<see cref="Roles"/>):
/// <list type="bullet">
/// <item>admitted: a read answers 2xx; a write with a minimal body (<c>{}</c>, plus the organization
/// when the body has one) gets past authorization: 2xx, or a 409/422 about the body; a delete of a
/// freshly seeded resource answers 2xx;</item>
/// <item>refused: 404 <c>NOT_FOUND</c>, never 403 (spec/conventions.md §3.3), and a refused delete leaves
/// the resource in place; a publishable key on a secret-key endpoint: the gateway's 403.</item>
/// </list>
/// An operation that declares no access fails the test, so a new endpoint cannot go unchecked.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RoleMatrixTests(SystemFixture system, ITestOutputHelper output)
{
    enum Outcome { Admitted, NotFound, Forbidden }

    [Fact]
    public async Task Every_endpoint_admits_the_roles_its_declared_access_grants_and_hides_from_everyone_else()
    {
        var operations = await OpenApiOperations.LoadAsync(system.Gateway);
        var undeclared = operations.All.Where(o => o.Access is null).ToList();
        Assert.True(undeclared.Count == 0, "Operations without a declared access (.WithAccess(...)):\n" + string.Join("\n", undeclared));
        Assert.True(operations.All.Count >= 20, $"only {operations.All.Count} operations found");

        var world = await MatrixWorld.CreateAsync(system);
        var failures = new List<string>();
        var cases = 0;
        // Deletes last, so what they remove cannot change what another case sees.
        foreach (var operation in operations.All.OrderBy(o => o.Method == "DELETE"))
            foreach (var caller in world.Callers)
            {
                var expected = Expected(operation.Access!, caller, world);
                var fresh = operation.Method == "DELETE" && expected == Outcome.Admitted;
                var path = await PathAsync(world, operation, fresh);
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
                if (operation.HasJsonBody) request.Content = Body(world, operation);
                else if (operation.MultipartProperties is { } form) request.Content = Form(world, form);
                using var response = await caller.Client.SendAsync(request);
                cases++;

                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                if (!Matches(expected, operation.Method, status, body))
                    failures.Add($"{operation} as {caller} ({operation.Access}): expected {expected}, got {status} {Truncate(body)}");
                else if (operation.Method == "DELETE" && expected != Outcome.Admitted && await StillThereAsync(world, operations, operation, path) is { } gone)
                    failures.Add($"{operation} as {caller}: refused, but {gone}");
            }

        output.WriteLine($"{cases} cases: {operations.All.Count} operations × {world.Callers.Count} callers; apps without a document: {string.Join(", ", operations.Undocumented)}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures));
    }

    static Outcome Expected(string access, MatrixCaller caller, MatrixWorld world)
    {
        if (access == "public" || (access == "publishable" && caller.IsPublishable)) return Outcome.Admitted;
        if (caller.IsPublishable) return Outcome.Forbidden; // the gateway: secret-key endpoint
        if (access is "user" or "any-key" or "publishable") return Outcome.Admitted; // every other caller holds a csu key
        if (access == "creator") return caller == world.Owner ? Outcome.Admitted : Outcome.NotFound; // the owner seeds everything
        Assert.StartsWith("org:", access);
        var permission = PermissionNames.Parse(access["org:".Length..]);
        return caller.Role is { } role && Roles.Grants(role, permission) ? Outcome.Admitted : Outcome.NotFound;
    }

    static bool Matches(Outcome expected, string method, int status, string body) => expected switch
    {
        Outcome.Admitted when method is "GET" or "DELETE" => status is >= 200 and < 300,
        Outcome.Admitted => status is (>= 200 and < 300) or 409 || (status == 422 && body.Contains("VALIDATION_ERROR")),
        Outcome.NotFound => status == 404 && body.Contains("NOT_FOUND"),
        _ => status == 403,
    };

    static async Task<string> PathAsync(MatrixWorld world, OpenApiOperation operation, bool fresh)
    {
        var path = operation.Template;
        var values = new Dictionary<string, string>();
        foreach (Match parameter in Regex.Matches(operation.Template, @"\{([^}]+)\}"))
        {
            var name = parameter.Groups[1].Value;
            values[name] = await world.ValueAsync(operation.Template, name, fresh, values);
            path = path.Replace(parameter.Value, values[name]);
        }
        var query = operation.QueryParameters.Select(n => (n, v: world.QueryValue(n))).Where(p => p.v is not null)
            .Select(p => $"{p.n}={Uri.EscapeDataString(p.v!)}").ToList();
        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    /// <summary><c>{}</c> (<c>[]</c> for a list), with the matrix organization when the body names one (so the handler decides on it).</summary>
    static StringContent Body(MatrixWorld world, OpenApiOperation operation)
    {
        if (operation.JsonBodyIsArray) return new StringContent("[]", Encoding.UTF8, "application/json");
        var body = new JsonObject();
        if (operation.BodyProperties.ContainsKey("organization_id")) body["organization_id"] = world.Organization;
        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>
    /// A form with a tiny file for each file field, and the matrix organization when the form has one; a
    /// form documented as one bare file (no named fields) gets a file part named <c>file</c>.
    /// </summary>
    static MultipartFormDataContent Form(MatrixWorld world, JsonObject properties)
    {
        var form = new MultipartFormDataContent();
        if (properties.Count == 0) form.Add(new ByteArrayContent("gtin\n"u8.ToArray()), "file", "matrix.txt");
        foreach (var (name, schema) in properties)
        {
            if (schema?["format"]?.GetValue<string>() == "binary")
                form.Add(new ByteArrayContent("gtin\n"u8.ToArray()), name, "matrix.txt");
            else if (name == "organization_id")
                form.Add(new StringContent(world.Organization), name);
        }
        return form;
    }

    /// <summary>After a refused delete: null when the resource still reads back for the owner, else what went wrong.</summary>
    static async Task<string?> StillThereAsync(MatrixWorld world, OpenApiOperations operations, OpenApiOperation delete, string path)
    {
        if (!operations.All.Any(o => o.Method == "GET" && o.Template == delete.Template)) return null;
        var response = await world.Owner.Client.GetAsync(path);
        return response.IsSuccessStatusCode ? null : $"the owner's GET {path} then answered {(int)response.StatusCode}";
    }

    static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
