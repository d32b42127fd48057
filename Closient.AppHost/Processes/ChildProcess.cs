using System.Diagnostics;

namespace Closient.AppHost.Processes;

/// <summary>
/// A launched OS process whose output goes to a <see cref="ResourceLog"/>. Each child starts in its
/// own session (setsid) so the terminal's Ctrl+C reaches only the AppHost, which then stops the
/// children in dependency order instead of all at once.
/// </summary>
sealed class ChildProcess : IDisposable
{
    // setsid execs in place when the caller is not a group leader (a forked child never is),
    // so the pid we get is the program's own pid. -w only matters if it ever has to fork.
    const string SetSid = "/usr/bin/setsid";

    readonly Process process;
    readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ChildProcess(Process process)
    {
        this.process = process;
        process.Exited += (_, _) => exited.TrySetResult();
    }

    public int Id { get; private set; }

    /// <summary>
    /// Completes when the process exits. Unlike Process.WaitForExitAsync it does not also wait for
    /// the output pipes to close, which a daemon the child spawned (epmd) may hold open forever.
    /// </summary>
    public Task Exited => exited.Task;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static ChildProcess Start(ProcessSpec spec, Action<string> output)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (File.Exists(SetSid))
        {
            info.FileName = SetSid;
            info.ArgumentList.Add("-w");
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            info.FileName = spec.FileName;
        }
        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output(e.Data); };
        var child = new ChildProcess(process);
        process.Start();
        child.Id = process.Id;
        // Servers must never wait on the terminal: give them an empty stdin.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited) child.exited.TrySetResult();
        return child;
    }

    public void Signal(int signal)
    {
        if (!process.HasExited) Posix.Signal(Id, signal);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Exited.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void KillTree()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills the whole tree.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        Signal(signal);
        if (await WaitForExitAsync(grace)) return;
        KillTree();
        await WaitForExitAsync(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => process.Dispose();
}
