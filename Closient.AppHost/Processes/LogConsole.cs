namespace Closient.AppHost.Processes;

/// <summary>
/// Writes every resource's output to stdout as <c>[name] line</c>, the prefix in a stable colour
/// per resource (registration order), plain when stdout is redirected or NO_COLOR is set.
/// </summary>
sealed class LogConsole
{
    // Bright and normal ANSI foreground colours that read well on dark and light terminals.
    static readonly int[] Palette = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94, 91];

    readonly bool colour = !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
    readonly Dictionary<string, int> colours = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public void Register(string source)
    {
        lock (gate)
        {
            if (!colours.ContainsKey(source)) colours[source] = Palette[colours.Count % Palette.Length];
        }
    }

    public void Write(string source, string line)
    {
        lock (gate)
        {
            // Unregistered sources (apphost, build) are bold so they stand out from the resources.
            var prefix = !colour ? $"[{source}]"
                : colours.TryGetValue(source, out var c) ? $"\e[{c}m[{source}]\e[0m"
                : $"\e[1m[{source}]\e[0m";
            try
            {
                Console.Out.WriteLine($"{prefix} {line}");
            }
            catch (IOException)
            {
                // The terminal went away (SIGHUP). Shutdown must still run to the end, so logging
                // failures are dropped; the operator page keeps the lines.
            }
        }
    }
}
