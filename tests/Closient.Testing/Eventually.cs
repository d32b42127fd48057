namespace Closient.Testing;

/// <summary>Polls a condition until it holds or the time is up: for effects that cross the broker.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s: {because}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls <paramref name="get"/> until it returns a non-null value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> get, TimeSpan timeout, string because) where T : class
    {
        T? value = null;
        await TrueAsync(async () => (value = await get()) is not null, timeout, because);
        return value!;
    }
}
