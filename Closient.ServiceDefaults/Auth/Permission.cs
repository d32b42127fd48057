namespace Closient.ServiceDefaults.Auth;

/// <summary>What a role may do inside one organization (spec/conventions.md §3.2). Every service checks these.</summary>
public enum Permission
{
    /// <summary>Read the organization's resources.</summary>
    View,
    /// <summary>Create, update and delete in-store and online offers, promotions, stores.</summary>
    ManageOffers,
    /// <summary>Create and edit the organization's products, brands and content.</summary>
    ManageProducts,
    /// <summary>List, create, update and delete API keys.</summary>
    ManageApiKeys,
    /// <summary>Invite and remove members, change roles.</summary>
    ManageMembers,
    /// <summary>Billing, subscriptions, ad balance.</summary>
    ManageBilling,
    /// <summary>Change the organization's own settings.</summary>
    ManageOrganization,
    /// <summary>Delete the organization (owners only).</summary>
    DeleteOrganization,
}
