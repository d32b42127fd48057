namespace Closient.AppHost.Processes;

/// <summary>The live state of one resource, written by its runner and read by the operator page.</summary>
sealed class ResourceStatus(string name, string type, string? endpoint, ResourceLog log)
{
    readonly Lock gate = new();
    ResourceState state = ResourceState.Stopped;
    HealthStatus health = HealthStatus.Unknown;
    int? pid;
    DateTimeOffset? startedAt;
    DateTimeOffset? healthySince;
    int restarts;
    string? fatal;

    public string Name => name;

    public ResourceLog Log => log;

    public ResourceState State { get { lock (gate) return state; } }

    /// <summary>When the current run first answered its health probe (drives the backoff reset).</summary>
    public DateTimeOffset? HealthySince { get { lock (gate) return healthySince; } }

    /// <summary>Why the resource cannot start at all (retrying would not help); null while it may still come up.</summary>
    public string? Fatal { get { lock (gate) return fatal; } }

    public void Starting(int? processId, ResourceState initial, DateTimeOffset at)
    {
        lock (gate) (state, health, pid, startedAt, healthySince, fatal) = (initial, HealthStatus.Unknown, processId, at, null, null);
    }

    public void FailedFatally(string reason)
    {
        lock (gate) (state, health, pid, fatal) = (ResourceState.Failed, HealthStatus.Unhealthy, null, reason);
    }

    public void Probed(bool healthy, DateTimeOffset at)
    {
        lock (gate)
        {
            if (state is ResourceState.Stopped or ResourceState.Failed) return;
            if (healthy)
            {
                (state, health) = (ResourceState.Healthy, HealthStatus.Healthy);
                healthySince ??= at;
            }
            else if (state is ResourceState.Healthy or ResourceState.Unhealthy or ResourceState.Running)
            {
                (state, health) = (ResourceState.Unhealthy, HealthStatus.Unhealthy);
            }
        }
    }

    public void Failed()
    {
        lock (gate) (state, health, pid) = (ResourceState.Failed, HealthStatus.Unhealthy, null);
    }

    public void Stopped()
    {
        lock (gate) (state, health, pid, healthySince) = (ResourceState.Stopped, HealthStatus.Unknown, null, null);
    }

    public void CountRestart()
    {
        lock (gate) restarts++;
    }

    public ResourceSnapshot Snapshot()
    {
        lock (gate) return new(name, type, state, pid, endpoint, health, restarts, startedAt, log.Tail());
    }
}
