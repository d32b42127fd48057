namespace Closient.Catalog.Import;

/// <summary>
/// The per-row report of <c>POST /import/csv</c> (spec/catalog.md §4):
/// <c>created + updated + skipped + error_count == total_rows</c>.
/// </summary>
public sealed record ImportResult(int TotalRows, int Created, int Updated, int Skipped, int ErrorCount, IReadOnlyList<ImportError> Errors);

/// <summary>One problem in one row: <c>line</c> counts the header as line 1; <c>column</c> is the header as the file spells it, or null.</summary>
public sealed record ImportError(int Line, string Message, string? Column);
