using Closient.Search.Constraints;

namespace Closient.Search.Local;

/// <summary>
/// The product conditions of the trait and color constraints (README "Trait filters"), appended to local search's
/// product gate (<c>LocalSearchQuery.ProductGate</c>) next to the certification filter. Only the constraints that are set
/// add a condition, so an unconstrained search keeps its statement text (and plan).
/// </summary>
public static class TraitGate
{
    /// <summary>" AND …" for each set constraint, or "".</summary>
    public static string Sql(SearchConstraints c)
    {
        var sql = "";
        // Local results go to shoppers whose apps may not read allergen_data_confidence: the engine drops "low" ones itself.
        if (c.ExcludeAllergens is { Count: > 0 }) sql += $" AND {TraitSql.DeclaredAllergens} AND {TraitSql.ExcludeAllergens}";
        if (c.AvoidSubstances is { Count: > 0 }) sql += $" AND {TraitSql.AvoidSubstances}";
        if (c.RequireCertifications is { Count: > 0 }) sql += $" AND {TraitSql.RequireCertifications.ReplaceLineEndings(" ")}";
        if (c.Color is not null) sql += $" AND {TraitSql.Color}";
        return sql;
    }

}
