namespace Closient.AppHost.Hosting;

sealed class PostgresServerResource(string name, int port) : Resource(name)
{
    public int Port => port;

    public bool PostGis { get; set; }

    public List<PostgresDatabaseResource> Databases { get; } = [];
}
