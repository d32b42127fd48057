namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// OAuth-style scopes (<c>domain:action</c>, spec/conventions.md §2.2) that the internal token carries
/// for a key: what its permissions allow, as a client would ask for them with OAuth. The spec has no
/// complete list (a gap), so it is derived from the role table: <c>{app}:read</c> for every app with
/// <see cref="Permission.View"/>, the write scopes the spec names (<c>brands:write</c>,
/// <c>offers:write</c>, <c>locations:write</c>, <c>integrations:write</c>, <c>qr:generate</c>) from
/// the matching permissions, and a publishable key gets only the public-read scopes of its widgets.
/// A scope is a ceiling on what kind of call a credential may make; the organization and role checks
/// stay in the handlers.
/// </summary>
public static class Scopes
{
    static readonly string[] ReadApps = ["account", "products", "brands", "certifications", "content", "resolver", "retailers", "offers", "locations", "search"];

    static readonly Dictionary<Permission, string[]> Grants = new()
    {
        [Permission.View] = [.. ReadApps.Select(a => a + ":read")],
        [Permission.ManageProducts] = ["products:write", "brands:write", "certifications:write", "content:write", "resolver:write", "qr:generate"],
        [Permission.ManageOffers] = ["offers:write", "retailers:write", "locations:write", "integrations:write"],
        [Permission.ManageApiKeys] = ["api_keys:write"],
        [Permission.ManageMembers] = ["members:write"],
        [Permission.ManageBilling] = ["billing:write"],
        [Permission.ManageOrganization] = ["organizations:write"],
        [Permission.DeleteOrganization] = ["organizations:delete"],
    };

    /// <summary>The store locator, brand pages and search: what a key that is safe in a browser may read.</summary>
    public static readonly IReadOnlyList<string> Publishable = ["brands:read", "locations:read", "search:read"];

    /// <summary>The scopes of a key of <paramref name="keyType"/> acting with <paramref name="roles"/> (one per organization), sorted.</summary>
    public static IReadOnlyList<string> For(string keyType, IEnumerable<string> roles)
    {
        if (keyType == ApiKeyFormat.Publishable) return Publishable;
        if (keyType is not (ApiKeyFormat.Business or ApiKeyFormat.User)) return [];
        var scopes = new SortedSet<string>(StringComparer.Ordinal) { "account:read", "organizations:create" };
        if (keyType == ApiKeyFormat.Business) scopes.Remove("organizations:create"); // organizations are created by users
        foreach (var role in roles.Distinct())
            foreach (var (permission, granted) in Grants)
                if (Roles.Grants(role, permission)) scopes.UnionWith(granted);
        return [.. scopes];
    }
}
