namespace Closient.AppHost.Infrastructure;

/// <summary>A service's schema and the login role that owns it (and nothing else).</summary>
sealed record SchemaOwner(string Schema, string Role, string Password);
