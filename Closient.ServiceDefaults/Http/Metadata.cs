using System.Text.Json;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// Stripe-style metadata (spec/conventions.md §7): a string→string map of at most 50 keys, keys at
/// most 40 characters, values at most 500. On write, <c>{}</c> clears everything, a key whose value
/// is "" or null is deleted, and keys not mentioned are kept. An omitted or <c>null</c> <c>metadata</c>
/// leaves it unchanged (partial-update semantics: null = unchanged, as the spec's PATCH/PUT pages say).
/// </summary>
public static class Metadata
{
    public const int MaxKeys = 50, MaxKeyLength = 40, MaxValueLength = 500;

    /// <summary>Applies a write (<paramref name="update"/>, null when omitted) to <paramref name="current"/>.</summary>
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? current, Dictionary<string, string?>? update, Validation validation)
    {
        var result = new Dictionary<string, string>(current ?? new Dictionary<string, string>());
        if (update is null) return result;
        if (update.Count == 0) return [];
        foreach (var (key, value) in update)
        {
            if (key.Length is 0 or > MaxKeyLength) { validation.Add("metadata", $"Keys must be 1 to {MaxKeyLength} characters."); continue; }
            // PostgreSQL's jsonb rejects \u0000 (a 500 otherwise); other control characters are refused like in text fields.
            if (HasControl(key)) { validation.Add("metadata", "Keys must not contain control characters."); continue; }
            if (value is not null && value.Length > MaxValueLength) { validation.Add($"metadata.{key}", $"At most {MaxValueLength} characters."); continue; }
            if (value is not null && HasControl(value)) { validation.Add($"metadata.{key}", "Must not contain control characters."); continue; }
            if (string.IsNullOrEmpty(value)) result.Remove(key);
            else result[key] = value;
        }
        if (result.Count > MaxKeys) validation.Add("metadata", $"At most {MaxKeys} keys.");
        return result;
    }

    static bool HasControl(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>Metadata for a new resource (no current value).</summary>
    public static Dictionary<string, string> ForCreate(Dictionary<string, string?>? metadata, Validation validation) =>
        Merge(null, metadata, validation);

    public static string ToJson(IReadOnlyDictionary<string, string> metadata) => JsonSerializer.Serialize(metadata);

    public static Dictionary<string, string> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
