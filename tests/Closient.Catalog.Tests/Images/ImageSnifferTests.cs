using System.Text;
using Closient.Catalog.Images;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Images;

public sealed class ImageSnifferTests
{
    public static TheoryData<string, byte[], string, int?, int?> Images => new()
    {
        { "png", TestImages.Png(3, 2), "image/png", 3, 2 },
        { "jpeg", TestImages.Jpeg(640, 480), "image/jpeg", 640, 480 },
        { "jpeg with big comments", TestImages.Jpeg(17, 9, padding: 70_000), "image/jpeg", 17, 9 },
        { "jpeg with a scan", TestImages.Jpeg(64, 48, scan: true), "image/jpeg", 64, 48 },
        { "jpeg with data after EOI", [.. TestImages.Jpeg(64, 48, scan: true), 1, 2, 3, 4], "image/jpeg", 64, 48 },
        { "png with data after IEND", [.. TestImages.Png(3, 2), 0, 0], "image/png", 3, 2 },
        { "gif", TestImages.Gif(300, 200), "image/gif", 300, 200 },
        { "webp lossy", TestImages.WebP(1000, 500), "image/webp", 1000, 500 },
        { "webp lossless", TestImages.WebP(16383, 7, "VP8L"), "image/webp", 16383, 7 },
        { "webp extended", TestImages.WebP(4000, 3000, "VP8X"), "image/webp", 4000, 3000 },
        { "bmp", TestImages.Bmp(5, 4), "image/bmp", 5, 4 },
        { "bmp top-down", TestImages.Bmp(5, -4), "image/bmp", 5, 4 },
        { "svg with width and height", TestImages.Svg(), "image/svg+xml", 120, 80 },
        { "svg with a viewBox", TestImages.Svg(attributes: "viewBox=\"0 0 64 32\""), "image/svg+xml", 64, 32 },
        { "svg in percent", TestImages.Svg(attributes: "width=\"100%\""), "image/svg+xml", null, null },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Each_supported_format_is_recognized_by_its_bytes_with_its_pixel_size(string name, byte[] bytes, string type, int? width, int? height)
    {
        Assert.True(ImageSniffer.TrySniff(bytes, out var image, out var error), $"{name}: {error}");

        Assert.Equal(new SniffedImage(type, width, height), image);
    }

    public static TheoryData<string, byte[]> Truncated => new()
    {
        { "png", TestImages.Png(3, 2)[..^5] },
        { "png header only", TestImages.Png(3, 2)[..20] },
        { "jpeg", TestImages.Jpeg(10, 10)[..^2] },
        { "jpeg without a frame", [0xFF, 0xD8, 0xFF, 0xD9] },
        { "jpeg cut inside the scan", TestImages.Jpeg(10, 10, scan: true)[..^3] },
        { "jpeg cut inside a segment", TestImages.Jpeg(10, 10)[..25] },
        { "gif", TestImages.Gif(10, 10)[..^1] },
        { "webp", TestImages.WebP(10, 10)[..^3] },
        { "bmp", TestImages.Bmp(10, 10)[..60] },
        { "svg", TestImages.Svg()[..^4] },
    };

    [Theory]
    [MemberData(nameof(Truncated))]
    public void A_truncated_file_is_refused(string name, byte[] bytes)
    {
        Assert.False(ImageSniffer.TrySniff(bytes, out _, out var error), name);
        Assert.Matches("truncated", error);
    }

    public static TheoryData<string, string> UnsafeSvgs => new()
    {
        { "script", "<script>alert(1)</script>" },
        { "SCRIPT in another namespace", "<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>" },
        { "event handler", "<rect onclick=\"alert(1)\" width=\"1\" height=\"1\"/>" },
        { "handler on a group", "<g onmouseover=\"alert(1)\"/>" },
        { "external href", "<image href=\"https://evil.example/x.png\" width=\"1\" height=\"1\"/>" },
        { "xlink href to javascript", "<a xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"javascript:alert(1)\"><rect width=\"1\" height=\"1\"/></a>" },
        { "use of an external file", "<use href=\"other.svg#icon\"/>" },
        { "external url() in a fill", "<rect fill=\"url(https://evil.example/p.svg#p)\" width=\"1\" height=\"1\"/>" },
        { "@import in a style", "<style>@import url(https://evil.example/a.css);</style>" },
        { "external url() in a style", "<style>rect { fill: url('https://evil.example/x#p') }</style>" },
        { "foreignObject", "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">hi</div></foreignObject>" },
        { "animation that sets an href", "<a href=\"#x\"><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>" },
        { "iframe", "<iframe src=\"https://evil.example\"/>" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSvgs))]
    public void An_svg_that_could_run_script_or_fetch_anything_is_refused(string name, string inner)
    {
        Assert.False(ImageSniffer.TrySniff(TestImages.Svg(inner), out _, out var error), name);
        Assert.StartsWith("SVG must not", error);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>", "DOCTYPE")]
    [InlineData("<?xml version=\"1.0\"?><?xml-stylesheet href=\"https://evil.example/a.css\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>", "processing instructions")]
    [InlineData("<html><body>not an image</body></html>", "root element is not <svg>")]
    public void Svg_documents_with_a_doctype_a_stylesheet_or_another_root_are_refused(string xml, string reason)
    {
        Assert.False(ImageSniffer.TrySniff(Encoding.UTF8.GetBytes(xml), out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_safe_svg_with_internal_references_gradients_and_styles_is_accepted()
    {
        var svg = TestImages.Svg("""
            <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
            <style>rect { fill: url(#g) }</style>
            <use href="#r"/><rect id="r" width="10" height="10" fill="url(#g)"/><text>Brand &amp; Co</text>
            """);

        Assert.True(ImageSniffer.TrySniff(svg, out var image, out var error), error);
        Assert.Equal("image/svg+xml", image.ContentType);
    }

    [Fact]
    public void An_onload_handler_on_the_root_element_is_refused()
    {
        Assert.False(ImageSniffer.TrySniff(TestImages.Svg(attributes: "onload=\"alert(1)\""), out _, out var error));
        Assert.Contains("event handler", error);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("MZ\u0090\0 an executable")]
    [InlineData("%PDF-1.7 a document")]
    [InlineData("")]
    public void Files_that_are_not_images_are_refused(string content)
    {
        Assert.False(ImageSniffer.TrySniff(Encoding.UTF8.GetBytes(content), out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Absurd_dimensions_are_refused()
    {
        Assert.False(ImageSniffer.TrySniff(TestImages.Png(20_000, 1), out _, out var error));
        Assert.Contains("16384", error);
        Assert.False(ImageSniffer.TrySniff(TestImages.Gif(0, 10), out _, out _));
    }

    [Theory]
    [InlineData("logo.png", "image/png", true)]
    [InlineData("logo.png", null, true)]
    [InlineData("logo.png", "application/octet-stream", true)]
    [InlineData("logo", "image/png", true)]
    [InlineData("logo.PNG", "image/png; charset=binary", true)]
    [InlineData("logo.jpg", "image/png", false)]       // a PNG renamed to .jpg
    [InlineData("logo.png", "image/jpeg", false)]      // declared type contradicts the bytes
    [InlineData("logo.gif", "application/octet-stream", false)]
    [InlineData("logo.svg", "image/svg+xml", false)]
    public void The_declared_type_and_the_file_extension_must_not_contradict_the_content(string fileName, string? declared, bool accepted)
    {
        var v = new Validation();

        var image = ImageSniffer.Check(new UploadedFile(TestImages.Png(2, 2), declared, fileName), "image", v);

        Assert.Equal(accepted, image is not null);
        Assert.Equal(accepted, v.IsValid);
    }

    [Theory]
    [InlineData("image/jpg")]
    [InlineData("image/pjpeg")]
    public void Common_aliases_of_jpeg_are_accepted(string declared) =>
        Assert.True(ImageSniffer.DeclaredMatches(declared, ImageSniffer.Jpeg));
}
