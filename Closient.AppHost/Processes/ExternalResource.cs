namespace Closient.AppHost.Processes;

/// <summary>A server someone else runs (external-infrastructure mode): probed and shown, never started or stopped.</summary>
sealed class ExternalResource(ResourceStatus status, Func<CancellationToken, Task<bool>> probe, TimeProvider clock) : IResourceRunner
{
    CancellationTokenSource? probing;
    Task? loop;

    public ResourceStatus Status => status;

    public bool CanControl => false;

    public Task StartAsync(CancellationToken ct)
    {
        if (loop is { IsCompleted: false }) return Task.CompletedTask;
        status.Starting(null, ResourceState.Running, clock.GetUtcNow());
        probing = new CancellationTokenSource();
        var token = probing.Token;
        loop = Task.Run(() => ProbeAsync(token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Ends the health polling only: the server is not ours to stop.</summary>
    public async Task StopAsync()
    {
        if (probing is null || loop is null) return;
        await probing.CancelAsync();
        await loop;
        probing.Dispose();
        (probing, loop) = (null, null);
        status.Stopped();
    }

    public Task RestartAsync(CancellationToken ct) =>
        throw new InvalidOperationException($"{status.Name} is external; restart it where it runs.");

    async Task ProbeAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            bool healthy;
            try
            {
                healthy = await probe(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                healthy = false;
            }
            status.Probed(healthy, clock.GetUtcNow());
            try
            {
                await Task.Delay(healthy ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500), clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
