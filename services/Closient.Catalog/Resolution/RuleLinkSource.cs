using Closient.Catalog.Resolver;

namespace Closient.Catalog.Resolution;

/// <summary>
/// Plugs the organization's resolution rules into the public resolver (<see cref="IResolutionLinkSource"/>):
/// the owner's rules decide where this scan goes. A matching CUSTOM_URL rule becomes a link of the requested
/// link type (<c>gs1:pip</c> when none was asked for) at the level of its scope (serial, lot or the GTIN) and
/// the default link; HOSTED_PAGE, no match, a dead URL's fallback and unclaimed products keep the resolver's
/// own links, whose default is the hosted page.
/// </summary>
sealed class RuleLinkSource(IResolutionRules rules) : IResolutionLinkSource
{
    const string ProductInformationPage = "https://gs1.org/voc/pip";

    public async ValueTask<ResolutionLinks> GetLinksAsync(ResolutionRequest request, CancellationToken ct)
    {
        if (request.Product.OwnerId is not { } organization) return ResolutionLinks.None;
        string? linkType = null;
        if (request.RequestedLinkType is { } requested)
        {
            // A link type no rule can name (not a GS1 type) matches no rule that has one; rules without one still apply.
            if (!RuleLinkTypes.TryNormalize(requested, out var normalized)) return ResolutionLinks.None;
            linkType = normalized;
        }
        var link = request.Link;
        var decision = await rules.DecideAsync(new RuleContext(
            organization, link.PrimaryKey.Value, link.Get("10"), link.Get("21"), request.Product.BrandId, request.At, linkType, request.Country), ct);
        if (decision is not { Destination: RuleDestination.CustomUrl, Url: { } url, Rule: { } rule }) return ResolutionLinks.None;

        var depth = rule.Scope switch
        {
            RuleScope.Serial => Math.Max(0, link.LevelOf("21")),
            RuleScope.Batch => Math.Max(0, link.LevelOf("10")),
            _ => 0,
        };
        var chosen = new ResolverLink(request.RequestedLinkType ?? ProductInformationPage, url, "Product information", depth);
        return new ResolutionLinks([chosen], chosen);
    }
}
