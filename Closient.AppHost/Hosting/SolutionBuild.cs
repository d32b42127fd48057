using Closient.AppHost.Infrastructure;
using Closient.AppHost.Processes;

namespace Closient.AppHost.Hosting;

/// <summary>Builds the whole solution once before anything starts, as an Aspire AppHost does.</summary>
static class SolutionBuild
{
    public static async Task RunAsync(HostSettings settings, LogConsole console, CancellationToken ct)
    {
        var solution = Path.Combine(settings.RepoRoot, "Closient.sln");
        console.Write("apphost", $"building {solution} (skip with --no-build or CLOSIENT_NO_BUILD=1)");
        var spec = ProcessSpec.Of("dotnet", ["build", solution, "-c", "Debug", "-nologo"], settings.RepoRoot);
        var code = await Command.RunAsync(spec, line => console.Write("build", line), TimeSpan.FromMinutes(20), ct);
        if (code != 0) throw new StartupException($"dotnet build failed (exit {code}); fix the errors above or run with --no-build.");
    }
}
