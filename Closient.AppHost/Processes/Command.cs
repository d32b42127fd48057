namespace Closient.AppHost.Processes;

/// <summary>Runs a one-shot command (initdb, rabbitmqctl, dotnet build) to completion with its output shown.</summary>
static class Command
{
    public static async Task<int> RunAsync(ProcessSpec spec, Action<string> output, TimeSpan timeout, CancellationToken ct)
    {
        using var child = ChildProcess.Start(spec, output);
        try
        {
            await child.Exited.WaitAsync(timeout, ct);
            return child.ExitCode;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            child.KillTree();
            await child.WaitForExitAsync(TimeSpan.FromSeconds(5));
            if (e is TimeoutException) output($"{Path.GetFileName(spec.FileName)} did not finish within {timeout.TotalSeconds:0} s and was killed");
            throw;
        }
    }

    /// <summary>Runs a command and throws when it fails, so set-up steps read as a straight list.</summary>
    public static async Task RunCheckedAsync(ProcessSpec spec, Action<string> output, TimeSpan timeout, CancellationToken ct)
    {
        var code = await RunAsync(spec, output, timeout, ct);
        if (code != 0)
            throw new InvalidOperationException($"{Path.GetFileName(spec.FileName)} {string.Join(' ', spec.Arguments)} exited with code {code}");
    }
}
