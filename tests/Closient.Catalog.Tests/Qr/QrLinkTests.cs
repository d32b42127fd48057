using Closient.Catalog.Gs1;
using Closient.Catalog.Qr;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Tests.Qr;

/// <summary>The URI composer and the field rules, without the service.</summary>
public sealed class QrLinkTests
{
    [Fact]
    public void A_gtin_alone_is_the_primary_key_path()
    {
        Assert.Equal("https://id.closient.com/01/00614141123452", QrLink.Compose(QrLink.DefaultRoot, "00614141123452"));
    }

    [Fact]
    public void Lot_comes_before_serial_and_expiry_goes_in_the_query()
    {
        var url = QrLink.Compose("https://id.closient.com", "00614141123452", lot: "LOT1", serial: "SN1", expiry: "261231");

        Assert.Equal("https://id.closient.com/01/00614141123452/10/LOT1/21/SN1?17=261231", url);
    }

    [Fact]
    public void Values_outside_the_unreserved_set_are_percent_encoded()
    {
        var url = QrLink.Compose("https://id.closient.com", "00614141123452", lot: "A/B%C", serial: "x?&=+'._-");

        Assert.Equal("https://id.closient.com/01/00614141123452/10/A%2FB%25C/21/x%3F%26%3D%2B%27._-", url);
    }

    [Fact]
    public void Serial_without_lot_and_expiry_without_either_are_allowed()
    {
        Assert.Equal("https://r.example/01/00614141123452/21/S", QrLink.Compose("https://r.example/", "00614141123452", serial: "S"));
        Assert.Equal("https://r.example/01/00614141123452?17=270100", QrLink.Compose("https://r.example", "00614141123452", expiry: "270100"));
    }

    [Theory]
    [InlineData(null, "https://id.closient.com")]
    [InlineData("", "https://id.closient.com")]
    [InlineData("https://qr.brand.example/", "https://qr.brand.example")]
    [InlineData("http://localhost:8080/dl", "http://localhost:8080/dl")]
    public void The_root_setting_is_normalized(string? configured, string root)
    {
        Assert.Equal(root, QrLink.RootFrom(configured));
    }

    [Theory]
    [InlineData("id.closient.com")]
    [InlineData("ftp://id.closient.com")]
    [InlineData("https://id.closient.com/?x=1")]
    public void A_bad_root_setting_stops_the_service(string configured)
    {
        Assert.Throws<InvalidOperationException>(() => QrLink.RootFrom(configured));
    }

    [Theory]
    [InlineData(26, 2026, 2026)]
    [InlineData(76, 2026, 2076)]
    [InlineData(77, 2026, 1977)]
    [InlineData(0, 2026, 2000)]
    [InlineData(1, 2099, 2101)]
    [InlineData(49, 2099, 2149)]
    [InlineData(50, 2099, 2050)]
    public void Two_digit_years_follow_the_gs1_century_rule(int yy, int currentYear, int year)
    {
        Assert.Equal(year, AiValidator.ToDate($"{yy:00}0101", new DateOnly(currentYear, 6, 15))!.Value.Year);
    }

    [Theory]
    [InlineData("LOT 1")] // space: not in CSET 82
    [InlineData("A~B")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU")] // 21 characters
    public void Lots_and_serials_follow_the_gs1_format(string value)
    {
        var v = new Validation();
        QrFields.Attribute(v, "lot", "10", value);
        Assert.False(v.IsValid);
    }

    [Theory]
    [InlineData("261231", true)]
    [InlineData("260200", true)]
    [InlineData("280229", true)]
    [InlineData("270229", false)]
    [InlineData("261301", false)]
    [InlineData("260001", false)]
    [InlineData("260431", false)]
    [InlineData("26123", false)]
    [InlineData("2612311", false)]
    [InlineData("26-12-", false)]
    [InlineData("٢٦١٢٣١", false)]
    public void Expiry_must_be_a_real_yymmdd_date(string expiry, bool valid)
    {
        var v = new Validation();

        QrFields.Expiry(v, expiry, new DateOnly(2026, 6, 15));

        Assert.Equal(valid, v.IsValid);
    }
}
