using Closient.AppHost.Hosting;
using Closient.AppHost.Processes;

namespace Closient.AppHost.Infrastructure;

/// <summary>The Debian/Ubuntu packages the local-process infrastructure runs from.</summary>
static class OsPackages
{
    public const string PostgresBin = "/usr/lib/postgresql/15/bin";
    public const string PostGisControl = "/usr/share/postgresql/15/extension/postgis.control";
    public const string RabbitMqBin = "/usr/lib/rabbitmq/bin";
    public const string Epmd = "/usr/bin/epmd";

    const string Install = "apt-get update && apt-get install -y postgresql-15-postgis-3 rabbitmq-server";
    const string SudoInstall = "sudo apt-get update && sudo apt-get install -y postgresql-15-postgis-3 rabbitmq-server";

    /// <summary>Installs what is missing when running as root; otherwise says what to run and fails.</summary>
    public static async Task EnsureAsync(bool postgres, bool postGis, bool rabbitMq, Action<string> say, CancellationToken ct)
    {
        var missing = Missing(postgres, postGis, rabbitMq);
        if (missing.Count == 0) return;
        if (!Posix.IsRoot)
        {
            throw new StartupException($"Missing {string.Join(", ", missing)}. Install the packages with:\n    {SudoInstall}");
        }

        say($"missing {string.Join(", ", missing)}; running: {Install}");
        var spec = ProcessSpec.Of("/bin/sh", ["-c", Install], "/", new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        var code = await Command.RunAsync(spec, line => say($"apt: {line}"), TimeSpan.FromMinutes(30), ct);
        missing = Missing(postgres, postGis, rabbitMq);
        if (code != 0 || missing.Count > 0)
            throw new StartupException($"Installing the packages failed (exit {code}); still missing {string.Join(", ", missing)}.");
    }

    static List<string> Missing(bool postgres, bool postGis, bool rabbitMq)
    {
        var required = new List<string>();
        if (postgres) required.Add(Path.Combine(PostgresBin, "postgres"));
        if (postgres && postGis) required.Add(PostGisControl);
        if (rabbitMq) required.AddRange([Path.Combine(RabbitMqBin, "rabbitmq-server"), Epmd]);
        return required.Where(path => !File.Exists(path)).ToList();
    }
}
