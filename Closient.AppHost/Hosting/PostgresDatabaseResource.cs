namespace Closient.AppHost.Hosting;

/// <summary>A database on a server; its resource name is the connection-string name (ConnectionStrings__&lt;name&gt;).</summary>
sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server) : Resource(name)
{
    public string DatabaseName => databaseName;

    public PostgresServerResource Server => server;

    /// <summary>A service's login role: prefixed by the database so parallel test databases never share one.</summary>
    public string RoleFor(string schema) => $"{databaseName}_{schema}";
}
