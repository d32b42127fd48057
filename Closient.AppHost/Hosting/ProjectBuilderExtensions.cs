namespace Closient.AppHost.Hosting;

static class ProjectBuilderExtensions
{
    /// <summary>The schema the project owns; provisioning gives it a role that can touch only that schema.</summary>
    public static ResourceBuilder<ProjectResource> WithSchema(this ResourceBuilder<ProjectResource> builder, string schema)
    {
        builder.Resource.Schema = schema;
        return builder;
    }

    /// <summary>Becomes ConnectionStrings__&lt;database name&gt; with the project's own role and search path.</summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> builder,
        ResourceBuilder<PostgresDatabaseResource> database)
    {
        builder.Resource.Database = database.Resource;
        return builder;
    }

    /// <summary>Becomes ConnectionStrings__messaging (an amqp:// URI).</summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> builder,
        ResourceBuilder<RabbitMQServerResource> broker)
    {
        builder.Resource.Messaging = broker.Resource;
        return builder;
    }

    /// <summary>
    /// Becomes services__&lt;name&gt;__http__0, and makes this project start only once the other is
    /// healthy (and stop before it).
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> builder,
        ResourceBuilder<ProjectResource> project)
    {
        builder.Resource.References.Add(project.Resource);
        return builder;
    }

    /// <summary>
    /// On the first start (no <c>&lt;data&gt;/dev-api-key.env</c> yet) runs the project's
    /// <c>bootstrap</c> command against its database, saves the printed keys there and shows them in the banner.
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithDevelopmentKey(this ResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.CreatesDevelopmentKey = true;
        return builder;
    }

    /// <summary>A fixed public port, bound on localhost (IPv4 and IPv6 loopback) and shown in the banner.</summary>
    public static ResourceBuilder<ProjectResource> WithHttpEndpoint(this ResourceBuilder<ProjectResource> builder, int port)
    {
        builder.Resource.Port = port;
        builder.Resource.Host = "localhost";
        builder.Resource.IsPublic = true;
        return builder;
    }
}
