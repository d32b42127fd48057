namespace Closient.AppHost.Processes;

/// <summary>
/// Finds processes an earlier AppHost started and lost track of (it was killed with SIGKILL, say):
/// they still hold our ports and data directories. A process that still has a live AppHost among its
/// ancestors belongs to that AppHost and is never touched.
/// </summary>
static class Leftovers
{
    public static IReadOnlyList<int> Find(Func<int, string[], bool> matches)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (matches(pid, CommandLine(pid)) && !HasLiveAppHostAncestor(pid)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while we looked, or is not ours to read: not a leftover of ours.
            }
        }
        return found;
    }

    public static bool HasLiveAppHostAncestor(int pid)
    {
        for (var parent = ParentOf(pid); parent > 1; parent = ParentOf(parent))
        {
            if (CommandLine(parent).Any(a => a.Contains("Closient.AppHost", StringComparison.Ordinal))) return true;
        }
        return false;
    }

    public static string[] CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    public static string? EnvironmentValue(int pid, string key)
    {
        var prefix = key + "=";
        return File.ReadAllText($"/proc/{pid}/environ").Split('\0')
            .FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    /// <summary>SIGTERM, then SIGKILL if it is still there after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(int pid, TimeSpan grace)
    {
        Posix.Signal(pid, Posix.SigTerm);
        for (var waited = TimeSpan.Zero; waited < grace && Posix.IsAlive(pid); waited += TimeSpan.FromMilliseconds(100))
            await Task.Delay(100);
        if (Posix.IsAlive(pid)) Posix.Signal(pid, Posix.SigKill);
    }

    static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat is "pid (comm) state ppid …"; comm may contain spaces and parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
