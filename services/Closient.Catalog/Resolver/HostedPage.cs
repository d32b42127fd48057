using System.Net;
using System.Text;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.Options;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Closient's hosted product page: the resolver's default link (<c>gs1:pip</c>). It lives outside the
/// Digital Link paths so following it can never loop back into the resolver. Minimal HTML; every
/// product value is HTML-encoded, and an image is shown only for an http(s) URL.
/// </summary>
public static class HostedPage
{
    /// <summary>The fragment of the page's certifications section (the <c>gs1:certificationInfo</c> link's target).</summary>
    public const string CertificationsAnchor = "certifications";

    public static async Task<IResult> Render(string gtin, HttpContext http, ResolutionData data, ResolverCertifications certificationData, IOptions<ResolverOptions> options, CancellationToken ct)
    {
        ResolverApi.AddCors(http.Response);
        if (!Gtin.TryNormalize(gtin, out var gtin14, out var error)) return ResolverApi.Problem(http, StatusCodes.Status400BadRequest, "Bad Request", $"Not a valid GTIN: {error}");
        var product = await data.GetAsync(gtin14, ct);
        var root = options.Value.RootFor(http.Request);
        var canonical = $"{root}/01/{gtin14}";
        http.Response.Headers.Link = $"<{canonical}?linkType=linkset>; rel=\"linkset\"; type=\"{Negotiation.LinksetMediaType}\"";
        if (product is null)
            return Results.Content(Page("Product not found", $"<h1>Product not found</h1>\n<p>No product is registered for GTIN {gtin14}.</p>", canonical),
                "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

        var p = product.Product;
        var body = new StringBuilder();
        body.Append("<h1>").Append(Encode(p.ProductName.Length > 0 ? p.ProductName : $"GTIN {p.Gtin}")).Append("</h1>\n");
        if (p.Brand.Length > 0) body.Append("<p class=\"brand\">").Append(Encode(p.Brand)).Append("</p>\n");
        if (p.ImageUrl is { } image && Uri.TryCreate(image, UriKind.Absolute, out var imageUri) && imageUri.Scheme is "http" or "https")
            body.Append("<img src=\"").Append(Encode(imageUri.AbsoluteUri)).Append("\" alt=\"").Append(Encode(product.Description)).Append("\">\n");
        if (p.Description.Length > 0) body.Append("<p class=\"description\">").Append(Encode(p.Description)).Append("</p>\n");
        body.Append("<p class=\"gtin\">GTIN ").Append(p.Gtin).Append("</p>\n");
        var certifications = await certificationData.GetAsync(product.Id, gtin14, ct);
        if (certifications.Count > 0)
        {
            body.Append("<section id=\"").Append(CertificationsAnchor).Append("\">\n<h2>Certifications</h2>\n<ul>\n");
            foreach (var c in certifications)
            {
                body.Append("<li>").Append(Encode(c.Label));
                if (c.BodyName.Length > 0) body.Append(" (").Append(Encode(c.BodyName)).Append(')');
                if (c.CertificateNumber.Length > 0) body.Append(", certificate ").Append(Encode(c.CertificateNumber));
                if (c.ExpirationDate is { } until) body.Append(", valid until ").Append(until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                body.Append("</li>\n");
            }
            body.Append("</ul>\n</section>\n");
        }
        return Results.Content(Page(product.Description, body.ToString(), canonical), "text/html; charset=utf-8", Encoding.UTF8);
    }

    static string Page(string title, string body, string canonical) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title>
        <link rel="canonical" href="{Encode(canonical)}">
        </head>
        <body>
        {body}</body>
        </html>
        """;

    static string Encode(string value) => WebUtility.HtmlEncode(value);
}
