using System.Collections.Concurrent;
using System.Reflection;
using Closient.Contracts.Catalog;
using MassTransit;

namespace Closient.Testing;

/// <summary>
/// A MassTransit bus in a test's virtual host: publishes events the way another service's outbox
/// relay would (with an explicit MessageId), and records every contract event any service publishes,
/// so tests assert on what really crossed the broker.
/// </summary>
public sealed class TestBus : IAsyncDisposable
{
    readonly IBusControl _bus;
    readonly ConcurrentQueue<(object Message, Guid MessageId)> _seen = new();

    TestBus(IBusControl bus) => _bus = bus;

    public static async Task<TestBus> StartAsync(Uri uri)
    {
        TestBus? self = null;
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            var parts = uri.UserInfo.Split(':', 2);
            cfg.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')), h =>
            {
                h.Username(Uri.UnescapeDataString(parts[0]));
                h.Password(parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
            });
            cfg.ReceiveEndpoint("test-observer-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                foreach (var type in ContractTypes())
                    ObserveMethod.MakeGenericMethod(type).Invoke(null, [e, (Action<object, Guid>)((m, id) => self!._seen.Enqueue((m, id)))]);
            });
        });
        self = new TestBus(bus);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return self;
    }

    static readonly MethodInfo ObserveMethod = typeof(TestBus).GetMethod(nameof(Observe), BindingFlags.NonPublic | BindingFlags.Static)!;

    static void Observe<T>(IReceiveEndpointConfigurator e, Action<object, Guid> record) where T : class =>
        e.Handler<T>(ctx =>
        {
            record(ctx.Message, ctx.MessageId ?? Guid.Empty);
            return Task.CompletedTask;
        });

    static IEnumerable<Type> ContractTypes() =>
        typeof(ProductUpserted).Assembly.GetExportedTypes().Where(t => t.IsClass && t.Namespace?.StartsWith("Closient.Contracts") == true);

    /// <summary>Publishes <paramref name="message"/> with <paramref name="messageId"/> (new if null); returns the id.</summary>
    public async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await _bus.Publish(message, ctx => ctx.MessageId = id);
        return id;
    }

    /// <summary>Every event of type <typeparamref name="T"/> seen so far, with its MessageId.</summary>
    public IReadOnlyList<(T Message, Guid MessageId)> Seen<T>() =>
        _seen.Where(s => s.Message is T).Select(s => ((T)s.Message, s.MessageId)).ToList();

    /// <summary>Waits until an event of type <typeparamref name="T"/> matching <paramref name="match"/> has been published.</summary>
    public async Task<(T Message, Guid MessageId)> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var found = default((T, Guid));
        await Eventually.TrueAsync(() =>
        {
            var hit = Seen<T>().FirstOrDefault(s => match(s.Message));
            if (hit.Message is null) return Task.FromResult(false);
            found = hit;
            return Task.FromResult(true);
        }, timeout ?? TimeSpan.FromSeconds(15), $"no {typeof(T).Name} matching the condition was published");
        return found;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
