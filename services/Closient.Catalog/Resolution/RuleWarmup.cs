using Closient.Catalog.Resolver;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Holds every preloaded product's rules (<see cref="GtinRules"/>: its PRODUCT, its brand's BRAND and its organization's
/// ORGANIZATION rules, and whether it has lot or serial rules) in <see cref="ResolutionRuleCache"/>, from one bulk read,
/// so a scan of any product reads no rule from the database. Lot and serial rules themselves stay lazy (one indexed
/// lookup the first time a lot or serial is scanned): a GTIN may have millions.
/// </summary>
sealed class RuleWarmup(ResolutionRuleStore store, ResolutionRuleCache cache, IOptions<ResolverOptions> options) : IResolutionWarmup
{
    public async Task WarmAsync(IReadOnlyList<ResolvedProduct> products, CancellationToken ct)
    {
        var owners = products.Where(p => p.OwnerId is not null).Select(p => p.OwnerId!.Value).Distinct().ToList();
        if (owners.Count == 0) return;
        var generations = owners.ToDictionary(o => o, cache.Generation);
        var (rules, scoped) = await store.LoadAllAsync(ct);

        var byScope = rules.GroupBy(r => (r.OrganizationId, r.Scope, r.ScopeId ?? ""))
            .ToDictionary(g => g.Key, g => g.ToList());
        var withScoped = scoped.ToHashSet();
        var ttl = TimeSpan.FromSeconds(options.Value.EntrySeconds);
        List<ResolutionRule> Rules(Guid org, RuleScope scope, string id) => byScope.GetValueOrDefault((org, scope, id)) ?? [];

        foreach (var product in products)
        {
            if (product.OwnerId is not { } org) continue;
            var gtin = product.Product.Gtin;
            var brand = product.BrandId is { } b ? Rules(org, RuleScope.Brand, ShortId.Encode(b)) : [];
            List<ResolutionRule> list = [.. Rules(org, RuleScope.Product, gtin), .. brand, .. Rules(org, RuleScope.Organization, "")];
            var entry = new GtinRules(list, withScoped.Contains((org, (short)RuleScope.Serial, gtin)), withScoped.Contains((org, (short)RuleScope.Batch, gtin)));
            cache.Put(org, generations[org], gtin, product.BrandId, entry, ttl);
        }
    }
}
