namespace Closient.AppHost.Hosting;

/// <summary>A problem the developer has to fix (missing packages, a busy port, a failed build): printed without a stack trace.</summary>
sealed class StartupException(string message) : Exception(message);
