using System.Net;
using Closient.Catalog.Gs1;
using Closient.Catalog.Tests.Gs1;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>Every primary key of the dictionary is recognised and validated; only GTINs are resolved (spec/resolver.md §1).</summary>
public sealed class OtherPrimaryKeysTests(ResolverFixture fx) : IClassFixture<ResolverFixture>
{
    public static TheoryData<string> NonGtinKeys => new(SyntaxDictionary.Instance.PrimaryKeys.Select(k => k.Ai).Where(ai => ai != "01"));

    [Theory]
    [MemberData(nameof(NonGtinKeys))]
    public async Task A_valid_uri_of_another_key_is_a_descriptive_404(string ai)
    {
        var key = SyntaxDictionary.Instance.Find(ai)!;
        var path = $"/{ai}/{Uri.EscapeDataString(Gs1Samples.Valid(key))}";
        foreach (var qualifier in key.QualifierPaths.FirstOrDefault() ?? [])
            path += $"/{qualifier}/{Uri.EscapeDataString(Gs1Samples.Valid(SyntaxDictionary.Instance.Find(qualifier)!))}";

        var response = await fx.Scanner().GetAsync(path, "text/html");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Contains("not yet resolved", problem.GetProperty("detail").GetString());
        Assert.Contains($"({ai})", problem.GetProperty("detail").GetString());
        Assert.Contains("rel=\"linkset\"", response.LinkHeader());
    }

    [Theory]
    [MemberData(nameof(NonGtinKeys))]
    public async Task A_malformed_uri_of_another_key_is_400(string ai)
    {
        var key = SyntaxDictionary.Instance.Find(ai)!;
        var bad = key.Components.Any(c => c.Linters.Contains("csum"))
            ? Gs1Samples.WithWrongCheckDigit(key)
            : new string('x', key.MaxLength + 1);

        var response = await fx.Scanner().GetAsync($"/{ai}/{bad}", "text/html");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
