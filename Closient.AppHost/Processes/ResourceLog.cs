namespace Closient.AppHost.Processes;

/// <summary>One resource's output: echoed to the console and the last lines kept for the operator page.</summary>
sealed class ResourceLog
{
    public const int Capacity = 200;

    readonly string source;
    readonly LogConsole console;
    readonly Queue<string> lines = new(Capacity);
    readonly Lock gate = new();

    public ResourceLog(string source, LogConsole console)
    {
        this.source = source;
        this.console = console;
        console.Register(source);
    }

    public void Write(string line)
    {
        lock (gate)
        {
            if (lines.Count == Capacity) lines.Dequeue();
            lines.Enqueue(line);
        }
        console.Write(source, line);
    }

    public IReadOnlyList<string> Tail(int count = Capacity)
    {
        lock (gate) return lines.Skip(Math.Max(0, lines.Count - count)).ToArray();
    }
}
