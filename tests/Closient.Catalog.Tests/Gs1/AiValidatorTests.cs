using Closient.Catalog.Gs1;

namespace Closient.Catalog.Tests.Gs1;

public sealed class AiValidatorTests
{
    static string? Validate(string ai, string value) => AiValidator.Validate(SyntaxDictionary.Instance.Find(ai)!, value);

    [Theory]
    [InlineData("01", "09506000134352")]
    [InlineData("00", "106141411234567897")]
    [InlineData("414", "9521321000018")]
    [InlineData("8003", "095060001343521")]
    [InlineData("8006", "095060001343520102")]
    [InlineData("253", "9521321000018ABC")]
    public void Valid_values_pass(string ai, string value) => Assert.Null(Validate(ai, value));

    [Theory]
    [InlineData("01", "09506000134353", "check digit")]
    [InlineData("01", "0950600013435", "too short")]
    [InlineData("01", "095060001343520", "too long")]
    [InlineData("01", "0950600013435A", "not allowed")]
    [InlineData("00", "106141411234567898", "check digit")]
    [InlineData("8003", "195060001343521", "zero")]
    [InlineData("8006", "095060001343520300", "piece")]
    [InlineData("10", "ABCDEFGHIJKLMNOPQRSTU", "too long")]
    [InlineData("10", "LOT 1", "not allowed")]
    [InlineData("10", "LOT#1", "not allowed")]
    [InlineData("8010", "abc", "not allowed")]
    public void Invalid_values_are_rejected_with_a_reason(string ai, string value, string reason)
    {
        var error = Validate(ai, value);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"({ai})", error);
    }

    [Theory]
    [InlineData("251231", true)]
    [InlineData("250200", true)]  // day 00: end of month
    [InlineData("240229", true)]  // leap year
    [InlineData("230229", false)]
    [InlineData("251131", false)]
    [InlineData("251301", false)]
    [InlineData("250001", false)]
    [InlineData("25123", false)]
    public void Expiry_dates_are_checked_as_calendar_dates(string yymmdd, bool valid) =>
        Assert.Equal(valid, Validate("17", yymmdd) is null);

    [Fact]
    public void Day_zero_is_not_allowed_where_the_dictionary_says_yymmdd()
    {
        Assert.Null(Validate("7006", "251231"));
        Assert.NotNull(Validate("7006", "251200"));
    }

    [Theory]
    [InlineData("1987654Ad4X4bL5ttr2310c2K", true)]
    [InlineData("12345678901234567890123NT", true)]
    [InlineData("12345_ABCDEFGHIJKLMCP", true)]
    [InlineData("1987654Ad4X4bL5ttr2310cXK", false)]
    [InlineData("1987654Ad4X4bL5ttr2310c2X", false)]
    public void Gmn_check_character_pairs_match_the_published_test_vectors(string gmn, bool valid)
    {
        Assert.Equal(valid, AiValidator.CheckCharacterPair(gmn));
        Assert.Equal(valid, Validate("8013", gmn) is null);
    }

    [Fact]
    public void Other_linters_check_their_rules()
    {
        Assert.Null(Validate("8007", "GB82WEST12345698765432"));
        Assert.NotNull(Validate("8007", "GB82WEST12345698765433"));
        Assert.Null(Validate("4307", "DE"));
        Assert.NotNull(Validate("4307", "ZZ"));
        Assert.Null(Validate("4321", "1"));
        Assert.NotNull(Validate("4321", "2"));
        Assert.Null(Validate("4324", "2512311230"));
        Assert.NotNull(Validate("4324", "2512312460"));
        Assert.Null(Validate("8011", "123"));
        Assert.NotNull(Validate("8011", "0123"));
        Assert.NotNull(Validate("4300", "A%2"));
    }

    [Fact]
    public void Yymmdd_dates_use_the_gs1_sliding_century_window()
    {
        var today = new DateOnly(2026, 6, 1);
        Assert.Equal(new DateOnly(2026, 12, 31), AiValidator.ToDate("261231", today));
        Assert.Equal(new DateOnly(2026, 2, 28), AiValidator.ToDate("260200", today));
        Assert.Equal(new DateOnly(2075, 1, 1), AiValidator.ToDate("750101", today));
        Assert.Equal(new DateOnly(1977, 1, 1), AiValidator.ToDate("770101", today));
        Assert.Null(AiValidator.ToDate("261301", today));
    }
}
