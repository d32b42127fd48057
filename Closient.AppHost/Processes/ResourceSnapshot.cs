namespace Closient.AppHost.Processes;

/// <summary>What the operator page shows for one resource (serialized snake_case).</summary>
sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    int? Pid,
    string? Endpoint,
    HealthStatus Health,
    int Restarts,
    DateTimeOffset? StartedAt,
    IReadOnlyList<string> Logs);
