using Closient.AppHost.Processes;

namespace Closient.AppHost.Hosting;

/// <summary>
/// Runs a project's build output with <c>dotnet &lt;dll&gt;</c> from its project folder (so its
/// appsettings and content root are what <c>dotnet run</c> would use); healthy when <c>/health</c> answers 200.
/// </summary>
sealed class ProjectProcess(ProjectResource project, string repoRoot, IReadOnlyDictionary<string, string?> environment, HttpClient http)
    : IProcessDefinition
{
    static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    string ProjectDir => Path.Combine(repoRoot, project.Path);

    string Assembly => AssemblyPath(project, repoRoot);

    public static string AssemblyPath(ProjectResource project, string repoRoot) =>
        Path.Combine(repoRoot, project.Path, "bin", "Debug", "net10.0", project.AssemblyName + ".dll");

    public async Task<ProcessSpec> PrepareAsync(ResourceLog log, CancellationToken ct)
    {
        if (!File.Exists(Assembly))
            throw new StartupException($"{Assembly} does not exist; build the solution (or drop --no-build / CLOSIENT_NO_BUILD).");
        await StopLeftoversAsync(log);
        PortCheck.EnsureFree(project.Port, project.Name, project.IsPublic ? "CLOSIENT_GATEWAY_PORT" : "CLOSIENT_SERVICE_PORT_BASE");
        return ProcessSpec.Of("dotnet", [Assembly], ProjectDir, environment);
    }

    /// <summary>The same build output serving the same URL without a live AppHost above it is ours, left behind.</summary>
    async Task StopLeftoversAsync(ResourceLog log)
    {
        var leftovers = Leftovers.Find((pid, commandLine) =>
            commandLine is [var host, var assembly, ..] && Path.GetFileName(host) == "dotnet" && assembly == Assembly
            && Leftovers.EnvironmentValue(pid, "ASPNETCORE_URLS") == project.Url);
        foreach (var pid in leftovers)
        {
            log.Write($"(apphost) stopping {project.Name} left running by an earlier run (pid {pid})");
            await Leftovers.StopAsync(pid, ShutdownGrace);
        }
    }

    public async Task<bool> ProbeAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var response = await http.GetAsync($"{project.LoopbackUrl}/health", timeout.Token);
        return response.IsSuccessStatusCode;
    }

    /// <summary>SIGTERM lets the host drain requests and stop the bus; after the grace period the whole tree is killed.</summary>
    public Task StopAsync(ChildProcess process, ResourceLog log) => process.StopAsync(Posix.SigTerm, ShutdownGrace);
}
