using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Closient.Testing;

/// <summary>
/// The PostgreSQL+PostGIS and RabbitMQ servers tests run against: the ones named by
/// <c>CLOSIENT_TEST_POSTGRES</c>, <c>CLOSIENT_TEST_RABBITMQ</c> and <c>CLOSIENT_TEST_RABBITMQ_MANAGEMENT</c>
/// (as <c>eng/test.sh</c> and <c>.ci/run</c> set them), or else throwaway ones this process starts with
/// <c>eng/infra.sh</c> on free ports and stops when it exits.
/// </summary>
public sealed class TestInfrastructure
{
    static readonly Lazy<TestInfrastructure> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static TestInfrastructure Instance => Shared.Value;

    public string PostgresAdmin { get; }
    public Uri RabbitMq { get; }
    public Uri RabbitMqManagement { get; }

    TestInfrastructure(string postgres, string rabbit, string management)
    {
        PostgresAdmin = postgres;
        RabbitMq = new Uri(rabbit);
        RabbitMqManagement = new Uri(management);
    }

    static TestInfrastructure Start()
    {
        var pg = Environment.GetEnvironmentVariable("CLOSIENT_TEST_POSTGRES");
        var mq = Environment.GetEnvironmentVariable("CLOSIENT_TEST_RABBITMQ");
        var mgmt = Environment.GetEnvironmentVariable("CLOSIENT_TEST_RABBITMQ_MANAGEMENT");
        if (pg is not null && mq is not null && mgmt is not null)
            return new TestInfrastructure(pg, mq, mgmt);

        var root = RepositoryRoot.Find();
        var dir = Path.Combine(Path.GetTempPath(), "closient-test-infra-" + Guid.NewGuid().ToString("N")[..8]);
        var pgPort = FreePort();
        var amqpPort = FreeAmqpPort();
        var output = Run(Path.Combine(root, "eng", "infra.sh"), "start", dir, pgPort.ToString(), amqpPort.ToString());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(root, "eng", "infra.sh"), "stop", dir);
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { } // best effort: a throwaway directory under /tmp
            catch (UnauthorizedAccessException) { }
        };

        var env = output.Split('\n')
            .Where(l => l.StartsWith("export "))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('\''));
        return new TestInfrastructure(env["CLOSIENT_TEST_POSTGRES"], env["CLOSIENT_TEST_RABBITMQ"], env["CLOSIENT_TEST_RABBITMQ_MANAGEMENT"]);
    }

    static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(' ', args)} failed with exit code {process.ExitCode}.");
        return output;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>RabbitMQ needs amqp, amqp+1 (management), amqp+2 (distribution) and amqp-303 (epmd) free.</summary>
    static int FreeAmqpPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20000, 30000);
            if (new[] { port, port + 1, port + 2, port - 303 }.All(IsFree)) return port;
        }
        throw new InvalidOperationException("No free ports for RabbitMQ.");
    }

    static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
