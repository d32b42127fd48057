using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Closient.Offers.Common;
using Closient.ServiceDefaults.Http;

namespace Closient.Offers.Promotions;

/// <summary>Body of create (POST) and update (PUT, PATCH semantics: omitted or null = unchanged).</summary>
public sealed record PromotionRequest
{
    /// <summary>Required on create: decimal ≥ 0 in the offer's currency (0 is a legitimate BOGO arm), as a JSON number or string.</summary>
    public JsonElement? PromotionalPrice { get; init; }

    /// <summary>Required on create: an ISO 8601 date-time with offset, or a date (that day's start, UTC). Inclusive.</summary>
    public string? StartDate { get; init; }

    /// <summary>Required on create, after <see cref="StartDate"/>: an ISO 8601 date-time with offset, or a date (that day's end, UTC). Inclusive.</summary>
    public string? EndDate { get; init; }

    /// <summary>SALE (default), SEASONAL, CLEARANCE, BOGO, BUNDLE or INTRODUCTORY.</summary>
    public string? PromotionType { get; init; }

    public string? Description { get; init; }
    public bool? IsActive { get; init; }

    /// <summary>Only the offer's own id (it cannot change).</summary>
    public string? OfferId { get; init; }

    public Dictionary<string, string?>? Metadata { get; init; }
}

/// <summary>
/// spec/offers.md §5 Promotion. <c>currency</c> is the offer's; <c>is_running</c>: active and now within
/// the window, i.e. it takes part in the offer's effective price.
/// </summary>
public sealed record PromotionOut(
    string Id,
    string ShortId,
    string OfferId,
    string OfferKind,
    string PromotionalPrice,
    long PromotionalPriceAmount,
    string Currency,
    DateTimeOffset StartDate,
    DateTimeOffset EndDate,
    string PromotionType,
    string Description,
    bool IsActive,
    bool IsRunning,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Created,
    DateTimeOffset Updated);

public sealed class PromotionRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid? InStoreOfferId { get; init; }
    public Guid? OnlineOfferId { get; init; }
    public decimal PromotionalPrice { get; set; }
    public DateTimeOffset StartDate { get; set; }
    public DateTimeOffset EndDate { get; set; }
    public string PromotionType { get; set; } = Common.PromotionType.Default;
    public string Description { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string Currency { get; init; } = "";

    public const string Select = """
        SELECT p.id, p.organization_id, p.in_store_offer_id, p.online_offer_id, p.promotional_price, p.start_date, p.end_date,
               p.promotion_type, p.description, p.is_active, p.metadata::text AS metadata, p.created_at, p.updated_at,
               coalesce(i.price_currency, n.price_currency, '') AS currency
        FROM offers.promotions p
        LEFT JOIN offers.in_store_offers i ON i.id = p.in_store_offer_id
        LEFT JOIN offers.online_offers n ON n.id = p.online_offer_id
        """;

    public Guid OfferId => InStoreOfferId ?? OnlineOfferId!.Value;

    public bool IsRunning(DateTimeOffset now) => IsActive && StartDate <= now && now <= EndDate;

    public PromotionOut ToOut(DateTimeOffset now)
    {
        var id = ShortId.Encode(Id);
        return new(id, id, ShortId.Encode(OfferId), InStoreOfferId is null ? "online" : "in_store",
            Currencies.Format(PromotionalPrice, Currency), Currencies.ToMinor(PromotionalPrice, Currency), Currency,
            StartDate, EndDate, PromotionType, Description, IsActive, IsRunning(now),
            ServiceDefaults.Http.Metadata.FromJson(Metadata), CreatedAt, UpdatedAt);
    }
}

public static partial class PromotionInput
{
    public const int MaxDescriptionLength = 500;

    public static string? Type(string? value, Validation v)
    {
        if (value is null) return null;
        if (PromotionType.All.Contains(value)) return value;
        v.Add("promotion_type", "Must be one of " + string.Join(", ", PromotionType.All) + ".");
        return null;
    }

    /// <summary>A date-time with offset, or a date: its first (start) or last (end) microsecond, UTC. Null when not sent.</summary>
    public static DateTimeOffset? Date(string field, string? value, bool endOfDay, Validation v)
    {
        if (value is null) return null;
        var text = value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1).AddTicks(-10) : start;
        }
        if (text.Length <= 40 && HasOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && at.Year is >= 2000 and <= 9998)
            return at.ToUniversalTime().AddTicks(-(at.UtcTicks % 10));
        v.Add(field, "Must be a date (2026-01-31) or an ISO 8601 date-time with an offset (2026-01-31T09:00:00Z).");
        return null;
    }

    [GeneratedRegex(@"T.*(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
