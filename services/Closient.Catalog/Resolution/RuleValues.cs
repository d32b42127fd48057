using System.Globalization;

namespace Closient.Catalog.Resolution;

/// <summary>The wire values of the rule enums (upper case, as the spec writes them) and small parsers shared by the API and the store.</summary>
public static class RuleValues
{
    public const string Serial = "SERIAL", Batch = "BATCH", Product = "PRODUCT", Brand = "BRAND", Organization = "ORGANIZATION";
    public const string HostedPage = "HOSTED_PAGE", CustomUrl = "CUSTOM_URL";
    public const string SkipRule = "SKIP_RULE", FallbackToHosted = "FALLBACK_TO_HOSTED";

    public static readonly IReadOnlyList<string> ScopeTypes = [Serial, Batch, Product, Brand, Organization];
    public static readonly IReadOnlyList<string> DestinationTypes = [HostedPage, CustomUrl];
    public static readonly IReadOnlyList<string> DeadUrlPolicies = [SkipRule, FallbackToHosted];

    public static RuleScope Scope(string scopeType) => scopeType switch
    {
        Serial => RuleScope.Serial,
        Batch => RuleScope.Batch,
        Product => RuleScope.Product,
        Brand => RuleScope.Brand,
        _ => RuleScope.Organization,
    };

    /// <summary>"MM-DD" with a day that exists in a leap year (so 02-29 is valid, 02-30 and 04-31 are not).</summary>
    public static MonthDay? ParseMonthDay(string? text)
    {
        if (text is not { Length: 5 } || text[2] != '-'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
            return null;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2000, month)) return null;
        return new MonthDay(month, day);
    }
}
