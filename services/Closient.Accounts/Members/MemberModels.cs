using System.Text.RegularExpressions;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;

namespace Closient.Accounts.Members;

/// <summary>Body of POST (invite by email) and PUT (role only).</summary>
public sealed record MemberRequest(string? Email, string? Role);

public sealed record MemberRoleRequest(string? Role);

/// <summary>MemberOut of spec/accounts.md, plus <c>user_id</c> and <c>created</c>.</summary>
public sealed record MemberOut(
    string Id, string UserId, string UserEmail, string UserName, IReadOnlyDictionary<string, string> UserMetadata,
    string Role, string RoleDisplay, DateTimeOffset Created);

public sealed class MemberRow
{
    public const string Select = """
        SELECT m.id, m.organization_id, m.user_id, m.role, m.created,
               u.email AS user_email, u.name AS user_name, u.metadata::text AS user_metadata
        FROM accounts.memberships m JOIN accounts.users u ON u.id = m.user_id
        """;

    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid UserId { get; init; }
    public string Role { get; set; } = "";
    public DateTimeOffset Created { get; init; }
    public string UserEmail { get; init; } = "";
    public string UserName { get; init; } = "";
    public string UserMetadata { get; init; } = "{}";

    public MemberOut ToOut() => new(ShortId.Encode(Id), ShortId.Encode(UserId), UserEmail, UserName,
        Metadata.FromJson(UserMetadata), Role, MemberRules.Display(Role), Created);
}

public static partial class MemberRules
{
    public const int MaxEmail = 254;

    /// <summary>The trimmed, lower-cased address (the identity of a user), or "" with an error.</summary>
    public static string Email(string field, string? value, Validation v)
    {
        var email = v.Required(field, value, MaxEmail).ToLowerInvariant();
        if (email.Length > 0 && !EmailShape().IsMatch(email)) v.Add(field, "Must be an email address.");
        return email;
    }

    /// <summary>A membership role, or <paramref name="fallback"/> when none was sent.</summary>
    public static string Role(string? value, string? fallback, Validation v)
    {
        if (value is null && fallback is not null) return fallback;
        if (value is null || !Roles.MembershipRoles.Contains(value))
        {
            v.Add("role", "Must be one of " + string.Join(", ", Roles.MembershipRoles) + ".");
            return "";
        }
        return value;
    }

    public static string Display(string role) => role.Length == 0 ? role : char.ToUpperInvariant(role[0]) + role[1..];

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
