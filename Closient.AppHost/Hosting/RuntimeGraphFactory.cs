using Closient.AppHost.Infrastructure;
using Closient.AppHost.Processes;
using Npgsql;

namespace Closient.AppHost.Hosting;

/// <summary>
/// Decides where each resource comes from (external server, Docker or a local process), makes sure
/// the OS packages are there, and turns references into the environment variables Aspire would set.
/// </summary>
sealed class RuntimeGraphFactory(HostSettings settings, LogConsole console, TimeProvider clock, HttpClient http)
{
    const string RabbitMqUser = "closient";

    public async Task<RuntimeGraph> CreateAsync(IReadOnlyList<Resource> resources, CancellationToken ct)
    {
        var postgres = resources.OfType<PostgresServerResource>().SingleOrDefault();
        var rabbitMq = resources.OfType<RabbitMQServerResource>().SingleOrDefault();
        var projects = resources.OfType<ProjectResource>().ToList();
        Validate(projects);

        var ownPostgres = postgres is not null && settings.PostgresAdmin is null;
        var ownRabbitMq = rabbitMq is not null && settings.RabbitMqUri is null;
        var mode = await ChooseModeAsync(ownPostgres || ownRabbitMq, ct);
        if (mode == InfrastructureMode.Local) await OsPackages.EnsureAsync(ownPostgres, postgres?.PostGis == true, ownRabbitMq, Say, ct);

        var secrets = SecretStore.Open(settings.DataDir);
        var runners = new Dictionary<Resource, IResourceRunner>();

        (string Host, int Port)? database = null;
        ProvisioningPlan? provisioning = null;
        if (postgres is not null)
        {
            var (runner, host, port, admin) = CreatePostgres(postgres, mode, secrets);
            runners[postgres] = runner;
            database = (host, port);
            var owners = (from p in projects
                          where p.Schema is not null && p.Database is not null
                          let role = p.Database!.RoleFor(p.Schema!)
                          select new SchemaOwner(p.Schema!, role, secrets.GetOrCreate($"role_{role}"))).ToList();
            var databaseName = postgres.Databases.SingleOrDefault()?.DatabaseName ?? settings.Database;
            provisioning = new ProvisioningPlan(admin, databaseName, postgres.PostGis, owners);
        }

        string? amqpUri = null;
        if (rabbitMq is not null)
        {
            (runners[rabbitMq], amqpUri) = CreateRabbitMq(rabbitMq, mode, secrets);
        }

        var skipped = projects.Where(p => !File.Exists(ProjectFile(p))).ToHashSet();
        DevelopmentKey? developmentKey = null;
        foreach (var project in projects)
        {
            var status = Status(project.Name, "project", project.Url);
            if (skipped.Contains(project))
            {
                var warning = $"warning: skipped, {Path.GetRelativePath(settings.RepoRoot, ProjectFile(project))} does not exist";
                status.Log.Write($"(apphost) {warning}");
                runners[project] = new SkippedResource(status);
                continue;
            }
            var environment = ProjectEnvironment(project, database, amqpUri, secrets, skipped);
            if (project.CreatesDevelopmentKey)
                developmentKey = new DevelopmentKey(settings.DataDir, ProjectProcess.AssemblyPath(project, settings.RepoRoot), environment);
            runners[project] = new SupervisedProcess(new ProjectProcess(project, settings.RepoRoot, environment, http), status, clock);
        }

        return new RuntimeGraph
        {
            Runners = [.. resources.Where(runners.ContainsKey).Select(r => runners[r])],
            Postgres = postgres is null ? null : runners[postgres],
            Provisioning = provisioning,
            RabbitMq = rabbitMq is null ? null : runners[rabbitMq],
            Projects = projects.ToDictionary(p => p, p => runners[p]),
            InfrastructureDescription = Describe(mode, postgres, rabbitMq),
            DevelopmentKey = developmentKey,
        };
    }

    string ProjectFile(ProjectResource project) =>
        Path.Combine(settings.RepoRoot, project.Path, project.AssemblyName + ".csproj");

    static void Validate(List<ProjectResource> projects)
    {
        foreach (var project in projects)
        {
            if (project.Database is not null && project.Schema is null)
                throw new InvalidOperationException($"{project.Name} references a database but has no WithSchema(...): every service owns one schema.");
            if (project.Schema is not null && project.Database is null)
                throw new InvalidOperationException($"{project.Name} has a schema but no WithReference(database).");
        }
    }

    async Task<InfrastructureMode> ChooseModeAsync(bool needsServers, CancellationToken ct)
    {
        if (settings.Infrastructure == InfrastructureMode.Docker) return InfrastructureMode.Docker;
        if (settings.Infrastructure == InfrastructureMode.Local || !needsServers) return InfrastructureMode.Local;
        return await DockerEngine.IsAvailableAsync(ct) ? InfrastructureMode.Docker : InfrastructureMode.Local;
    }

    (IResourceRunner Runner, string Host, int Port, string Admin) CreatePostgres(PostgresServerResource resource, InfrastructureMode mode, SecretStore secrets)
    {
        if (settings.PostgresAdmin is { } external)
        {
            var builder = new NpgsqlConnectionStringBuilder(external) { Pooling = false };
            var host = builder.Host ?? "127.0.0.1";
            var status = Status(resource.Name, "postgres (external)", $"postgres://{host}:{builder.Port}");
            var admin = builder.ConnectionString;
            return (new ExternalResource(status, ct => PostgresConnections.IsReadyAsync(admin, ct), clock), host, builder.Port, admin);
        }

        var password = secrets.GetOrCreate("postgres_password");
        var adminConnection = PostgresConnections.Admin("127.0.0.1", resource.Port, password);
        IProcessDefinition definition = mode == InfrastructureMode.Docker
            ? new ContainerProcess(
                new ContainerSpec($"closient-postgres-{resource.Port}", resource.PostGis ? "postgis/postgis:15-3.4" : "postgres:15",
                    [(resource.Port, 5432)], Path.Combine(settings.DataDir, "docker", "postgres"), "/var/lib/postgresql/data",
                    new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = password }, []),
                ct => PostgresConnections.IsReadyAsync(adminConnection, ct))
            : new PostgresLocal(settings, password);
        var type = mode == InfrastructureMode.Docker ? "postgres (docker)" : "postgres";
        var supervised = new SupervisedProcess(definition, Status(resource.Name, type, $"postgres://127.0.0.1:{resource.Port}"), clock);
        return (supervised, "127.0.0.1", resource.Port, adminConnection);
    }

    (IResourceRunner Runner, string Uri) CreateRabbitMq(RabbitMQServerResource resource, InfrastructureMode mode, SecretStore secrets)
    {
        if (settings.RabbitMqUri is { } external)
        {
            var uri = new Uri(external);
            var port = uri.IsDefaultPort ? 5672 : uri.Port;
            var status = Status(resource.Name, "rabbitmq (external)", $"amqp://{uri.Host}:{port}{uri.AbsolutePath}");
            return (new ExternalResource(status, new BrokerProbe(uri.Host, port).CheckAsync, clock), external);
        }

        var password = secrets.GetOrCreate("rabbitmq_password");
        IProcessDefinition definition = mode == InfrastructureMode.Docker
            ? new ContainerProcess(
                new ContainerSpec($"closient-rabbitmq-{resource.Port}", "rabbitmq:3-management", [(resource.Port, 5672)],
                    Path.Combine(settings.DataDir, "docker", "rabbitmq"), "/var/lib/rabbitmq",
                    new Dictionary<string, string> { ["RABBITMQ_DEFAULT_USER"] = RabbitMqUser, ["RABBITMQ_DEFAULT_PASS"] = password },
                    ["--hostname", "closient-rabbitmq"]),
                new BrokerProbe("127.0.0.1", resource.Port).CheckAsync)
            : new RabbitMqLocal(settings, RabbitMqUser, password);
        var type = mode == InfrastructureMode.Docker ? "rabbitmq (docker)" : "rabbitmq";
        var runner = new SupervisedProcess(definition, Status(resource.Name, type, $"amqp://127.0.0.1:{resource.Port}"), clock);
        return (runner, $"amqp://{RabbitMqUser}:{password}@127.0.0.1:{resource.Port}/");
    }

    Dictionary<string, string?> ProjectEnvironment(ProjectResource project, (string Host, int Port)? server, string? amqpUri,
        SecretStore secrets, HashSet<ProjectResource> skipped)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = project.Url,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = project.Name,
            // The key the gateway signs internal tokens with and every service validates them with (generated once).
            ["Closient__InternalToken__SigningKey"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secrets.GetOrCreate("internal_token_signing_key"))),
            // Ports inherited from the developer's shell would fight ASPNETCORE_URLS.
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_HTTPS_PORTS"] = null,
        };
        // OTEL_EXPORTER_OTLP_ENDPOINT, when set, reaches the project by inheritance.
        if (project.Database is { } database && project.Schema is { } schema && server is { } s)
        {
            var role = database.RoleFor(schema);
            environment[$"ConnectionStrings__{database.Name}"] =
                PostgresConnections.Service(s.Host, s.Port, database.DatabaseName, role, secrets.GetOrCreate($"role_{role}"), schema);
        }
        if (project.Messaging is not null && amqpUri is not null)
        {
            environment[$"ConnectionStrings__{RabbitMQServerResource.ConnectionName}"] = amqpUri;
        }
        foreach (var reference in project.References)
        {
            if (skipped.Contains(reference))
            {
                Say($"{project.Name}: no services__{reference.ServiceName}__http__0 because {reference.Name} is skipped");
                continue;
            }
            environment[$"services__{reference.ServiceName}__http__0"] = reference.LoopbackUrl;
        }
        return environment;
    }

    string Describe(InfrastructureMode mode, PostgresServerResource? postgres, RabbitMQServerResource? rabbitMq)
    {
        var pg = postgres is null ? null : settings.PostgresAdmin is not null ? "PostgreSQL: external (CLOSIENT_POSTGRES_ADMIN)" : $"PostgreSQL: {Source(mode)}";
        var mq = rabbitMq is null ? null : settings.RabbitMqUri is not null ? "RabbitMQ: external (CLOSIENT_RABBITMQ_URI)" : $"RabbitMQ: {Source(mode)}";
        return string.Join("; ", new[] { pg, mq }.OfType<string>());

        static string Source(InfrastructureMode mode) => mode == InfrastructureMode.Docker
            ? "Docker containers"
            : "local server processes from the OS packages";
    }

    ResourceStatus Status(string name, string type, string? endpoint) =>
        new(name, type, endpoint, new ResourceLog(name, console));

    void Say(string message) => console.Write("apphost", message);
}
