using Closient.AppHost.Hosting;

namespace Closient.AppHost.Processes;

/// <summary>
/// Keeps one process running: launches it, probes its health, and restarts it when it exits on its
/// own with exponential backoff (1 s, 2 s, 4 s … 30 s; back to 1 s after 60 s healthy). A stop
/// requested by the AppHost or the operator is not a crash and keeps it down.
/// </summary>
sealed class SupervisedProcess(IProcessDefinition definition, ResourceStatus status, TimeProvider clock) : IResourceRunner
{
    static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    readonly SemaphoreSlim gate = new(1, 1);
    CancellationTokenSource? running;
    Task? supervision;

    public ResourceStatus Status => status;

    public bool CanControl => true;

    public async Task StartAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (supervision is { IsCompleted: false }) return;
            // Reported at once so a caller (the operator page) sees "starting", not the old "stopped".
            status.Starting(null, ResourceState.Starting, clock.GetUtcNow());
            running?.Dispose(); // left by a run that ended on a fatal set-up error
            running = new CancellationTokenSource();
            var token = running.Token;
            supervision = Task.Run(() => SuperviseAsync(token), CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task StopAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (supervision is null || running is null) return;
            await running.CancelAsync();
            await supervision;
            running.Dispose();
            (supervision, running) = (null, null);
            status.Stopped(); // also when supervision had already ended on a fatal error
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync();
        status.CountRestart();
        await StartAsync(ct);
    }

    async Task SuperviseAsync(CancellationToken stopping)
    {
        var backoff = FirstBackoff;
        while (true)
        {
            ChildProcess? process = null;
            var health = Task.CompletedTask;
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            try
            {
                status.Starting(null, ResourceState.Starting, clock.GetUtcNow());
                var spec = await definition.PrepareAsync(status.Log, stopping);
                process = ChildProcess.Start(spec, status.Log.Write);
                status.Starting(process.Id, ResourceState.Starting, clock.GetUtcNow());
                health = ProbeUntilCancelledAsync(probing.Token);
                await process.Exited.WaitAsync(stopping);
                status.Log.Write($"(apphost) process {process.Id} exited with code {process.ExitCode}");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await probing.CancelAsync();
                await health;
                if (process is not null) await definition.StopAsync(process, status.Log);
                process?.Dispose();
                status.Stopped();
                return;
            }
            catch (StartupException e)
            {
                // Set-up found something only the developer can fix: retrying would just repeat it.
                status.Log.Write($"(apphost) cannot start: {e.Message}");
                status.FailedFatally(e.Message);
                return;
            }
            catch (Exception e)
            {
                // A failed set-up step (initdb, a missing build output) is retried like a crash;
                // the start-up timeout turns a persistent failure into a clear error.
                status.Log.Write($"(apphost) failed to start: {e.Message}");
            }

            await probing.CancelAsync();
            await health;
            process?.Dispose();
            if (status.HealthySince is { } since && clock.GetUtcNow() - since >= StableAfter) backoff = FirstBackoff;
            status.Failed();
            status.Log.Write($"(apphost) restarting in {backoff.TotalSeconds:0} s");
            try
            {
                await Task.Delay(backoff, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                status.Stopped();
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            status.CountRestart();
        }
    }

    async Task ProbeUntilCancelledAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            bool healthy;
            try
            {
                healthy = await definition.ProbeAsync(ct);
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
            // Poll fast until healthy so dependants start promptly, then settle to a slow heartbeat.
            var pause = status.State == ResourceState.Healthy ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
            try
            {
                await Task.Delay(pause, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
