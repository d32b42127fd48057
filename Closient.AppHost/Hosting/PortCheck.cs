using System.Net;
using System.Net.Sockets;

namespace Closient.AppHost.Hosting;

static class PortCheck
{
    /// <summary>Fails fast, naming the setting to change, instead of a child dying on "address in use" later.</summary>
    public static void EnsureFree(int port, string owner, string setting)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new StartupException($"Port {port} ({owner}) is already in use; stop what holds it or set {setting}.");
        }
        finally
        {
            listener.Stop();
        }
    }
}
