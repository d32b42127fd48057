namespace Closient.AppHost.Processes;

/// <summary>A project whose .csproj does not exist (yet): listed, never started.</summary>
sealed class SkippedResource(ResourceStatus status) : IResourceRunner
{
    public ResourceStatus Status => status;

    public bool CanControl => false;

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync() => Task.CompletedTask;

    public Task RestartAsync(CancellationToken ct) => Task.CompletedTask;
}
