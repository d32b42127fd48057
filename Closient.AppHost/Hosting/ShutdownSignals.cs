using System.Runtime.InteropServices;

namespace Closient.AppHost.Hosting;

/// <summary>
/// Turns Ctrl+C, SIGTERM, SIGHUP and SIGQUIT into one cancellation, so the orchestrator stops the
/// children in order instead of the runtime exiting under them.
/// </summary>
sealed class ShutdownSignals : IDisposable
{
    readonly PosixSignalRegistration[] registrations;

    public ShutdownSignals(CancellationTokenSource shutdown, Action<string> say)
    {
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (shutdown.IsCancellationRequested)
                {
                    say("already stopping; waiting for the resources to shut down cleanly");
                    return;
                }
                say($"{context.Signal} received; stopping");
                shutdown.Cancel();
            }))];
    }

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }
}
