using System.Text.RegularExpressions;

namespace Closient.Catalog.Resolver;

/// <summary>Device class and bot flag from a User-Agent.</summary>
public static partial class DeviceClassifier
{
    public const string Mobile = "mobile", Tablet = "tablet", Desktop = "desktop", Bot = "bot";

    // Crawlers, link checkers, HTTP libraries and AI agents. A missing User-Agent counts as a bot too:
    // browsers and camera apps always send one.
    [GeneratedRegex(@"bot\b|bot/|crawl|spider|slurp|scrap|fetch|preview|monitor|check|curl|wget|python|java/|okhttp|go-http|axios|node-fetch|libwww|httpclient|headless|phantomjs|lighthouse|gptbot|claude|anthropic|perplexity|bytespider|facebookexternalhit|whatsapp|embedly|quora link|ia_archiver", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BotPattern();

    [GeneratedRegex(@"ipad|tablet|kindle|silk|playbook|sm-t\d|\bandroid(?!.*mobile)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TabletPattern();

    [GeneratedRegex(@"mobi|iphone|ipod|android|windows phone|blackberry|opera mini", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    public static (string DeviceClass, bool IsBot) Classify(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent) || BotPattern().IsMatch(userAgent)) return (Bot, true);
        if (TabletPattern().IsMatch(userAgent)) return (Tablet, false);
        if (MobilePattern().IsMatch(userAgent)) return (Mobile, false);
        return (Desktop, false);
    }
}
