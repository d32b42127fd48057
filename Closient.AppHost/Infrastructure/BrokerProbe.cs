namespace Closient.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ health: the AMQP handshake until the broker first answers, then a bare TCP connect.
/// A handshake abandoned every few seconds would fill the broker's log with "client unexpectedly
/// closed TCP connection" warnings; a bare connect leaves no trace. Any failure goes back to handshakes.
/// </summary>
sealed class BrokerProbe(string host, int port)
{
    volatile bool answered;

    public void Reset() => answered = false;

    public async Task<bool> CheckAsync(CancellationToken ct)
    {
        var wasAnswering = answered;
        answered = false; // stays false if the check throws
        answered = wasAnswering
            ? await AmqpProbe.AcceptsAsync(host, port, ct)
            : await AmqpProbe.AnswersAsync(host, port, ct);
        return answered;
    }
}
