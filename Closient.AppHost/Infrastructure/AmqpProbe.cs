using System.Net.Sockets;

namespace Closient.AppHost.Infrastructure;

static class AmqpProbe
{
    static readonly byte[] ProtocolHeader = [(byte)'A', (byte)'M', (byte)'Q', (byte)'P', 0, 0, 9, 1];

    /// <summary>
    /// Ready when the broker answers the AMQP 0-9-1 header with a method frame (connection.start):
    /// a bare TCP accept happens before the broker can actually serve clients.
    /// </summary>
    public static async Task<bool> AnswersAsync(string host, int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(ProtocolHeader, timeout.Token);
        var frameType = new byte[1];
        return await stream.ReadAsync(frameType, timeout.Token) == 1 && frameType[0] == 1;
    }

    public static async Task<bool> AcceptsAsync(string host, int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
