using System.Diagnostics;

namespace Closient.AppHost.Hosting;

/// <summary>
/// A fresh system has no API key, so nobody could call it. On the first start this runs the accounts
/// service's <c>bootstrap</c> command (it applies the migrations itself) and keeps what it prints —
/// <c>CLOSIENT_API_KEY</c>, <c>CLOSIENT_USER_API_KEY</c>, <c>CLOSIENT_ORGANIZATION_ID</c>, <c>CLOSIENT_USER_ID</c> —
/// in <c>&lt;data&gt;/dev-api-key.env</c> (mode 600), which later starts reuse.
/// </summary>
sealed class DevelopmentKey(string dataDir, string assembly, IReadOnlyDictionary<string, string?> environment)
{
    public const string Email = "dev@closient.local", Organization = "Closient Dev";

    public string FilePath { get; } = Path.Combine(dataDir, "dev-api-key.env");
    public string? ApiKey { get; private set; }
    public string? OrganizationId { get; private set; }

    public async Task EnsureAsync(Action<string> say, CancellationToken ct)
    {
        if (!File.Exists(FilePath))
        {
            say($"creating the development organization and API key ({Email})");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { assembly, "bootstrap", "--email", Email, "--organization", Organization }) psi.ArgumentList.Add(arg);
            foreach (var (name, value) in environment)
                if (value is null) psi.Environment.Remove(name); else psi.Environment[name] = value;
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new StartupException($"bootstrap failed (exit {process.ExitCode}): {await error}");
            var lines = (await output).Split('\n').Where(l => l.StartsWith("CLOSIENT_", StringComparison.Ordinal)).Select(l => l.TrimEnd('\r'));
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            await using (var file = new StreamWriter(new FileStream(FilePath, options)))
                await file.WriteAsync(string.Join('\n', lines) + "\n");
        }
        var values = File.ReadAllLines(FilePath).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        ApiKey = values.GetValueOrDefault("CLOSIENT_API_KEY");
        OrganizationId = values.GetValueOrDefault("CLOSIENT_ORGANIZATION_ID");
    }
}
