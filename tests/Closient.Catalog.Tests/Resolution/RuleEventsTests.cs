using Closient.Catalog.Resolution;
using Closient.Contracts.Catalog;
using Closient.ServiceDefaults.Http;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolution;

public sealed class RuleEventsTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    readonly string org = ShortId.Encode(Guid.CreateVersion7());
    HttpClient? ownerClient;
    HttpClient owner => ownerClient ??= fx.ClientFor(org);

    [Fact]
    public async Task Every_change_publishes_ResolutionRuleChanged_through_the_outbox()
    {
        var gtin = await owner.ClaimProductAsync(org);
        Assert.True(ShortId.TryParse(org, out var orgId));

        var rule = await owner.CreateRuleAsync(org, new { scope_type = "BATCH", scope_id = $"{gtin}/10/L1", order_index = 0, destination_type = "HOSTED_PAGE" });
        var ruleId = Rules.IdOf(rule);
        var (created, messageId) = await fx.Bus.WaitForAsync<ResolutionRuleChanged>(e => e.RuleId == ruleId && e.ChangeKind == "created");

        var patched = await (await owner.PatchJsonAsync(Rules.Rule(rule.Id), new { scope_type = "ORGANIZATION" })).ReadAsync<ResolutionRuleOut>();
        var (updated, _) = await fx.Bus.WaitForAsync<ResolutionRuleChanged>(e => e.RuleId == ruleId && e.ChangeKind == "updated");

        var reordered = await (await owner.PostJsonAsync(Rules.Reorder(org), new[] { new { id = rule.Id, order_index = 3 } })).ReadAsync<List<ResolutionRuleOut>>();
        var (moved, _) = await fx.Bus.WaitForAsync<ResolutionRuleChanged>(e => e.RuleId == ruleId && e.ChangeKind == "reordered");

        await owner.DeleteAsync(Rules.Rule(rule.Id));
        var (deleted, _) = await fx.Bus.WaitForAsync<ResolutionRuleChanged>(e => e.RuleId == ruleId && e.ChangeKind == "deleted");

        Assert.Equal(new ResolutionRuleChanged(orgId, ruleId, "BATCH", $"{gtin}/10/L1", "created", rule.Created), created);
        Assert.Equal(new ResolutionRuleChanged(orgId, ruleId, "ORGANIZATION", null, "updated", patched.Modified), updated);
        Assert.Equal(new ResolutionRuleChanged(orgId, ruleId, "ORGANIZATION", null, "reordered", reordered[0].Modified), moved);
        Assert.Equal((orgId, "ORGANIZATION"), (deleted.OrganizationId, deleted.ScopeType));
        Assert.True(deleted.OccurredAt > moved.OccurredAt);
        await Eventually.TrueAsync(
            () => fx.Database.ScalarAsync<bool>("SELECT sent_at IS NOT NULL FROM catalog.outbox WHERE id = @messageId", new { messageId }),
            TimeSpan.FromSeconds(10), "the outbox row is marked sent");
    }
}
