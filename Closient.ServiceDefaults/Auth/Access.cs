using Microsoft.AspNetCore.Builder;

namespace Closient.ServiceDefaults.Auth;

/// <summary>
/// Who may call an endpoint, declared next to its mapping (<c>.WithAccess(AccessRule.Org(Permission.View))</c>)
/// and published in the OpenAPI document as <c>x-closient-access</c>. The handler still makes the
/// check (the organization often comes from the stored resource, which only the handler reads); the
/// declaration is what the generated end-to-end authorization matrix holds every endpoint to, for each
/// role, a foreign organization and a publishable key. An operation without one fails that matrix.
/// </summary>
public sealed record AccessRule
{
    AccessRule(string value) => Value = value;

    /// <summary>The OpenAPI operation extension that carries <see cref="Value"/>.</summary>
    public const string OpenApiExtension = "x-closient-access";

    /// <summary><c>public</c>, <c>user</c>, <c>any-key</c>, <c>creator</c>, <c>publishable</c> or <c>org:&lt;PERMISSION&gt;</c>.</summary>
    public string Value { get; }

    /// <summary>Keyless (the gateway's public-endpoint table lists it); any caller, anonymous included.</summary>
    public static readonly AccessRule Public = new("public");

    /// <summary>A user (csu) key: what only a person does or has (creating an organization, preferences); organization keys are refused.</summary>
    public static readonly AccessRule User = new("user");

    /// <summary>Any secret (csb/csu) key, whatever its organizations: reads of shared data, creating an organization, whoami.</summary>
    public static readonly AccessRule AnyKey = new("any-key");

    /// <summary>Only the user (or organization key) that created the resource, such as a bulk job; anyone else gets 404.</summary>
    public static readonly AccessRule Creator = new("creator");

    /// <summary>A publishable key is enough; the answer is limited to the key's organization.</summary>
    public static readonly AccessRule Publishable = new("publishable");

    /// <summary>A member role (or key role) that grants <paramref name="permission"/> on the resource's organization; anyone else gets 404.</summary>
    public static AccessRule Org(Permission permission) => new("org:" + PermissionNames.Of(permission));

    public override string ToString() => Value;
}

/// <summary>The spec's names for permissions (spec/conventions.md §3.2): <c>VIEW</c>, <c>MANAGE_OFFERS</c>, …</summary>
public static class PermissionNames
{
    public static string Of(Permission permission) =>
        string.Concat(permission.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    public static Permission Parse(string name) =>
        Enum.GetValues<Permission>().Single(p => Of(p) == name);
}

public static class AccessEndpointExtensions
{
    /// <summary>Declares who may call the endpoint(s); see <see cref="AccessRule"/>.</summary>
    public static TBuilder WithAccess<TBuilder>(this TBuilder builder, AccessRule access) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(access);
}
