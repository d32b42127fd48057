namespace Closient.Catalog.Resolver;

/// <summary>
/// Extra links and the chosen default for a resolution: the seam where organization resolution rules
/// plug in (spec/resolver.md §2). The catalog registers <see cref="NoResolutionLinks"/> until the rules
/// evaluator replaces it.
/// </summary>
public interface IResolutionLinkSource
{
    ValueTask<ResolutionLinks> GetLinksAsync(ResolutionRequest request, CancellationToken ct);
}

/// <summary>The built-in source: nothing beyond the product's own links.</summary>
public sealed class NoResolutionLinks : IResolutionLinkSource
{
    public ValueTask<ResolutionLinks> GetLinksAsync(ResolutionRequest request, CancellationToken ct) => ValueTask.FromResult(ResolutionLinks.None);
}
