using System.Globalization;

namespace Closient.Bench;

public sealed record BenchOptions(Uri Direct, Uri Gateway, int Concurrency, int Seconds, int Rounds, int WarmupSeconds,
    string? ApiKey = null, string? SigningKey = null, string? Organization = null)
{
    public const string Usage =
        "usage: closient-bench --direct <url> --gateway <url> [--concurrency 32] [--seconds 10] [--rounds 3] [--warmup 5]\n" +
        "         [--api-key K (sent to the gateway)] [--signing-key B64 --organization ID (the direct side gets the internal\n" +
        "          token the gateway would forward for a manager of ID, minted every 20 s)]\n" +
        "       closient-bench stub [--urls http://127.0.0.1:5193]";

    public static bool TryParse(string[] args, out BenchOptions options, out string error)
    {
        options = null!;
        error = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"unexpected argument '{args[i]}'";
                return false;
            }
            values[args[i][2..]] = args[i + 1];
        }

        if (!TryUrl(values, "direct", out var direct, ref error) || !TryUrl(values, "gateway", out var gateway, ref error))
            return false;
        if (!TryCount(values, "concurrency", 32, out var concurrency, ref error) || !TryCount(values, "seconds", 10, out var seconds, ref error)
            || !TryCount(values, "rounds", 3, out var rounds, ref error) || !TryCount(values, "warmup", 5, out var warmup, ref error, allowZero: true))
            return false;
        var unknown = values.Keys.Except(["direct", "gateway", "concurrency", "seconds", "rounds", "warmup", "api-key", "signing-key", "organization"]).FirstOrDefault();
        if (unknown is not null)
        {
            error = $"unknown option --{unknown}";
            return false;
        }

        if (values.ContainsKey("signing-key") != values.ContainsKey("organization"))
        {
            error = "--signing-key and --organization go together";
            return false;
        }
        options = new BenchOptions(direct, gateway, concurrency, seconds, rounds, warmup,
            values.GetValueOrDefault("api-key"), values.GetValueOrDefault("signing-key"), values.GetValueOrDefault("organization"));
        return true;
    }

    static bool TryUrl(Dictionary<string, string> values, string name, out Uri url, ref string error)
    {
        url = null!;
        if (values.TryGetValue(name, out var text) && Uri.TryCreate(text, UriKind.Absolute, out url!) && url.Scheme is "http" or "https")
            return true;
        error = $"--{name} <absolute http(s) url> is required";
        return false;
    }

    static bool TryCount(Dictionary<string, string> values, string name, int fallback, out int value, ref string error, bool allowZero = false)
    {
        value = fallback;
        if (!values.TryGetValue(name, out var text))
            return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && (value > 0 || (allowZero && value == 0)))
            return true;
        error = $"--{name} must be a {(allowZero ? "non-negative" : "positive")} integer";
        return false;
    }
}
