namespace Closient.AppHost.Processes;

/// <summary>What to launch. A null environment value removes the inherited variable.</summary>
sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment)
{
    public static ProcessSpec Of(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        new(fileName, arguments, workingDirectory, environment ?? new Dictionary<string, string?>());
}
