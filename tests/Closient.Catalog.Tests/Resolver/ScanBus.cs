using Closient.Contracts.Catalog;
using Closient.Testing;

namespace Closient.Catalog.Tests.Resolver;

/// <summary>The resolver publishes scans in batches (<see cref="ScansRecorded"/>): these look at the scans inside.</summary>
public static class ScanBus
{
    public static IReadOnlyList<ScanRecorded> Scans(this TestBus bus) => bus.Seen<ScansRecorded>().SelectMany(b => b.Message.Scans).ToList();

    /// <summary>Waits for a published batch holding a scan that matches; returns the scan and its batch's MessageId.</summary>
    public static async Task<(ScanRecorded Scan, Guid MessageId)> WaitForScanAsync(this TestBus bus, Func<ScanRecorded, bool> match)
    {
        var (batch, id) = await bus.WaitForAsync<ScansRecorded>(b => b.Scans.Any(match));
        return (batch.Scans.First(match), id);
    }
}
