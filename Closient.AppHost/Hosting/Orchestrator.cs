using Closient.AppHost.Dashboard;
using Closient.AppHost.Infrastructure;
using Closient.AppHost.Processes;

namespace Closient.AppHost.Hosting;

/// <summary>
/// Brings the graph up in dependency order with health waits (postgres → provisioning → rabbitmq →
/// services → gateway), keeps it up, and takes it down in reverse on Ctrl+C, SIGTERM or a failed
/// start, so no server is left running and the databases shut down cleanly.
/// </summary>
sealed class Orchestrator(HostSettings settings, IReadOnlyList<Resource> resources)
{
    const int LogLinesOnFailure = 25;

    readonly LogConsole console = new();
    readonly TimeProvider clock = TimeProvider.System;

    public async Task<int> RunAsync()
    {
        using var shutdown = new CancellationTokenSource();
        using var signals = new ShutdownSignals(shutdown, Say);
        using var http = new HttpClient();
        RuntimeGraph? graph = null;
        OperatorPage? page = null;
        var exitCode = 0;
        try
        {
            var ct = shutdown.Token;
            graph = await new RuntimeGraphFactory(settings, console, clock, http).CreateAsync(resources, ct);
            Say($"data: {settings.DataDir}; {graph.InfrastructureDescription}");
            // The other ports are checked as each resource starts, after leftovers of a killed run are stopped.
            PortCheck.EnsureFree(settings.DashboardPort, "operator page", "CLOSIENT_DASHBOARD_PORT");
            if (!settings.NoBuild) await SolutionBuild.RunAsync(settings, console, ct);

            page = new OperatorPage(graph.Runners, settings.DashboardPort, Say);
            await page.StartAsync(ct);
            Say($"operator page: {page.Url}");

            await StartAsync(graph, ct);
            PrintBanner(graph, page);
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: a normal stop, even in the middle of start-up.
        }
        catch (StartupException e)
        {
            Say(e.Message);
            exitCode = 1;
        }
        catch (Exception e)
        {
            Say($"start-up failed: {e}");
            exitCode = 1;
        }
        finally
        {
            if (graph is not null) await StopAsync(graph);
            if (page is not null) await page.DisposeAsync();
        }
        Say(exitCode == 0 ? "stopped" : "stopped after a failed start");
        return exitCode;
    }

    async Task StartAsync(RuntimeGraph graph, CancellationToken ct)
    {
        if (graph.Postgres is { } postgres)
        {
            await postgres.StartAsync(ct);
            await WaitHealthyAsync(postgres, ct);
        }
        if (graph.Provisioning is { } plan)
        {
            try
            {
                await new Provisioner(line => console.Write("provisioning", line))
                    .RunAsync(plan.AdminConnectionString, plan.Database, plan.PostGis, plan.Owners, ct);
            }
            catch (Npgsql.NpgsqlException e)
            {
                throw new StartupException($"Provisioning database {plan.Database} failed: {e.Message}");
            }
        }
        if (graph.RabbitMq is { } rabbitMq)
        {
            await rabbitMq.StartAsync(ct);
            await WaitHealthyAsync(rabbitMq, ct);
        }
        if (graph.DevelopmentKey is { } key) await key.EnsureAsync(line => console.Write("bootstrap", line), ct);

        // Each project starts once everything it references is healthy: services in parallel, then the gateway.
        var started = new Dictionary<ProjectResource, Task>();
        Task StartProjectAsync(ProjectResource project) =>
            started.TryGetValue(project, out var task) ? task : started[project] = StartAfterReferencesAsync(project);
        async Task StartAfterReferencesAsync(ProjectResource project)
        {
            await Task.WhenAll(project.References.Select(StartProjectAsync));
            var runner = graph.Projects[project];
            if (runner is SkippedResource) return;
            await runner.StartAsync(ct);
            await WaitHealthyAsync(runner, ct);
        }
        await Task.WhenAll(graph.Projects.Keys.Select(StartProjectAsync).ToList());
    }

    async Task WaitHealthyAsync(IResourceRunner runner, CancellationToken ct)
    {
        var status = runner.Status;
        var deadline = clock.GetUtcNow() + settings.StartTimeout;
        while (status.State != ResourceState.Healthy)
        {
            if (status.Fatal is { } reason) throw new StartupException($"{status.Name} cannot start: {reason}");
            if (clock.GetUtcNow() >= deadline)
            {
                var tail = string.Join("\n", status.Log.Tail(LogLinesOnFailure).Select(line => $"    {line}"));
                throw new StartupException(
                    $"{status.Name} did not become healthy within {settings.StartTimeout.TotalSeconds:0} s " +
                    $"(CLOSIENT_START_TIMEOUT). Its last log lines:\n{tail}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
        Say($"{status.Name} is healthy");
    }

    /// <summary>Reverse dependency order: the gateway, then services (in parallel), then RabbitMQ, then PostgreSQL.</summary>
    async Task StopAsync(RuntimeGraph graph)
    {
        Say("stopping resources");
        foreach (var level in graph.Projects.Keys.GroupBy(Depth).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(level.Select(p => StopQuietlyAsync(graph.Projects[p])));
        }
        if (graph.RabbitMq is { } rabbitMq) await StopQuietlyAsync(rabbitMq);
        if (graph.Postgres is { } postgres) await StopQuietlyAsync(postgres);
    }

    async Task StopQuietlyAsync(IResourceRunner runner)
    {
        try
        {
            await runner.StopAsync();
        }
        catch (Exception e)
        {
            // Keep going: one resource failing to stop must not leave the others running.
            Say($"stopping {runner.Status.Name} failed: {e.Message}");
        }
    }

    static int Depth(ProjectResource project) =>
        project.References.Count == 0 ? 0 : 1 + project.References.Max(Depth);


    void PrintBanner(RuntimeGraph graph, OperatorPage page)
    {
        Say("────────────────────────────────────────────────");
        Say("Closient is up");
        foreach (var (project, runner) in graph.Projects.Where(p => p.Key.IsPublic))
        {
            Say($"  {project.Name,-14} {(runner is SkippedResource ? "(skipped: project not found)" : project.Url)}");
        }
        Say($"  {"operator page",-14} {page.Url}");
        if (graph.DevelopmentKey?.ApiKey is { } apiKey)
            Say($"  {"API key",-14} {apiKey}  (dev organization {graph.DevelopmentKey.OrganizationId}; {graph.DevelopmentKey.FilePath})");
        Say($"  {"data",-14} {settings.DataDir}");
        Say("  Ctrl+C stops everything");
        Say("────────────────────────────────────────────────");
    }

    void Say(string message) => console.Write("apphost", message);
}
