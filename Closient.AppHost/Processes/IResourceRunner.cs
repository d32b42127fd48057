namespace Closient.AppHost.Processes;

/// <summary>Something the AppHost runs, supervises and lets the operator start, stop and restart.</summary>
interface IResourceRunner
{
    ResourceStatus Status { get; }

    /// <summary>False for resources the operator cannot start or stop (external servers, skipped projects).</summary>
    bool CanControl { get; }

    /// <summary>Starts (or resumes supervising) the resource; returns once it is launched, not when healthy.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Stops the resource and keeps it down (no automatic restart) until <see cref="StartAsync"/>.</summary>
    Task StopAsync();

    Task RestartAsync(CancellationToken ct);
}
