using System.Globalization;
using System.Text.Json.Nodes;
using Closient.Catalog.Gs1;

namespace Closient.Catalog.Resolver;

/// <summary>
/// The JSON-LD answer of the resolver (<c>Accept: application/ld+json</c>, GTIN1 in spec/resolver.md §1): one node,
/// <c>@id</c> = the GTIN's canonical Digital Link URI, typed both <c>schema:Product</c> and <c>gs1:Product</c>, with
/// each fact in both vocabularies, the active certifications (<c>schema:hasCertification</c> and
/// <c>gs1:certification</c>) and the item's links (GS1 link types as <c>gs1:*</c> properties). The context is
/// inline (prefixes only), so a processor needs nothing remote to expand it.
/// </summary>
public static class ProductJsonLd
{
    public const string MediaType = "application/ld+json";
    const string Iana = "http://www.iana.org/assignments/relation/";

    public static JsonObject Build(ItemLinks links, IReadOnlyList<ResolverCertification> certifications)
    {
        var p = links.Product.Product;
        var id = links.Anchor(0);
        var doc = new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["schema"] = "https://schema.org/",
                ["gs1"] = LinkTypes.Namespace,
                ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
            },
            ["@id"] = id,
            ["@type"] = new JsonArray("schema:Product", "gs1:Product"),
            ["schema:gtin"] = p.Gtin,
            ["schema:gtin14"] = p.Gtin,
            ["gs1:gtin"] = p.Gtin,
            ["schema:productID"] = "gtin:" + p.Gtin,
        };
        var language = p.PrimaryLanguage.Length > 0 ? p.PrimaryLanguage : null;
        if (p.ProductName.Length > 0)
        {
            doc["schema:name"] = p.ProductName;
            doc["gs1:productName"] = Text(p.ProductName, language);
        }
        if (p.Description.Length > 0)
        {
            doc["schema:description"] = p.Description;
            doc["gs1:productDescription"] = Text(p.Description, language);
        }
        if (p.Brand.Length > 0)
        {
            doc["schema:brand"] = new JsonObject { ["@type"] = "schema:Brand", ["schema:name"] = p.Brand };
            doc["gs1:brand"] = new JsonObject { ["@type"] = "gs1:Brand", ["gs1:brandName"] = Text(p.Brand, language) };
        }
        if (p.Manufacturer.Length > 0)
            doc["schema:manufacturer"] = new JsonObject { ["@type"] = "schema:Organization", ["schema:name"] = p.Manufacturer };
        if (p.ImageUrl is { } image && Uri.TryCreate(image, UriKind.Absolute, out var imageUri) && imageUri.Scheme is "http" or "https")
        {
            doc["schema:image"] = new JsonObject { ["@id"] = imageUri.AbsoluteUri };
            doc["gs1:referencedFile"] = new JsonObject
            {
                ["@type"] = "gs1:ReferencedFileDetails",
                ["gs1:referencedFileType"] = new JsonObject { ["@id"] = "gs1:ReferencedFileTypeCode-PRODUCT_IMAGE" },
                ["gs1:referencedFileURL"] = new JsonObject { ["@id"] = imageUri.AbsoluteUri },
            };
        }
        if (p.CountryOfOrigin.Length > 0)
        {
            doc["schema:countryOfOrigin"] = new JsonObject { ["@type"] = "schema:Country", ["schema:identifier"] = p.CountryOfOrigin };
            doc["gs1:countryOfOrigin"] = new JsonObject { ["@type"] = "gs1:Country", ["gs1:countryCode"] = p.CountryOfOrigin };
        }
        if (p.NetContentValue is { } amount && p.NetContentUom.Length > 0)
        {
            var value = new JsonObject { ["@value"] = amount.ToString(CultureInfo.InvariantCulture), ["@type"] = "xsd:decimal" };
            doc["gs1:netContent"] = new JsonObject { ["@type"] = "gs1:QuantitativeValue", ["gs1:value"] = value, ["gs1:unitCode"] = p.NetContentUom };
        }
        if (p.NetContent.Length > 0)
            doc["schema:additionalProperty"] = new JsonObject
            {
                ["@type"] = "schema:PropertyValue", ["schema:propertyID"] = "gs1:netContent", ["schema:name"] = "Net content", ["schema:value"] = p.NetContent,
            };

        if (certifications.Count > 0)
        {
            doc["schema:hasCertification"] = new JsonArray(certifications.Select(SchemaCertification).ToArray<JsonNode?>());
            doc["gs1:certification"] = new JsonArray(certifications.Select(Gs1Certification).ToArray<JsonNode?>());
        }

        // The item's links: GS1 link types are properties of gs1:Product; IANA relations use their registry IRIs.
        // canonical is the node's own @id and describedby is this document, so neither is repeated.
        foreach (var group in links.All.Where(l => l.Depth == 0 && l.LinkType is not ("canonical" or "describedby")).GroupBy(l => l.LinkType))
        {
            var key = group.Key.StartsWith(LinkTypes.Namespace, StringComparison.Ordinal) ? "gs1:" + group.Key[LinkTypes.Namespace.Length..]
                : Uri.IsWellFormedUriString(group.Key, UriKind.Absolute) ? group.Key : Iana + group.Key;
            doc[key] = new JsonArray(group.Select(l => l.Href).Distinct().Select(href => (JsonNode?)new JsonObject { ["@id"] = href }).ToArray());
        }
        if (links.OfType(LinkTypes.Namespace + "pip").FirstOrDefault() is { } pip) doc["schema:url"] = new JsonObject { ["@id"] = pip.Href };
        return doc;
    }

    static JsonNode Text(string value, string? language) =>
        language is null ? JsonValue.Create(value) : new JsonObject { ["@value"] = value, ["@language"] = language };

    static JsonObject SchemaCertification(ResolverCertification c)
    {
        var node = new JsonObject { ["@type"] = "schema:Certification", ["schema:name"] = c.Label, ["schema:identifier"] = c.Code };
        if (c.CertificateNumber.Length > 0) node["schema:certificationIdentification"] = c.CertificateNumber;
        if (c.CertificationValue.Length > 0) node["schema:certificationRating"] = c.CertificationValue;
        if (c.BodyName.Length > 0)
        {
            var body = new JsonObject { ["@type"] = "schema:Organization", ["schema:name"] = c.BodyName };
            if (IsHttp(c.BodyWebsite)) body["schema:url"] = new JsonObject { ["@id"] = c.BodyWebsite };
            node["schema:issuedBy"] = body;
        }
        if (IsHttp(c.Url)) node["schema:url"] = new JsonObject { ["@id"] = c.Url };
        if (c.ValidFrom is { } from) node["schema:validFrom"] = Date(from);
        if (c.ExpirationDate is { } to) node["schema:expires"] = Date(to);
        node["schema:certificationStatus"] = new JsonObject { ["@id"] = "schema:CertificationActive" };
        return node;
    }

    static JsonObject Gs1Certification(ResolverCertification c)
    {
        var node = new JsonObject
        {
            ["@type"] = "gs1:CertificationDetails",
            ["gs1:certificationStandard"] = c.Standard.Length > 0 ? c.Standard : c.Label,
            ["gs1:certificationStatus"] = new JsonObject { ["@id"] = "gs1:CertificationStatus-ACTIVE" },
        };
        if (c.BodyName.Length > 0) node["gs1:certificationAgency"] = c.BodyName;
        if (IsHttp(c.BodyWebsite)) node["gs1:certificationAgencyURL"] = new JsonObject { ["@id"] = c.BodyWebsite };
        if (c.CertificateNumber.Length > 0) node["gs1:certificationIdentification"] = c.CertificateNumber;
        if (c.CertificationValue.Length > 0) node["gs1:certificationValue"] = c.CertificationValue;
        if (c.Scope.Length > 0) node["gs1:certificationStatement"] = c.Scope;
        if (IsHttp(c.VerificationUrl)) node["gs1:certificationURI"] = new JsonObject { ["@id"] = c.VerificationUrl };
        if (c.ValidFrom is { } from) node["gs1:certificationStartDate"] = Date(from);
        if (c.ExpirationDate is { } to) node["gs1:certificationEndDate"] = Date(to);
        return node;
    }

    static JsonObject Date(DateOnly date) => new() { ["@value"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["@type"] = "xsd:date" };

    static bool IsHttp(string url) =>
        url.Length > 0 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
