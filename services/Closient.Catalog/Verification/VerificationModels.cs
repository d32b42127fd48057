using System.Text.Json.Serialization;

namespace Closient.Catalog.Verification;

/// <summary>
/// The keyless answer of <c>GET /resolver/api/v1/verify/01/{gtin}/21/{serial_number}</c> (spec/resolver.md §3).
/// camelCase as the spec shows, unlike the rest of the API (README "Serial verification").
/// </summary>
public record VerificationOut
{
    /// <summary><c>authentic</c>, <c>suspect</c>, <c>counterfeit_suspected</c> or <c>serialization_error</c>.</summary>
    [JsonPropertyName("verificationStatus")] public required string VerificationStatus { get; init; }
    [JsonPropertyName("gtin")] public required string Gtin { get; init; }
    [JsonPropertyName("serialNumber")] public required string SerialNumber { get; init; }
    [JsonPropertyName("verifiedAt")] public required DateTimeOffset VerifiedAt { get; init; }
    /// <summary><c>proceed</c> (authentic) or <c>flag_for_review</c>.</summary>
    [JsonPropertyName("recommendation")] public required string Recommendation { get; init; }
}

/// <summary>The answer for a secret (csb/csu) key: the minimal one plus scan history and anomalies.</summary>
public sealed record FullVerificationOut : VerificationOut
{
    /// <summary>Null when the serial was never observed.</summary>
    [JsonPropertyName("scanHistory"), JsonPropertyOrder(1)] public required ScanHistoryOut? ScanHistory { get; init; }
    [JsonPropertyName("anomalies"), JsonPropertyOrder(2)] public required IReadOnlyList<AnomalyOut> Anomalies { get; init; }
}

public sealed record ScanHistoryOut(
    [property: JsonPropertyName("consumerScans")] long ConsumerScans,
    [property: JsonPropertyName("distinctRetailLocations")] long DistinctRetailLocations,
    [property: JsonPropertyName("firstSeen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("retailerScans")] long RetailerScans,
    [property: JsonPropertyName("totalScans")] long TotalScans,
    [property: JsonPropertyName("distinctCountries")] long DistinctCountries);

public sealed record AnomalyOut(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("scannedAt")] DateTimeOffset ScannedAt,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("priorEvent")] PriorEventOut? PriorEvent);

/// <summary>The earlier scan an anomaly contradicts. <c>location</c> ("lat,lon") and <c>retailer</c> are null: scans carry the country only.</summary>
public sealed record PriorEventOut(
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("retailer")] string? Retailer,
    [property: JsonPropertyName("scannedAt")] DateTimeOffset? ScannedAt,
    [property: JsonPropertyName("country")] string? Country);

/// <summary>Body of <c>PUT /products/api/v1/products/{gtin}/serial-statuses</c>.</summary>
public sealed record SerialStatusRequest
{
    public string? SerialNumber { get; init; }
    /// <summary><c>counterfeit_suspected</c>, <c>serialization_error</c>, or <c>cleared</c> to remove the mark.</summary>
    public string? Status { get; init; }
    public string? Note { get; init; }
}

/// <summary>The owner's mark on one serial (snake_case like the rest of the products API).</summary>
public sealed record SerialStatusOut(string Gtin, string SerialNumber, string Status, string Note, DateTimeOffset? Modified);

/// <summary>The statuses and recommendations of the verification service.</summary>
public static class VerificationStatus
{
    public const string Authentic = "authentic", Suspect = "suspect", CounterfeitSuspected = "counterfeit_suspected",
        SerializationError = "serialization_error", Cleared = "cleared";

    public const string Proceed = "proceed", FlagForReview = "flag_for_review";

    public static readonly string[] Markable = [CounterfeitSuspected, SerializationError];

    public static string RecommendationFor(string status) => status == Authentic ? Proceed : FlagForReview;
}
