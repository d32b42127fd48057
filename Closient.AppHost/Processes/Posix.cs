using System.Runtime.InteropServices;

namespace Closient.AppHost.Processes;

/// <summary>
/// The few POSIX calls .NET does not expose: graceful stops need SIGINT/SIGTERM, while
/// <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL.
/// </summary>
static partial class Posix
{
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    const int EPerm = 1;

    public static bool IsRoot => GetEffectiveUserId() == 0;

    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Signal 0 probes for existence; EPERM still means the process exists.</summary>
    public static bool IsAlive(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPerm;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
