namespace Closient.AppHost.Hosting;

/// <summary>A node of the resource graph that Program.cs declares.</summary>
abstract class Resource(string name)
{
    public string Name => name;
}
