using Closient.AppHost.Hosting;

namespace Closient.AppHost.Infrastructure;

/// <summary>Everything the environment can change, read once at start-up. docs/apphost.md lists the variables.</summary>
sealed record HostSettings
{
    public required string RepoRoot { get; init; }
    public required string DataDir { get; init; }
    public int PostgresPort { get; init; } = 54320;
    public int RabbitMqPort { get; init; } = 56720;
    public int EpmdPort { get; init; } = 43700;
    public int ServicePortBase { get; init; } = 5100;
    public int GatewayPort { get; init; } = 8080;
    public int DashboardPort { get; init; } = 18888;
    public string Database { get; init; } = "closient";

    /// <summary>Admin connection string of a PostgreSQL someone else runs (external mode); null to run our own.</summary>
    public string? PostgresAdmin { get; init; }

    /// <summary>amqp:// URI of a RabbitMQ someone else runs (external mode); null to run our own.</summary>
    public string? RabbitMqUri { get; init; }

    public bool NoBuild { get; init; }
    public InfrastructureMode Infrastructure { get; init; }
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Erlang distribution port: fixed next to the AMQP port so nothing random is opened.</summary>
    public int RabbitMqDistPort => RabbitMqPort + 30;

    public static HostSettings Load(string[] args)
    {
        var root = FindRepoRoot(Environment.CurrentDirectory) ?? FindRepoRoot(AppContext.BaseDirectory)
            ?? throw new StartupException("Closient.sln was not found above the current directory or the AppHost's build output.");
        return new HostSettings
        {
            RepoRoot = root,
            DataDir = Path.GetFullPath(Env("CLOSIENT_DATA_DIR") ?? Path.Combine(root, ".closient")),
            PostgresPort = Port("CLOSIENT_POSTGRES_PORT", 54320),
            RabbitMqPort = Port("CLOSIENT_RABBITMQ_PORT", 56720),
            EpmdPort = Port("CLOSIENT_EPMD_PORT", 43700),
            ServicePortBase = Port("CLOSIENT_SERVICE_PORT_BASE", 5100),
            GatewayPort = Port("CLOSIENT_GATEWAY_PORT", 8080),
            DashboardPort = Port("CLOSIENT_DASHBOARD_PORT", 18888),
            Database = Env("CLOSIENT_DATABASE") ?? "closient",
            PostgresAdmin = Env("CLOSIENT_POSTGRES_ADMIN"),
            RabbitMqUri = Env("CLOSIENT_RABBITMQ_URI"),
            NoBuild = args.Contains("--no-build") || Env("CLOSIENT_NO_BUILD") is "1" or "true",
            Infrastructure = Env("CLOSIENT_INFRA") switch
            {
                null or "auto" => InfrastructureMode.Auto,
                "local" => InfrastructureMode.Local,
                "docker" => InfrastructureMode.Docker,
                var other => throw new StartupException($"CLOSIENT_INFRA must be auto, local or docker, not '{other}'."),
            },
            StartTimeout = TimeSpan.FromSeconds(Port("CLOSIENT_START_TIMEOUT", 180)),
        };
    }

    static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Closient.sln"))) return dir.FullName;
        }
        return null;
    }

    static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    static int Port(string name, int fallback) => Env(name) switch
    {
        null => fallback,
        var text when int.TryParse(text, out var value) && value is > 0 and < 65536 => value,
        var text => throw new StartupException($"{name} must be a number between 1 and 65535, not '{text}'."),
    };
}
