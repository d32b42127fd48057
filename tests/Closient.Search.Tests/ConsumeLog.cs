using System.Collections.Concurrent;
using Closient.Testing;
using MassTransit;

namespace Closient.Search.Tests;

/// <summary>
/// Counts the deliveries the service's consumers completed per MessageId. A duplicate the inbox
/// skips, or a stale version the read model ignores, changes no row; this is how a test knows it
/// has been handled (instead of waiting and hoping).
/// </summary>
public sealed class ConsumeLog : IConsumeObserver
{
    readonly ConcurrentDictionary<Guid, int> _done = new();

    public async Task WaitAsync(Guid messageId, int deliveries = 1)
    {
        await Eventually.TrueAsync(() => Task.FromResult(_done.GetValueOrDefault(messageId) >= deliveries),
            TimeSpan.FromSeconds(30), $"message {messageId} was not consumed {deliveries} time(s)");
    }

    Task IConsumeObserver.PreConsume<T>(ConsumeContext<T> context) => Task.CompletedTask;

    Task IConsumeObserver.PostConsume<T>(ConsumeContext<T> context)
    {
        if (context.MessageId is { } id) _done.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    Task IConsumeObserver.ConsumeFault<T>(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;
}
