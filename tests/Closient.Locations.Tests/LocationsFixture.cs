using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Closient.Testing;

namespace Closient.Locations.Tests;

public sealed class LocationsFixture : ServiceFixture<LocationsMarker>
{
    protected override (string Schema, Assembly Migrations)[] Schemas => [(LocationsService.Schema, typeof(LocationsMarker).Assembly)];

    public static string NewOrganization() => Closient.ServiceDefaults.Http.ShortId.Encode(Guid.CreateVersion7());

    /// <summary>A random point on land-or-sea far from other tests' points, so nearby queries see only this test's data.</summary>
    public static (double Lat, double Lon) RandomPoint() =>
        (Math.Round(Random.Shared.NextDouble() * 120 - 60, 5), Math.Round(Random.Shared.NextDouble() * 340 - 170, 5));

    /// <summary>Creates a location as an owner of <paramref name="org"/>.</summary>
    public async Task<JsonElement> CreateAsync(string org, object body)
    {
        using var client = ClientFor(org);
        var response = await client.PostAsJsonAsync($"/locations/api/v1/organizations/{org}/locations", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
