namespace Closient.AppHost.Processes;

/// <summary>How one kind of resource is prepared, launched, probed and stopped; supervision is generic.</summary>
interface IProcessDefinition
{
    /// <summary>Runs any set-up (initdb, config files) and returns what to launch. Called before every start.</summary>
    Task<ProcessSpec> PrepareAsync(ResourceLog log, CancellationToken ct);

    /// <summary>True when the resource answers; exceptions count as "not healthy".</summary>
    Task<bool> ProbeAsync(CancellationToken ct);

    /// <summary>Stops the process cleanly and makes sure nothing it started survives.</summary>
    Task StopAsync(ChildProcess process, ResourceLog log);
}
