using Closient.AppHost.Processes;

namespace Closient.AppHost.Infrastructure;

static class DockerEngine
{
    /// <summary>True when <c>docker info</c> succeeds within a few seconds (a CLI without an engine does not count).</summary>
    public static async Task<bool> IsAvailableAsync(CancellationToken ct)
    {
        if (!ExistsOnPath("docker")) return false;
        try
        {
            var code = await Command.RunAsync(ProcessSpec.Of("docker", ["info"], "/"), _ => { }, TimeSpan.FromSeconds(5), ct);
            return code == 0;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    static bool ExistsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
