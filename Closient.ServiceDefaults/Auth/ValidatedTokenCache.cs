using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// The JWT handler services validate the internal token with, remembering tokens it found valid until they expire: the
/// gateway hands the same token to many requests (<see cref="InternalToken.IssueShared"/>), and a signature check, JSON
/// parse and claims build per request are a measurable share of a cheap endpoint's work. Only valid results are kept
/// (a bad token is checked every time), at most <see cref="MaxEntries"/> (the cache is emptied when full: tokens live a
/// minute, so it refills with the live ones), and a kept token is served only while it has not expired.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock) : JsonWebTokenHandler
{
    public const int MaxEntries = 10_000;

    readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known) && known.SecurityToken.ValidTo > clock.GetUtcNow().UtcDateTime) return known;
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            if (_valid.Count >= MaxEntries) _valid.Clear();
            _valid[token] = result;
        }
        return result;
    }
}
