using Closient.ServiceDefaults.Auth;
using Xunit;

namespace Closient.Testing;

/// <summary>
/// The internal tokens every service must refuse with 401 UNAUTHORIZED: none at all, garbage, one
/// signed with another key (a forgery), and an expired one. Crossed with a service's endpoints for a theory.
/// </summary>
public static class InvalidTokens
{
    public static readonly IReadOnlyList<string> Kinds = ["none", "garbage", "another signing key", "expired"];

    /// <summary>The token of <paramref name="kind"/> for <paramref name="caller"/> (null for "none").</summary>
    public static string? Make(string kind, InternalToken tokens, Caller caller) => kind switch
    {
        "none" => null,
        "garbage" => "not.a.jwt",
        "another signing key" => new InternalToken(InternalToken.NewSigningKey()).Issue(caller, DateTimeOffset.UtcNow),
        "expired" => tokens.Issue(caller, DateTimeOffset.UtcNow.AddMinutes(-10)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every (method, path) of <paramref name="endpoints"/> with every kind of invalid token.</summary>
    public static TheoryData<string, string, string> Cross(TheoryData<string, string> endpoints)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in endpoints)
            foreach (var kind in Kinds)
                data.Add((string)row[0], (string)row[1], kind);
        return data;
    }
}
