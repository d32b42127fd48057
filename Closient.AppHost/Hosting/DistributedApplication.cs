using Closient.AppHost.Infrastructure;

namespace Closient.AppHost.Hosting;

/// <summary>The Aspire AppHost's entry point shape: CreateBuilder, declare resources, Build, Run.</summary>
sealed class DistributedApplication
{
    readonly HostSettings settings;
    readonly IReadOnlyList<Resource> resources;

    internal DistributedApplication(HostSettings settings, IReadOnlyList<Resource> resources)
    {
        this.settings = settings;
        this.resources = resources;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        try
        {
            return new DistributedApplicationBuilder(HostSettings.Load(args));
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"[apphost] {e.Message}");
            Environment.Exit(1);
            throw;
        }
    }

    /// <summary>Runs until Ctrl+C or SIGTERM; the exit code is non-zero when start-up failed.</summary>
    public async Task RunAsync() => Environment.ExitCode = await new Orchestrator(settings, resources).RunAsync();
}
