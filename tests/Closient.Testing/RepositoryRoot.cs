namespace Closient.Testing;

/// <summary>The directory that holds Closient.sln, found upward from the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Closient.sln"))) return dir.FullName;
        throw new InvalidOperationException("Closient.sln not found above " + AppContext.BaseDirectory);
    }
}
