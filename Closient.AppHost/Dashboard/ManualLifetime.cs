using Microsoft.Extensions.Hosting;

namespace Closient.AppHost.Dashboard;

/// <summary>
/// Keeps the web host from reacting to Ctrl+C itself: the orchestrator owns shutdown and stops the
/// operator page last, so it stays up while the resources stop.
/// </summary>
sealed class ManualLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
