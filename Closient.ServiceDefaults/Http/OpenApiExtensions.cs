using System.Text.Json.Nodes;
using Closient.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Closient.ServiceDefaults.Http;

/// <summary>
/// One OpenAPI document per public app prefix (spec/conventions.md §1): a service that serves
/// <c>/retailers/api/v1/**</c> publishes <c>/retailers/api/v1/openapi.json</c> describing only those paths.
/// </summary>
public static class OpenApiExtensions
{
    public static TBuilder AddOpenApiDocuments<TBuilder>(this TBuilder builder, params string[] apps) where TBuilder : IHostApplicationBuilder
    {
        foreach (var app in apps)
        {
            builder.Services.AddOpenApi(app, o =>
            {
                o.ShouldInclude = d => d.RelativePath?.StartsWith(app + "/api/v1/", StringComparison.Ordinal) == true;
                // Who may call it (AccessRule, declared with .WithAccess): the generated authorization matrix reads this.
                o.AddOperationTransformer((operation, context, _) =>
                {
                    if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().LastOrDefault() is { } access)
                    {
                        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                        operation.Extensions[AccessRule.OpenApiExtension] = new JsonNodeExtension(JsonValue.Create(access.Value));
                    }
                    return Task.CompletedTask;
                });
            });
        }
        builder.Services.AddSingleton(new OpenApiApps(apps));
        return builder;
    }

    internal static void MapClosientOpenApi(this WebApplication app)
    {
        if (app.Services.GetService<OpenApiApps>() is null) return;
        app.MapOpenApi("/{documentName}/api/v1/openapi.json").AllowAnonymous();
    }

    /// <summary>The app prefixes a service documents.</summary>
    public sealed record OpenApiApps(IReadOnlyList<string> Apps);
}
