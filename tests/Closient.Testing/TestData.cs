using Closient.ServiceDefaults.Http;

namespace Closient.Testing;

/// <summary>Fresh, valid test data, so every test asserts only on what it created.</summary>
public static class TestData
{
    /// <summary>A random GTIN-13 with a correct GS1 check digit.</summary>
    public static string NewGtin13()
    {
        var data = string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + Random.Shared.Next(10))));
        return data + Gtin.CheckDigit(data);
    }

    public static string NewOrganizationId() => ShortId.Encode(Guid.CreateVersion7());

    /// <summary>A random point between 60°S and 60°N, so nearby queries of one test do not see another's stores.</summary>
    public static (double Lat, double Lon) RandomPoint() =>
        (Math.Round(Random.Shared.NextDouble() * 120 - 60, 5), Math.Round(Random.Shared.NextDouble() * 340 - 170, 5));
}
