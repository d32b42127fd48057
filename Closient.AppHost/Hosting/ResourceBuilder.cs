namespace Closient.AppHost.Hosting;

/// <summary>The handle Program.cs chains <c>With…</c> calls on, as in Aspire.</summary>
sealed class ResourceBuilder<T>(DistributedApplicationBuilder application, T resource) where T : Resource
{
    public DistributedApplicationBuilder ApplicationBuilder => application;

    public T Resource => resource;
}
