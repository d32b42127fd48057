using System.Globalization;
using Closient.AppHost.Hosting;
using Closient.AppHost.Processes;

namespace Closient.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL 15 from the OS packages with its cluster under <c>&lt;data&gt;/postgres/data</c>.
/// initdb and postgres refuse to run as root, so under root both run as the <c>postgres</c> OS user
/// (runuser) and the directories are handed to it.
/// </summary>
sealed class PostgresLocal(HostSettings settings, string superuserPassword) : IProcessDefinition
{
    static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(60);

    string Root => Path.Combine(settings.DataDir, "postgres");
    string ClusterDir => Path.Combine(Root, "data");
    string SocketDir => Path.Combine(settings.DataDir, "run");

    public string AdminConnectionString => PostgresConnections.Admin("127.0.0.1", settings.PostgresPort, superuserPassword);

    public async Task<ProcessSpec> PrepareAsync(ResourceLog log, CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(SocketDir);
        if (Posix.IsRoot) await HandOverToPostgresUserAsync(log, ct);
        await StopLeftoverAsync(log);
        PortCheck.EnsureFree(settings.PostgresPort, "postgres", "CLOSIENT_POSTGRES_PORT");
        if (!File.Exists(Path.Combine(ClusterDir, "PG_VERSION"))) await InitDbAsync(log, ct);

        return AsServerUser(Tool("postgres"),
        [
            "-D", ClusterDir,
            "-p", settings.PostgresPort.ToString(CultureInfo.InvariantCulture),
            "-k", SocketDir,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_permissions=0700",
        ]);
    }

    public Task<bool> ProbeAsync(CancellationToken ct) => PostgresConnections.IsReadyAsync(AdminConnectionString, ct);

    /// <summary>
    /// SIGINT to the postmaster is <c>pg_ctl stop -m fast</c>: sessions are rolled back and a shutdown
    /// checkpoint is written. Under runuser the child is runuser, so the postmaster is found by its pid file.
    /// </summary>
    public async Task StopAsync(ChildProcess process, ResourceLog log)
    {
        if (process.HasExited) return;
        if (PostmasterPid() is { } pid) Posix.Signal(pid, Posix.SigInt);
        else process.Signal(Posix.SigInt);
        if (await process.WaitForExitAsync(ShutdownGrace)) return;

        log.Write($"(apphost) PostgreSQL did not stop within {ShutdownGrace.TotalSeconds:0} s; sending SIGQUIT");
        if (PostmasterPid() is { } stuck) Posix.Signal(stuck, Posix.SigQuit);
        if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(10))) process.KillTree();
    }

    static string Tool(string name) => Path.Combine(OsPackages.PostgresBin, name);

    ProcessSpec AsServerUser(string program, IReadOnlyList<string> arguments) => Posix.IsRoot
        ? ProcessSpec.Of("/usr/sbin/runuser", ["-u", "postgres", "--", program, .. arguments], Root)
        : ProcessSpec.Of(program, arguments, Root);

    async Task HandOverToPostgresUserAsync(ResourceLog log, CancellationToken ct)
    {
        await Command.RunCheckedAsync(ProcessSpec.Of("chown", ["-R", "postgres:postgres", Root, SocketDir], Root), log.Write, TimeSpan.FromMinutes(1), ct);
        File.SetUnixFileMode(SocketDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var reachable = await Command.RunAsync(AsServerUser("/usr/bin/test", ["-w", Root]), log.Write, TimeSpan.FromSeconds(10), ct);
        if (reachable != 0)
        {
            throw new StartupException(
                $"The postgres OS user cannot reach {Root} (a parent directory is not searchable). " +
                "Set CLOSIENT_DATA_DIR to a directory it can reach, e.g. /var/tmp/closient.");
        }
    }

    async Task InitDbAsync(ResourceLog log, CancellationToken ct)
    {
        log.Write($"(apphost) creating a new cluster in {ClusterDir}");
        var passwordFile = Path.Combine(Root, "superuser-password");
        var ownerOnly = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var stream = new FileStream(passwordFile, ownerOnly))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(superuserPassword);
        }
        try
        {
            if (Posix.IsRoot) await Command.RunCheckedAsync(ProcessSpec.Of("chown", ["postgres:postgres", passwordFile], Root), log.Write, TimeSpan.FromSeconds(10), ct);
            await Command.RunCheckedAsync(AsServerUser(Tool("initdb"),
            [
                "-D", ClusterDir, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                "--auth-host=scram-sha-256", "--auth-local=trust", $"--pwfile={passwordFile}",
            ]), log.Write, TimeSpan.FromMinutes(3), ct);
        }
        catch
        {
            // A half-written cluster would make every later start fail; the next attempt starts clean.
            if (Directory.Exists(ClusterDir)) Directory.Delete(ClusterDir, recursive: true);
            throw;
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>A postmaster still running on our data directory can only be one an earlier AppHost lost track of.</summary>
    async Task StopLeftoverAsync(ResourceLog log)
    {
        if (PostmasterPid() is not { } pid) return;
        if (Leftovers.HasLiveAppHostAncestor(pid))
            throw new StartupException($"Another AppHost is already running PostgreSQL on {ClusterDir} (pid {pid}); stop it or set CLOSIENT_DATA_DIR.");
        log.Write($"(apphost) stopping the PostgreSQL an earlier run left behind (pid {pid})");
        Posix.Signal(pid, Posix.SigInt);
        for (var waited = 0; waited < 300 && Posix.IsAlive(pid); waited++) await Task.Delay(100);
    }

    /// <summary>
    /// The live postmaster of our cluster, if any. A stale pid file may name a pid since reused by
    /// someone else's process (even another PostgreSQL), so the command line must name our directory.
    /// </summary>
    int? PostmasterPid()
    {
        var pidFile = Path.Combine(ClusterDir, "postmaster.pid");
        try
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)) return null;
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return commandLine.Length > 0 && Path.GetFileName(commandLine[0]) == "postgres" && commandLine.Contains(ClusterDir) ? pid : null;
        }
        catch (IOException)
        {
            return null; // the file or the process went away while we looked
        }
    }
}
