using Closient.AppHost.Processes;

namespace Closient.AppHost.Infrastructure;

/// <summary>What a Docker-backed server needs: ports are published on 127.0.0.1 only.</summary>
sealed record ContainerSpec(
    string Name,
    string Image,
    IReadOnlyList<(int Host, int Container)> Ports,
    string DataDir,
    string DataMount,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Options);

/// <summary>
/// Runs a container in the foreground (<c>docker run --rm</c>) so its log streams to us and the
/// supervisor sees it exit. Secrets go through the client's environment, not the command line.
/// </summary>
sealed class ContainerProcess(ContainerSpec spec, Func<CancellationToken, Task<bool>> probe) : IProcessDefinition
{
    public async Task<ProcessSpec> PrepareAsync(ResourceLog log, CancellationToken ct)
    {
        Directory.CreateDirectory(spec.DataDir);
        // A container left by a crashed run holds the name and the ports.
        await Command.RunAsync(ProcessSpec.Of("docker", ["rm", "-f", spec.Name], spec.DataDir), _ => { }, TimeSpan.FromSeconds(30), ct);

        List<string> arguments = ["run", "--rm", "--name", spec.Name, .. spec.Options];
        foreach (var (host, container) in spec.Ports) arguments.AddRange(["-p", $"127.0.0.1:{host}:{container}"]);
        foreach (var key in spec.Environment.Keys) arguments.AddRange(["-e", key]);
        arguments.AddRange(["-v", $"{spec.DataDir}:{spec.DataMount}", spec.Image]);
        var environment = spec.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        return ProcessSpec.Of("docker", arguments, spec.DataDir, environment);
    }

    public Task<bool> ProbeAsync(CancellationToken ct) => probe(ct);

    public async Task StopAsync(ChildProcess process, ResourceLog log)
    {
        try
        {
            await Command.RunAsync(ProcessSpec.Of("docker", ["stop", "-t", "30", spec.Name], spec.DataDir), log.Write, TimeSpan.FromSeconds(45), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            log.Write("(apphost) docker stop timed out");
        }
        if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(15))) process.KillTree();
    }
}
