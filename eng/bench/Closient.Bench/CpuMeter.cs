using System.Globalization;

namespace Closient.Bench;

/// <summary>
/// CPU time per request, by process: where the 2 cores go during a run. <c>--cpu name=pid,name=pid</c> names the
/// processes to watch (a process counts with all its descendants: PostgreSQL's backends, RabbitMQ's Erlang VM);
/// the load generator itself is always watched as <c>client</c>. Linux only (reads <c>/proc</c>).
/// </summary>
public sealed class CpuMeter
{
    readonly (string Name, int Pid)[] _watched;
    static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on

    CpuMeter((string, int)[] watched) => _watched = watched;

    /// <summary>From <c>name=pid,name=pid</c>; null when the option is absent or /proc is not there.</summary>
    public static CpuMeter? Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec) || !Directory.Exists("/proc/self")) return null;
        var watched = new List<(string, int)>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || !int.TryParse(part[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                throw new ArgumentException($"--cpu: '{part}' is not name=pid");
            watched.Add((part[..eq], pid));
        }
        watched.Add(("client", Environment.ProcessId));
        return new CpuMeter([.. watched]);
    }

    /// <summary>CPU seconds so far of each watched process tree, and of the whole machine (all processes).</summary>
    public Snapshot Take()
    {
        var stats = ReadAll();
        var children = stats.ToLookup(s => s.ParentPid);
        var byPid = stats.ToDictionary(s => s.Pid);
        var byName = new double[_watched.Length];
        for (var i = 0; i < _watched.Length; i++) byName[i] = TreeSeconds(byPid, children, _watched[i].Pid);
        return new Snapshot(byName, MachineSeconds(), DateTime.UtcNow);
    }

    public sealed record Snapshot(double[] Seconds, double MachineBusy, DateTime At);

    /// <summary>"cpu µs/request: gateway 120, catalog 95, …, others 10, idle 5%".</summary>
    public string Describe(Snapshot before, Snapshot after, long requests)
    {
        if (requests <= 0) return "cpu: no requests";
        var parts = new List<string>();
        var watched = 0.0;
        for (var i = 0; i < _watched.Length; i++)
        {
            var used = after.Seconds[i] - before.Seconds[i];
            watched += used;
            parts.Add($"{_watched[i].Name} {used / requests * 1e6:0}");
        }
        var busy = after.MachineBusy - before.MachineBusy;
        parts.Add($"other {Math.Max(0, busy - watched) / requests * 1e6:0}");
        var capacity = (after.At - before.At).TotalSeconds * Environment.ProcessorCount;
        return $"cpu µs/request: {string.Join(", ", parts)}; machine busy {Math.Min(1, busy / capacity):0%}";
    }

    sealed record Stat(int Pid, int ParentPid, double Seconds);

    static List<Stat> ReadAll()
    {
        var stats = new List<Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces, so split after the last ')'.
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                stats.Add(new Stat(pid, int.Parse(fields[1], CultureInfo.InvariantCulture),
                    (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond));
            }
            catch (IOException) { } // the process ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return stats;
    }

    static double TreeSeconds(Dictionary<int, Stat> byPid, ILookup<int, Stat> children, int root)
    {
        var total = 0.0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            total += byPid.GetValueOrDefault(pid)?.Seconds ?? 0;
            foreach (var child in children[pid]) pending.Push(child.Pid);
        }
        return total;
    }

    /// <summary>Busy CPU seconds of the machine (user + nice + system + irq + softirq + steal, from /proc/stat).</summary>
    static double MachineSeconds()
    {
        var line = File.ReadLines("/proc/stat").First();
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
    }
}
