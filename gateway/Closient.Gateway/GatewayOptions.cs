using System.ComponentModel.DataAnnotations;

namespace Closient.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Largest request body the gateway forwards; larger ones get 413 PAYLOAD_TOO_LARGE.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>How long a service may stay silent (connect, send, first response byte) before the gateway answers 504.</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 30;
}
