using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Closient.Catalog.Images;

/// <summary>
/// Accepts an SVG only if it is well-formed XML whose root is <c>&lt;svg&gt;</c> and that can neither
/// run script nor fetch anything: no DOCTYPE (so no entities), no processing instructions (no
/// <c>xml-stylesheet</c>), no <c>script</c>, <c>foreignObject</c> or other embedding elements, no
/// <c>on*</c> event attributes, no <c>href</c> other than a same-document <c>#fragment</c>, no
/// <c>url(…)</c> other than <c>url(#…)</c> and no <c>@import</c> in attributes or styles, no
/// <c>javascript:</c> anywhere, and no animation that rewrites an <c>href</c> or event attribute.
/// Served bytes also carry a locked-down Content-Security-Policy, as a second line of defence.
/// </summary>
public static partial class SvgSafety
{
    const string SvgNamespace = "http://www.w3.org/2000/svg";
    static readonly HashSet<string> EmbeddingElements = new(StringComparer.OrdinalIgnoreCase)
        { "foreignObject", "iframe", "embed", "object", "handler", "listener", "audio", "video" };

    public static bool TryCheck(ReadOnlySpan<byte> data, out int? width, out int? height, out string error)
    {
        width = height = null;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = 10_000_000,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(data.ToArray()), settings);
            var root = true;
            var inStyle = 0;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.ProcessingInstruction:
                        error = "SVG must not contain processing instructions (such as xml-stylesheet).";
                        return false;
                    case XmlNodeType.Element:
                        if (root)
                        {
                            if (reader.LocalName != "svg" || reader.NamespaceURI is not ("" or SvgNamespace))
                            {
                                error = "Not a supported image: an XML file whose root element is not <svg>.";
                                return false;
                            }
                            (width, height) = Size(reader);
                            root = false;
                        }
                        if (ElementProblem(reader) is { } problem) { error = problem; return false; }
                        if (reader.LocalName.Equals("style", StringComparison.OrdinalIgnoreCase) && !reader.IsEmptyElement) inStyle++;
                        break;
                    case XmlNodeType.EndElement:
                        if (reader.LocalName.Equals("style", StringComparison.OrdinalIgnoreCase) && inStyle > 0) inStyle--;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA when inStyle > 0:
                        if (ValueProblem(reader.Value) is { } styleProblem) { error = styleProblem; return false; }
                        break;
                }
            }
            if (root) { error = "Not a supported image: the SVG has no root element."; return false; }
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            error = "SVG must not contain a DOCTYPE (entities and external DTDs are refused).";
            return false;
        }
        catch (XmlException)
        {
            error = "The SVG file is not well-formed XML (truncated or corrupt).";
            return false;
        }
        error = "";
        return true;
    }

    static string? ElementProblem(XmlReader reader)
    {
        var name = reader.LocalName;
        if (name.Equals("script", StringComparison.OrdinalIgnoreCase)) return "SVG must not contain <script>.";
        if (EmbeddingElements.Contains(name)) return $"SVG must not contain <{name}> (embedded or external content).";
        var animation = name is "set" or "animate" or "animateTransform" or "animateMotion";
        if (!reader.MoveToFirstAttribute()) return null;
        do
        {
            var attribute = reader.LocalName;
            var value = reader.Value;
            if (reader.Prefix == "xmlns" || (reader.Prefix == "" && attribute == "xmlns")) continue;
            if (attribute.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                return $"SVG must not contain event handler attributes ({attribute}).";
            if (attribute.Equals("href", StringComparison.OrdinalIgnoreCase) && !value.TrimStart().StartsWith('#'))
                return "SVG must not reference external resources (href must be a #fragment).";
            if (animation && attribute == "attributeName"
                && (value.Contains("href", StringComparison.OrdinalIgnoreCase) || value.Trim().StartsWith("on", StringComparison.OrdinalIgnoreCase)))
                return "SVG must not animate href or event attributes.";
            if (ValueProblem(value) is { } problem) return problem;
        } while (reader.MoveToNextAttribute());
        reader.MoveToElement();
        return null;
    }

    /// <summary>Problems in an attribute value or style text: script URLs, external url(…), @import.</summary>
    static string? ValueProblem(string value)
    {
        var compact = Whitespace().Replace(value, "");
        if (compact.Contains("javascript:", StringComparison.OrdinalIgnoreCase) || compact.Contains("vbscript:", StringComparison.OrdinalIgnoreCase))
            return "SVG must not contain script URLs.";
        if (compact.Contains("@import", StringComparison.OrdinalIgnoreCase))
            return "SVG must not reference external resources (@import).";
        foreach (Match url in CssUrl().Matches(compact))
            if (!url.Groups[1].Value.TrimStart('\'', '"').StartsWith('#'))
                return "SVG must not reference external resources (url() must be a #fragment).";
        return null;
    }

    static (int?, int?) Size(XmlReader root)
    {
        var width = Length(root.GetAttribute("width"));
        var height = Length(root.GetAttribute("height"));
        if ((width is null || height is null) && root.GetAttribute("viewBox") is { } viewBox)
        {
            var parts = viewBox.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4)
            {
                width ??= Length(parts[2]);
                height ??= Length(parts[3]);
            }
        }
        return (width, height);
    }

    /// <summary>A plain or px length as whole pixels; null for percentages, other units or nonsense.</summary>
    static int? Length(string? text)
    {
        var value = text?.Trim();
        if (value is null) return null;
        if (value.EndsWith("px", StringComparison.OrdinalIgnoreCase)) value = value[..^2];
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= ImageSniffer.MaxDimension
            ? (int)Math.Round(n) : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"url\(([^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
