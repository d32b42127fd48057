namespace Closient.AppHost.Hosting;

static class PostgresBuilderExtensions
{
    /// <summary>Requires the PostGIS extension (and, with Docker, the postgis image).</summary>
    public static ResourceBuilder<PostgresServerResource> WithPostGis(this ResourceBuilder<PostgresServerResource> builder)
    {
        builder.Resource.PostGis = true;
        return builder;
    }

    /// <param name="name">The connection-string name services read (ConnectionStrings__&lt;name&gt;).</param>
    /// <param name="databaseName">The database on the server; defaults to <paramref name="name"/>.</param>
    public static ResourceBuilder<PostgresDatabaseResource> AddDatabase(this ResourceBuilder<PostgresServerResource> builder,
        string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.Add(database);
    }
}
