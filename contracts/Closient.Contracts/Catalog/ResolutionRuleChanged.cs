namespace Closient.Contracts.Catalog;

/// <summary>A resolution rule of GS1 Digital Link resolution was created, changed, deleted or moved in its bucket.</summary>
/// <param name="OrganizationId">The organization that owns the rule.</param>
/// <param name="RuleId">The rule's id (the UUID behind its public shortuuid).</param>
/// <param name="ScopeType">The rule's scope after the change: SERIAL, BATCH, PRODUCT, BRAND or ORGANIZATION.</param>
/// <param name="ScopeId">
/// The rule's scope id after the change: a GTIN-14 (PRODUCT), "GTIN-14/10/lot" (BATCH), "GTIN-14/21/serial" (SERIAL),
/// a brand's shortuuid (BRAND), or null (ORGANIZATION).
/// </param>
/// <param name="ChangeKind">What happened: <c>created</c>, <c>updated</c>, <c>deleted</c> or <c>reordered</c>.</param>
/// <param name="OccurredAt">When the change was written (UTC): the rule's new modified time, or the deletion time.</param>
public sealed record ResolutionRuleChanged(
    Guid OrganizationId,
    Guid RuleId,
    string ScopeType,
    string? ScopeId,
    string ChangeKind,
    DateTimeOffset OccurredAt);
