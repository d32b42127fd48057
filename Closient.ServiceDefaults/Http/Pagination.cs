namespace Closient.ServiceDefaults.Http;

/// <summary>The page a list request asked for: <c>page</c> from 1, <c>page_size</c> 1–100 (default 25).</summary>
public sealed record PageQuery(int Page, int PageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public int Offset => (Page - 1) * PageSize;

    public static PageQuery Parse(string? page, string? pageSize, Validation validation)
    {
        var p = 1;
        var s = DefaultPageSize;
        if (page is not null && (!int.TryParse(page, out p) || p < 1 || p > 1_000_000))
            validation.Add("page", "Must be an integer of 1 or more.");
        if (pageSize is not null && (!int.TryParse(pageSize, out s) || s < 1 || s > MaxPageSize))
            validation.Add("page_size", $"Must be an integer from 1 to {MaxPageSize}.");
        return new PageQuery(Math.Max(p, 1), Math.Clamp(s, 1, MaxPageSize));
    }
}

/// <summary>The list envelope of the public API: <c>{data, pagination}</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Data, PaginationInfo Pagination)
{
    public static Paged<T> Of(IReadOnlyList<T> data, PageQuery query, long totalCount)
    {
        var totalPages = (int)((totalCount + query.PageSize - 1) / query.PageSize);
        return new Paged<T>(data, new PaginationInfo(query.Page, query.PageSize, totalCount, totalPages,
            query.Page < totalPages, query.Page > 1));
    }
}

public sealed record PaginationInfo(int Page, int PageSize, long TotalCount, int TotalPages, bool HasNext, bool HasPrevious);
