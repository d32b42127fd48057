using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// The short-lived internal token the gateway forwards in <see cref="Header"/> after it has verified
/// an API key: an HS256 JWT naming the <see cref="Caller"/>. Services accept only this (never the raw
/// key). The signing key comes from <c>Closient:InternalToken:SigningKey</c> (base64, at least 32
/// bytes), provisioned by the AppHost or a test fixture and never committed.
/// </summary>
public sealed class InternalToken
{
    public const string Header = "X-Closient-Token";
    public const string Issuer = "closient-gateway", Audience = "closient-services";
    public const string SigningKeySetting = "Closient:InternalToken:SigningKey";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="IssueShared"/> hands out the same token for the same caller (a quarter of its lifetime).</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(15);

    readonly SymmetricSecurityKey _key;
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<Caller, Issued> _issued = new();

    sealed record Issued(string Token, DateTimeOffset At);

    public InternalToken(string base64SigningKey)
    {
        var bytes = Convert.FromBase64String(base64SigningKey);
        if (bytes.Length < 32) throw new ArgumentException("The internal token signing key must be at least 32 bytes.");
        _key = new SymmetricSecurityKey(bytes);
    }

    /// <summary>A new random signing key (base64), for the AppHost's secrets and test fixtures.</summary>
    public static string NewSigningKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string Issue(Caller caller, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>
        {
            [Caller.KeyTypeClaim] = caller.KeyType,
            [Caller.OrganizationsClaim] = JsonSerializer.Serialize(caller.Organizations),
            [Caller.ScopeClaim] = string.Join(' ', caller.Scopes),
        };
        if (caller.UserId is { } user) claims[Caller.UserClaim] = user.ToString();
        if (caller.ApiKeyId is { } key) claims[Caller.KeyIdClaim] = key.ToString();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// <see cref="Issue"/>, but the same token for the same <see cref="Caller"/> instance (the anonymous caller, or a
    /// key's cached verification) while it is younger than <see cref="ReuseFor"/>: signing a JWT per request is a
    /// measurable share of the gateway's work on hot public paths. The token still has at least 45 s to live when
    /// last handed out, so it never expires in flight.
    /// </summary>
    public string IssueShared(Caller caller, DateTimeOffset now)
    {
        if (_issued.TryGetValue(caller, out var issued) && now >= issued.At && now - issued.At < ReuseFor) return issued.Token;
        var token = Issue(caller, now);
        _issued.AddOrUpdate(caller, new Issued(token, now));
        return token;
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(5),
        NameClaimType = Caller.UserClaim,
    };

    /// <summary>Validates a token outside the ASP.NET pipeline (tests, tools).</summary>
    public async Task<Caller?> ValidateAsync(string token)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, ValidationParameters());
        return result.IsValid ? Caller.FromPrincipal(new ClaimsPrincipal(result.ClaimsIdentity)) : null;
    }
}
