using Microsoft.AspNetCore.Http.HttpResults;

namespace Closient.ServiceDefaults.Http;

/// <summary>Collects field errors (snake_case field names, as clients send them) for one request.</summary>
public sealed class Validation
{
    readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Required, trimmed, at most <paramref name="max"/> characters; returns the trimmed value.</summary>
    public string Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "Required."); return ""; }
        return MaxLength(field, value.Trim(), max);
    }

    /// <summary>Optional text (null becomes ""), at most <paramref name="max"/> characters.</summary>
    public string Optional(string field, string? value, int max) => MaxLength(field, value?.Trim() ?? "", max);

    string MaxLength(string field, string value, int max)
    {
        if (value.Length > max) Add(field, $"At most {max} characters.");
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) Add(field, "Must not contain control characters.");
        return value;
    }

    /// <summary>A public id: the 22-character shortuuid or a canonical UUID.</summary>
    public Guid Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "Required."); return Guid.Empty; }
        if (!ShortId.TryParse(value, out var id)) Add(field, "Must be a 22-character id or a UUID.");
        return id;
    }

    public void Range(string field, double? value, double min, double max, bool required = true)
    {
        if (value is null) { if (required) Add(field, "Required."); return; }
        if (double.IsNaN(value.Value) || value < min || value > max) Add(field, $"Must be between {min} and {max}.");
    }

    public ProblemHttpResult ToProblem() =>
        Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
