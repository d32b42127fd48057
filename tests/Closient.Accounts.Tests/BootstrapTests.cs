using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Closient.Accounts.Bootstrap;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Microsoft.Extensions.Configuration;

namespace Closient.Accounts.Tests;

public sealed class BootstrapTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Bootstrap_creates_a_user_who_owns_an_organization_with_a_manager_key_and_a_user_key()
    {
        var result = await fx.BootstrapAsync(AccountsFixture.NewEmail("first"), "First Org");

        Assert.True(result.OrganizationCreated);
        Assert.True(ApiKeyFormat.TryParse(result.BusinessKey, out var businessType));
        Assert.True(ApiKeyFormat.TryParse(result.UserKey, out var userType));
        Assert.Equal(("csb", "csu"), (businessType, userType));
        var business = await (await fx.VerifyAsync(result.BusinessKey)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("manager", business.GetProperty("organizations").GetProperty(result.OrganizationId.ToString()).GetString());
        var user = await (await fx.VerifyAsync(result.UserKey)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("owner", user.GetProperty("organizations").GetProperty(result.OrganizationId.ToString()).GetString());
    }

    [Fact]
    public async Task Bootstrapping_the_same_email_again_reuses_the_user_and_organization_and_issues_new_keys()
    {
        var email = AccountsFixture.NewEmail("again");
        var first = await fx.BootstrapAsync(email, "Once");

        var second = await fx.BootstrapAsync(email.ToUpperInvariant(), "Twice");

        Assert.False(second.OrganizationCreated);
        Assert.Equal(first.UserId, second.UserId);
        Assert.Equal(first.OrganizationId, second.OrganizationId);
        Assert.NotEqual(first.BusinessKey, second.BusinessKey);
        Assert.Equal(HttpStatusCode.OK, (await fx.VerifyAsync(first.BusinessKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.VerifyAsync(second.BusinessKey)).StatusCode);
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.memberships WHERE user_id = @id", new { id = first.UserId }));
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM accounts.users WHERE email = @email", new { email }));
    }

    [Fact]
    public async Task The_command_migrates_and_prints_the_keys_as_environment_lines()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:closient"] = fx.Database.ConnectionString })
            .Build();
        var output = new StringWriter();

        var exit = await AccountsBootstrap.RunCommandAsync(["--email", AccountsFixture.NewEmail("cli"), "--organization", "CLI Org", "--country", "de"],
            configuration, output, new StringWriter());

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.True(ApiKeyFormat.TryParse(lines["CLOSIENT_API_KEY"], out var type) && type == "csb");
        Assert.True(ApiKeyFormat.TryParse(lines["CLOSIENT_USER_API_KEY"], out type) && type == "csu");
        Assert.True(ShortId.TryParse(lines["CLOSIENT_ORGANIZATION_ID"], out var org));
        Assert.Equal("DE", await fx.Database.ScalarAsync<string>("SELECT country FROM accounts.organizations WHERE id = @org", new { org }));
    }

    [Theory]
    [InlineData("--email not-an-email --organization X")]
    [InlineData("--organization X")]
    [InlineData("--email a@example.com --organization X --country ZZ")]
    [InlineData("--email a@example.com --org")]
    public async Task The_command_rejects_bad_arguments_with_exit_code_2(string commandLine)
    {
        var args = commandLine.Split(' ');
        var configuration = new ConfigurationBuilder().Build();
        var error = new StringWriter();

        var exit = await AccountsBootstrap.RunCommandAsync(args, configuration, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("usage:", error.ToString());
    }
}
