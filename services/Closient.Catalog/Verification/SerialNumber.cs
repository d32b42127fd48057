namespace Closient.Catalog.Verification;

/// <summary>A serial number (GS1 AI 21) as the verification service accepts it: 1–20 printable ASCII characters.</summary>
public static class SerialNumber
{
    public const int MaxLength = 20;

    /// <summary>1–20 characters, each printable ASCII (U+0020–U+007E).</summary>
    public static bool IsValid(string? serial) =>
        serial is { Length: > 0 and <= MaxLength } && serial.All(c => c is >= ' ' and <= '~');
}
