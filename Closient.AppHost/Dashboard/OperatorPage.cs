using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Closient.AppHost.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Closient.AppHost.Dashboard;

/// <summary>
/// The live operator page on 127.0.0.1: an HTML view and a small JSON API to list resources and
/// start, stop or restart them.
/// </summary>
sealed class OperatorPage(IReadOnlyList<IResourceRunner> runners, int port, Action<string> say) : IAsyncDisposable
{
    WebApplication? app;

    public string Url => $"http://localhost:{port}";

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(OperatorPage).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

        app = builder.Build();
        app.Use(LocalOnly.Guard(port));
        app.MapGet("/", () => Results.Content(OperatorHtml.Page, "text/html; charset=utf-8"));
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", () => runners.Select(r => r.Status.Snapshot()));
        api.MapGet("/{name}", (string name) => Find(name) is { } runner ? Results.Ok(runner.Status.Snapshot()) : NotFound(name));
        api.MapPost("/{name}/restart", (string name, CancellationToken ct) => ControlAsync(name, "restart", r => r.RestartAsync(ct)));
        api.MapPost("/{name}/stop", (string name) => ControlAsync(name, "stop", r => r.StopAsync()));
        api.MapPost("/{name}/start", (string name, CancellationToken ct) => ControlAsync(name, "start", r => r.StartAsync(ct)));
        await app.StartAsync(ct);
    }

    IResourceRunner? Find(string name) => runners.FirstOrDefault(r => r.Status.Name == name);

    async Task<IResult> ControlAsync(string name, string action, Func<IResourceRunner, Task> control)
    {
        if (Find(name) is not { } runner) return NotFound(name);
        if (!runner.CanControl)
            return Results.Problem($"{name} is not run by the AppHost (external or skipped).", statusCode: StatusCodes.Status409Conflict);
        say($"operator: {action} {name}");
        await control(runner);
        return Results.Ok(runner.Status.Snapshot());
    }

    static IResult NotFound(string name) => Results.Problem($"No resource named '{name}'.", statusCode: StatusCodes.Status404NotFound);

    public async ValueTask DisposeAsync()
    {
        if (app is null) return;
        await app.StopAsync(TimeSpan.FromSeconds(5));
        await app.DisposeAsync();
    }
}
