using System.Security.Cryptography;
using System.Text.Json;

namespace Closient.AppHost.Infrastructure;

/// <summary>
/// Generated passwords in <c>&lt;data&gt;/secrets.json</c> (mode 600): created once, reused on every
/// start, because the servers' data directories remember them.
/// </summary>
sealed class SecretStore
{
    // Letters and digits only, so a password never needs escaping in a URI or connection string.
    const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    readonly string path;
    readonly SortedDictionary<string, string> values;
    readonly Lock gate = new();

    SecretStore(string path, SortedDictionary<string, string> values)
    {
        this.path = path;
        this.values = values;
    }

    public string Path => path;

    public static SecretStore Open(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = System.IO.Path.Combine(dataDir, "secrets.json");
        if (!File.Exists(path)) return new SecretStore(path, new SortedDictionary<string, string>(StringComparer.Ordinal));
        File.SetUnixFileMode(path, OwnerOnly);
        var values = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path)) ?? new();
        return new SecretStore(path, new SortedDictionary<string, string>(values, StringComparer.Ordinal));
    }

    public string GetOrCreate(string key)
    {
        lock (gate)
        {
            if (values.TryGetValue(key, out var existing)) return existing;
            var created = RandomNumberGenerator.GetString(Alphabet, 32);
            values[key] = created;
            Save();
            return created;
        }
    }

    void Save()
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, values, new JsonSerializerOptions { WriteIndented = true });
        }
        File.SetUnixFileMode(temporary, OwnerOnly);
        File.Move(temporary, path, overwrite: true);
    }
}
