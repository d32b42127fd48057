using System.Collections.Frozen;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolution;

/// <summary>
/// The dead custom URLs, in memory for the evaluator's synchronous predicate (<see cref="IsDead"/>). Read from
/// <c>catalog.url_health</c> at most once per <see cref="UrlHealthOptions.CacheTtl"/> (every replica sees the
/// monitor's verdicts within that time) and right after this process's monitor finishes a pass.
/// </summary>
public sealed class UrlHealthCache(NpgsqlDataSource db, IOptions<UrlHealthOptions> options, TimeProvider clock)
{
    volatile FrozenSet<string> _dead = FrozenSet<string>.Empty;
    long _loadedAt = long.MinValue; // TimeProvider timestamp of the last load
    readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>True when the monitor has marked <paramref name="url"/> dead (as of the last load).</summary>
    public bool IsDead(string url) => _dead.Contains(url);

    /// <summary>Reloads when the copy is older than the TTL; concurrent callers share one load.</summary>
    public async Task EnsureFreshAsync(CancellationToken ct)
    {
        if (!IsStale()) return;
        await _loading.WaitAsync(ct);
        try
        {
            if (IsStale()) await LoadAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Reads the dead URLs now.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            await LoadAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    bool IsStale() =>
        Interlocked.Read(ref _loadedAt) == long.MinValue || clock.GetElapsedTime(Interlocked.Read(ref _loadedAt)) >= options.Value.CacheTtl;

    async Task LoadAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var dead = await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT url FROM catalog.url_health WHERE status = 'dead'", cancellationToken: ct));
        _dead = dead.ToFrozenSet(StringComparer.Ordinal);
        Interlocked.Exchange(ref _loadedAt, clock.GetTimestamp());
    }
}
