using System.Net;
using System.Globalization;
using System.Text;
using Closient.Catalog.ProductData;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Closient.Catalog.Resolver;

/// <summary>
/// Closient's hosted product page: the resolver's default link (<c>gs1:pip</c>). It lives outside the
/// Digital Link paths so following it can never loop back into the resolver. Minimal HTML; every
/// product value is HTML-encoded, and an image is shown only for an http(s) URL. Sections with the anchors the
/// resolver's content links point at: open recalls (<c>#recalls</c>), nutrition (<c>#nutrition</c>), ingredients
/// (<c>#ingredients</c>) and allergens (<c>#allergens</c>), each only when the product has that data.
/// </summary>
public static class HostedPage
{
    public const string NutritionAnchor = "nutrition", IngredientsAnchor = "ingredients", AllergensAnchor = "allergens", RecallsAnchor = "recalls";

    /// <summary>The fragment of the page's certifications section (the <c>gs1:certificationInfo</c> link's target).</summary>
    public const string CertificationsAnchor = "certifications";

    public static async Task<IResult> Render(string gtin, HttpContext http, ResolutionData data, NpgsqlDataSource db,
        ResolverCertifications certificationData, IOptions<ResolverOptions> options, CancellationToken ct)
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
        await AppendContentAsync(body, db, product.Id, ct);
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

    static async Task AppendContentAsync(StringBuilder body, NpgsqlDataSource db, Guid productId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var recalls = (await RecallsApi.AllAsync(conn, productId, ct)).Where(r => RecallFields.IsOpen(r.Status)).ToList();
        var nutrition = await NutritionApi.FindAsync(conn, productId, ct);
        var ingredients = await IngredientsApi.AllAsync(conn, productId, ct);
        if (recalls.Count > 0)
        {
            body.Append($"<section id=\"{RecallsAnchor}\">\n<h2>Recall notice</h2>\n<ul>\n");
            foreach (var r in recalls)
            {
                body.Append("<li><strong>").Append(Encode(r.Title)).Append("</strong> (").Append(Encode(r.Severity)).Append(", ")
                    .Append(Encode(r.SourceSystem)).Append(", ").Append(r.RecallDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
                if (r.Hazard.Length > 0) body.Append(" Hazard: ").Append(Encode(r.Hazard));
                if (r.Remedy.Length > 0) body.Append(" Remedy: ").Append(Encode(r.Remedy));
                if (Uri.TryCreate(r.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                    body.Append(" <a href=\"").Append(Encode(url.AbsoluteUri)).Append("\">Details</a>");
                body.Append("</li>\n");
            }
            body.Append("</ul>\n</section>\n");
        }
        if (nutrition is not null)
        {
            body.Append($"<section id=\"{NutritionAnchor}\">\n<h2>Nutrition</h2>\n<p>Serving size: ").Append(Encode(nutrition.ServingSize)).Append("</p>\n<table>\n");
            foreach (var n in nutrition.Nutrients)
            {
                body.Append("<tr><td>").Append(Encode(n.Name)).Append("</td><td>").Append(n.Amount.ToString(CultureInfo.InvariantCulture));
                if (n.Unit.Length > 0) body.Append(' ').Append(Encode(n.Unit));
                body.Append("</td><td>");
                if (n.DailyValuePct is { } dv) body.Append(dv.ToString(CultureInfo.InvariantCulture)).Append('%');
                body.Append("</td></tr>\n");
            }
            body.Append("</table>\n</section>\n");
        }
        if (ingredients.Count > 0)
        {
            var contained = ingredients.Where(i => !i.MayContain).ToList();
            if (contained.Count > 0)
                body.Append($"<section id=\"{IngredientsAnchor}\">\n<h2>Ingredients</h2>\n<p>")
                    .Append(string.Join(", ", contained.Select(i => Encode(i.Name)))).Append("</p>\n</section>\n");
            var allergens = ingredients.Where(i => i.IsMajorAllergen).ToList();
            if (allergens.Count > 0)
            {
                body.Append($"<section id=\"{AllergensAnchor}\">\n<h2>Allergens</h2>\n");
                var contains = allergens.Where(i => !i.MayContain).Select(i => i.Allergen).Distinct().ToList();
                var mayContain = allergens.Where(i => i.MayContain).Select(i => i.Allergen).Distinct().Except(contains).ToList();
                if (contains.Count > 0) body.Append("<p>Contains: ").Append(Encode(string.Join(", ", contains))).Append("</p>\n");
                if (mayContain.Count > 0) body.Append("<p>May contain: ").Append(Encode(string.Join(", ", mayContain))).Append("</p>\n");
                body.Append("</section>\n");
            }
        }
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
