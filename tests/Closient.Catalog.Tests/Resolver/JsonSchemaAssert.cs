using System.Text.Json;
using System.Text.RegularExpressions;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>
/// A focused JSON Schema (draft-07) validator for the keywords GS1's linkset and resolver-description
/// schemas use: type, properties, patternProperties, additionalProperties (false or a schema), required,
/// items, pattern and enum. "format" is an annotation here, as draft-07 allows. Schemas are read from
/// Resolver/Schemas (copies of ../shared/gs1).
/// </summary>
public static class JsonSchemaAssert
{
    public static void Valid(string schemaFile, JsonElement instance)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(RepositoryRoot.Find(), "tests/Closient.Catalog.Tests/Resolver/Schemas", schemaFile)));
        var errors = new List<string>();
        Validate(schema.RootElement, instance, "$", errors);
        Assert.True(errors.Count == 0, $"{schemaFile}:\n" + string.Join("\n", errors) + "\n" + instance);
    }

    public static List<string> Errors(string schemaFile, string json)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(RepositoryRoot.Find(), "tests/Closient.Catalog.Tests/Resolver/Schemas", schemaFile)));
        using var instance = JsonDocument.Parse(json);
        var errors = new List<string>();
        Validate(schema.RootElement, instance.RootElement, "$", errors);
        return errors;
    }

    static void Validate(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            errors.Add($"{path}: expected {type.GetString()}, got {value.ValueKind}");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
            errors.Add($"{path}: {value} is not one of {allowed}");
        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String
            && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
            errors.Add($"{path}: '{value.GetString()}' does not match {pattern.GetString()}");
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Validate(items, item, $"{path}[{i++}]", errors);
        }
        if (value.ValueKind != JsonValueKind.Object) return;

        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!value.TryGetProperty(name, out _)) errors.Add($"{path}: missing required '{name}'");
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var patterns = schema.TryGetProperty("patternProperties", out var pp) ? pp : default;
        foreach (var member in value.EnumerateObject())
        {
            var matched = false;
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var propertySchema))
            {
                Validate(propertySchema, member.Value, $"{path}.{member.Name}", errors);
                matched = true;
            }
            if (patterns.ValueKind == JsonValueKind.Object)
                foreach (var candidate in patterns.EnumerateObject())
                    if (Regex.IsMatch(member.Name, candidate.Name))
                    {
                        Validate(candidate.Value, member.Value, $"{path}['{member.Name}']", errors);
                        matched = true;
                    }
            if (matched || !schema.TryGetProperty("additionalProperties", out var additional)) continue;
            if (additional.ValueKind == JsonValueKind.False) errors.Add($"{path}: property '{member.Name}' is not allowed");
            else if (additional.ValueKind == JsonValueKind.Object) Validate(additional, member.Value, $"{path}.{member.Name}", errors);
        }
    }

    static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
