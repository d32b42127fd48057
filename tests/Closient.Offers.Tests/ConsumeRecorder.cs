using System.Collections.Concurrent;
using Closient.Testing;
using MassTransit;

namespace Closient.Offers.Tests;

/// <summary>
/// Observes the hosted service's own bus: every message its consumers finished (or faulted on), by
/// MessageId. Lets a test wait until a message was handled even when handling it changes nothing
/// (a duplicate, a stale version).
/// </summary>
public sealed class ConsumeRecorder : IConsumeObserver
{
    readonly ConcurrentDictionary<Guid, int> _consumed = new();
    readonly ConcurrentDictionary<Guid, Exception> _faulted = new();

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id) _consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (context.MessageId is { } id) _faulted[id] = exception;
        return Task.CompletedTask;
    }

    /// <summary>Waits until the service has consumed <paramref name="messageId"/> <paramref name="times"/> times.</summary>
    public Task WaitAsync(Guid messageId, int times = 1) =>
        Eventually.TrueAsync(() =>
        {
            if (_faulted.TryGetValue(messageId, out var e)) throw new InvalidOperationException($"Consuming {messageId} failed.", e);
            return Task.FromResult(_consumed.GetValueOrDefault(messageId) >= times);
        }, TimeSpan.FromSeconds(20), $"message {messageId} was not consumed {times} time(s)");
}
