using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Closient.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit 8 over RabbitMQ from <c>ConnectionStrings:messaging</c> (an <c>amqp://user:pass@host:port/vhost</c>
    /// URI), queues named <c>&lt;service&gt;-&lt;consumer&gt;</c> in kebab case so two services never share a
    /// queue, retries, and the outbox relay. The bus is started before the host reports started, so
    /// consumers' queues exist before the first event is published. <paramref name="outboxRelay"/>: false for a
    /// service without a database (the gateway), which only consumes.
    /// </summary>
    public static TBuilder AddClosientMessaging<TBuilder>(this TBuilder builder, string service, Action<IBusRegistrationConfigurator>? consumers = null,
        bool outboxRelay = true)
        where TBuilder : IHostApplicationBuilder
    {
        var uri = new Uri(builder.Configuration.GetConnectionString("messaging")
            ?? throw new InvalidOperationException("ConnectionStrings:messaging is not configured."));

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service, includeNamespace: false));
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, cfg) =>
            {
                var (user, password) = Credentials(uri);
                var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
                cfg.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), string.IsNullOrEmpty(vhost) ? "/" : vhost, h =>
                {
                    h.Username(user);
                    h.Password(password);
                });
                cfg.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000, 15000));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        if (outboxRelay)
            builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }

    static (string User, string Password) Credentials(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo)) return ("guest", "guest");
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
