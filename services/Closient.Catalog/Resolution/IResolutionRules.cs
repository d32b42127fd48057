namespace Closient.Catalog.Resolution;

/// <summary>
/// What the public resolver (<c>/01/…</c>) asks of the rules: where should this scan go? Loads the organization's
/// candidate rules (<see cref="ResolutionRuleCache"/> over <see cref="ResolutionRuleStore"/>), reads the URL-health status (<see cref="UrlHealthCache"/>)
/// and runs <see cref="RuleEvaluator"/>. <see cref="RuleDecision.HostedPage"/> when nothing matches.
/// </summary>
public interface IResolutionRules
{
    Task<RuleDecision> DecideAsync(RuleContext context, CancellationToken ct);
}

sealed class ResolutionRules(ResolutionRuleCache cache, UrlHealthCache health) : IResolutionRules
{
    public async Task<RuleDecision> DecideAsync(RuleContext context, CancellationToken ct)
    {
        var rules = await cache.GetAsync(context, ct);
        if (rules.Count == 0) return RuleDecision.HostedPage;
        if (rules.Any(r => r.CustomUrl is not null)) await health.EnsureFreshAsync(ct);
        return RuleEvaluator.Evaluate(rules, context, health.IsDead);
    }
}
