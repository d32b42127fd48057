using Closient.AppHost.Infrastructure;

namespace Closient.AppHost.Hosting;

/// <summary>Collects the resource graph Program.cs declares; <see cref="Build"/> freezes it.</summary>
sealed class DistributedApplicationBuilder(HostSettings settings)
{
    readonly List<Resource> resources = [];

    public HostSettings Settings => settings;

    public ResourceBuilder<PostgresServerResource> AddPostgres(string name) =>
        Add(new PostgresServerResource(name, settings.PostgresPort));

    public ResourceBuilder<RabbitMQServerResource> AddRabbitMQ(string name) =>
        Add(new RabbitMQServerResource(name, settings.RabbitMqPort));

    /// <summary>
    /// A project by folder (relative to the repository root). Ports are handed out in declaration
    /// order from CLOSIENT_SERVICE_PORT_BASE + 1, so catalog-api gets 5101 when declared first.
    /// </summary>
    public ResourceBuilder<ProjectResource> AddProject(string name, string path)
    {
        var port = settings.ServicePortBase + 1 + resources.OfType<ProjectResource>().Count();
        return Add(new ProjectResource(name, path, port));
    }

    public DistributedApplication Build() => new(settings, resources.ToList());

    internal ResourceBuilder<T> Add<T>(T resource) where T : Resource
    {
        if (resources.Any(r => r.Name == resource.Name))
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }
}
