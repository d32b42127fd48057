using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// <c>?metadata[key]=value</c> exact-match filters on list endpoints (spec/conventions.md §7). Returns
/// a JSON object for jsonb containment: list queries add <c>AND metadata @&gt; @metadata::jsonb</c>, and
/// with no filter the object is <c>{}</c>, which every row contains.
/// </summary>
public static class MetadataFilter
{
    public static string Parse(IQueryCollection query, Validation validation)
    {
        var filter = new Dictionary<string, string>();
        foreach (var (name, values) in query)
        {
            if (!name.StartsWith("metadata[", StringComparison.Ordinal) || !name.EndsWith(']')) continue;
            var key = name["metadata[".Length..^1];
            var value = values.ToString();
            if (key.Length is 0 or > Metadata.MaxKeyLength) validation.Add(name, $"Metadata keys are 1 to {Metadata.MaxKeyLength} characters.");
            else if (values.Count != 1 || value.Length > Metadata.MaxValueLength) validation.Add(name, $"One value of at most {Metadata.MaxValueLength} characters.");
            else filter[key] = value;
        }
        return JsonSerializer.Serialize(filter);
    }
}
