using System.Collections;
using System.Globalization;
using Closient.AppHost.Hosting;
using Closient.AppHost.Processes;

namespace Closient.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ from the OS packages as node <c>closient@localhost</c>, everything under
/// <c>&lt;data&gt;/rabbitmq</c>. It runs the real server script, not the /usr/sbin wrappers, which
/// switch to the rabbitmq user and so lose our private HOME and its Erlang cookie; the CLI tools get
/// the same environment so they find the node and the cookie.
/// </summary>
sealed class RabbitMqLocal(HostSettings settings, string user, string password) : IProcessDefinition
{
    public const string NodeName = "closient@localhost";

    readonly BrokerProbe probe = new("127.0.0.1", settings.RabbitMqPort);

    string Root => Path.Combine(settings.DataDir, "rabbitmq");
    string Port => settings.RabbitMqPort.ToString(CultureInfo.InvariantCulture);

    public async Task<ProcessSpec> PrepareAsync(ResourceLog log, CancellationToken ct)
    {
        foreach (var dir in new[] { "home", "mnesia", "log" }) Directory.CreateDirectory(Path.Combine(Root, dir));
        // Rewritten on every start so a changed port applies; default_user is only created on first boot.
        await File.WriteAllTextAsync(Path.Combine(Root, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{Port}
            default_user = {user}
            default_pass = {password}
            loopback_users = none
            """ + "\n", ct);
        File.SetUnixFileMode(Path.Combine(Root, "rabbitmq.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(Path.Combine(Root, "enabled_plugins"), "[].\n", ct);
        await StopLeftoverAsync(log, ct);
        PortCheck.EnsureFree(settings.RabbitMqPort, "rabbitmq", "CLOSIENT_RABBITMQ_PORT");
        PortCheck.EnsureFree(settings.RabbitMqDistPort, "rabbitmq distribution (AMQP port + 30)", "CLOSIENT_RABBITMQ_PORT");
        probe.Reset();
        return ProcessSpec.Of(Path.Combine(OsPackages.RabbitMqBin, "rabbitmq-server"), [], Root, Environment());
    }

    public Task<bool> ProbeAsync(CancellationToken ct) => probe.CheckAsync(ct);

    /// <summary>
    /// rabbitmqctl stop shuts the broker down cleanly; epmd (which the VM started as a daemon outside
    /// our process tree) is killed only after, since it refuses while a node is registered.
    /// </summary>
    public async Task StopAsync(ChildProcess process, ResourceLog log)
    {
        if (!process.HasExited)
        {
            try
            {
                await Command.RunAsync(Ctl("stop"), log.Write, TimeSpan.FromSeconds(60), CancellationToken.None);
            }
            catch (TimeoutException)
            {
                log.Write("(apphost) rabbitmqctl stop timed out");
            }
            if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(30))) await process.StopAsync(Posix.SigTerm, TimeSpan.FromSeconds(15));
        }
        var epmd = ProcessSpec.Of(OsPackages.Epmd, ["-port", settings.EpmdPort.ToString(CultureInfo.InvariantCulture), "-kill"], Root, Environment());
        try
        {
            await Command.RunAsync(epmd, log.Write, TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            log.Write("(apphost) epmd -kill timed out");
        }
    }

    ProcessSpec Ctl(params string[] arguments) =>
        ProcessSpec.Of(Path.Combine(OsPackages.RabbitMqBin, "rabbitmqctl"), ["-n", NodeName, .. arguments], Root, Environment());

    /// <summary>
    /// A VM running with our private HOME is one an earlier AppHost lost track of (killed with SIGKILL):
    /// it holds our ports and node name. rabbitmqctl stops it cleanly when it is fully up; SIGTERM
    /// (a clean stop too) covers one that was still booting.
    /// </summary>
    async Task StopLeftoverAsync(ResourceLog log, CancellationToken ct)
    {
        var home = Path.Combine(Root, "home");
        var leftovers = Leftovers.Find((_, commandLine) => commandLine.Contains(home));
        if (leftovers.Count == 0) return;
        if (leftovers.Any(Leftovers.HasLiveAppHostAncestor))
            throw new StartupException($"Another AppHost is already running RabbitMQ from {Root} (pid {leftovers[0]}); stop it or set CLOSIENT_DATA_DIR.");

        log.Write($"(apphost) stopping the RabbitMQ an earlier run left behind (pid {string.Join(", ", leftovers)})");
        // A VM whose AppHost died mid-boot may never answer rabbitmqctl; only ask one that serves AMQP.
        if (await AmqpProbe.AcceptsAsync("127.0.0.1", settings.RabbitMqPort, ct))
        {
            try
            {
                await Command.RunAsync(Ctl("stop"), log.Write, TimeSpan.FromSeconds(20), ct);
            }
            catch (TimeoutException)
            {
                log.Write("(apphost) rabbitmqctl stop timed out; signalling the VM instead");
            }
        }
        foreach (var pid in leftovers) await Leftovers.StopAsync(pid, TimeSpan.FromSeconds(20));
    }

    Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Combine(Root, "home"),
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_PORT"] = Port,
            ["RABBITMQ_DIST_PORT"] = settings.RabbitMqDistPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = settings.EpmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(Root, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(Root, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(Root, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Root, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(Root, "rabbitmq.pid"),
            // Keeps /etc/rabbitmq/rabbitmq-env.conf (the system broker's settings) out of our node.
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Root, "rabbitmq-env.conf"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        // Any other inherited RABBITMQ_* (a test harness's broker, say) must not leak into our node.
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith("RABBITMQ_", StringComparison.Ordinal)) environment.TryAdd(key, null);
        }
        return environment;
    }
}
