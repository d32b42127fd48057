using System.Text.Json;
using System.Text.Json.Serialization;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire-style service defaults: telemetry, health, service discovery, resilience, problem
/// responses and the JSON conventions of the public API. Every service and the gateway call
/// <see cref="AddServiceDefaults"/> first and <see cref="MapDefaultEndpoints"/> after building.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag for health checks that must pass before the service takes traffic (database, broker).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Largest request body a service accepts unless configured otherwise (Kestrel:Limits:MaxRequestBodySize).</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>Adds telemetry, health checks, service discovery, HTTP resilience, problem details and JSON conventions.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<KestrelServerOptions>(o =>
            o.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? DefaultMaxRequestBodySize);
        // The gateway (on loopback, the default known proxy) forwards the client's address, scheme and
        // host, so links a service builds (Location headers, OpenAPI servers) point at the public
        // address. The gateway itself is the edge and turns this off.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemConventions.Customize);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// The public API's JSON conventions: snake_case names, unknown members rejected, enums as
    /// strings, and strict numbers ("12" for a number is a wrong type, 422, not the web defaults'
    /// silent conversion; fields that take decimal strings, like prices, read raw JSON).
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }

    /// <summary>OpenTelemetry logs, traces and metrics, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Telemetry is recorded only when something collects it: without an OTLP endpoint, traces
        // and metrics would cost every request (measured: ~12% of gateway throughput) for nothing.
        // Logs still go to the console either way.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return builder;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddAspNetCoreInstrumentation(t => t.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check, database and broker included) and <c>/alive</c>
    /// (liveness only), the exception handler and status-code problem pages, and the OpenAPI documents.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        app.MapClosientOpenApi();
        return app;
    }

    static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
