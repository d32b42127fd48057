namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// The one role → permission table every service uses (spec/conventions.md §3.1–3.2). Membership
/// roles: owner, manager, editor, billing, viewer. API-key roles (manager, editor, readonly) map onto
/// the same table; readonly is viewer.
/// </summary>
public static class Roles
{
    public const string Owner = "owner", Manager = "manager", Editor = "editor", Billing = "billing", Viewer = "viewer", ReadOnly = "readonly";

    public static readonly IReadOnlyList<string> MembershipRoles = [Owner, Manager, Editor, Billing, Viewer];
    public static readonly IReadOnlyList<string> ApiKeyRoles = [Manager, Editor, ReadOnly];

    static readonly Dictionary<string, HashSet<Permission>> Table = new()
    {
        [Owner] = [.. Enum.GetValues<Permission>()],
        [Manager] = [.. Enum.GetValues<Permission>().Where(p => p != Permission.DeleteOrganization)],
        [Editor] = [Permission.View, Permission.ManageOffers, Permission.ManageProducts],
        [Billing] = [Permission.View, Permission.ManageBilling],
        [Viewer] = [Permission.View],
        [ReadOnly] = [Permission.View],
    };

    public static bool IsKnown(string role) => Table.ContainsKey(role);

    public static bool Grants(string role, Permission permission) =>
        Table.TryGetValue(role, out var permissions) && permissions.Contains(permission);
}
