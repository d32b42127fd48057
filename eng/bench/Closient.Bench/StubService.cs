using System.Text;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Closient.Bench;

/// <summary>
/// A stand-in locations service for measuring the gateway without the database: the same service
/// defaults as a real service and the same OpenAPI wiring, so <c>/locations/api/v1/openapi.json</c> is
/// generated per request exactly as the real one is. <c>/locations/api/v1/static</c> answers fixed
/// bytes instead: the cheapest possible service, i.e. the gateway's worst case.
/// </summary>
public static class StubService
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddOpenApiDocuments("locations");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapDefaultEndpoints();

        var api = app.MapGroup("/locations/api/v1/organizations/{organizationId}/locations").WithTags("Locations");
        api.MapGet("/", (string organizationId, int? page) => TypedResults.Ok(Array.Empty<StubLocation>())).WithName("ListLocations");
        api.MapGet("/{id}", Results<Ok<StubLocation>, NotFound> (string organizationId, string id) => TypedResults.NotFound()).WithName("GetLocation");
        api.MapPost("/", (string organizationId, StubLocation body) => TypedResults.Created($"/x/{body.Name}", body)).WithName("CreateLocation");
        api.MapPatch("/{id}", Results<Ok<StubLocation>, NotFound> (string organizationId, string id, StubLocation body) => TypedResults.Ok(body)).WithName("UpdateLocation");
        api.MapDelete("/{id}", (string organizationId, string id) => TypedResults.NoContent()).WithName("DeleteLocation");

        var fixedBody = Encoding.UTF8.GetBytes("""{"status":"ok","service":"locations"}""");
        app.MapGet("/locations/api/v1/static", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = fixedBody.Length;
            return context.Response.Body.WriteAsync(fixedBody).AsTask();
        }).ExcludeFromDescription();
        await app.RunAsync();
    }
}

public sealed record StubLocation(string Name, string? AddressLine1, string? City, string? Region, string? PostalCode, string CountryCode,
    double Latitude, double Longitude, Dictionary<string, string>? Metadata);
