using Closient.Catalog.Resolver;
using MassTransit;

namespace Closient.Catalog.Resolution;

public static class ResolutionRulesService
{
    /// <summary>The rule store, the evaluator facade (<see cref="IResolutionRules"/>), the URL-health cache and the monitor.</summary>
    public static IHostApplicationBuilder AddResolutionRules(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UrlHealthOptions>().Bind(builder.Configuration.GetSection(UrlHealthOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero && o.Timeout > TimeSpan.Zero && o.DeadAfter >= 1 && o.MaxConcurrency >= 1,
                $"{UrlHealthOptions.Section}: Interval and Timeout must be positive, DeadAfter and MaxConcurrency at least 1.")
            .ValidateOnStart();
        builder.Services.AddOptions<RuleCacheOptions>().Bind(builder.Configuration.GetSection(RuleCacheOptions.Section))
            .Validate(o => o.Ttl >= TimeSpan.Zero && o.MaxEntries >= 1, $"{RuleCacheOptions.Section}: Ttl must not be negative, MaxEntries at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ResolutionRuleStore>();
        builder.Services.AddSingleton<ResolutionRuleCache>();
        builder.Services.AddSingleton<UrlHealthCache>();
        builder.Services.AddSingleton<UrlProbe>();
        builder.Services.AddSingleton<IResolutionRules, ResolutionRules>();
        // The public resolver asks the rules through its link-source seam (it registers a no-op one with TryAdd).
        builder.Services.AddSingleton<IResolutionLinkSource, RuleLinkSource>();
        builder.Services.AddSingleton<IResolutionWarmup, RuleWarmup>();
        builder.Services.AddSingleton<UrlHealthChecker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UrlHealthChecker>());
        return builder;
    }

    /// <summary>The rule-cache evictor on a temporary queue of its own per instance, so every replica sees every <c>ResolutionRuleChanged</c>.</summary>
    public static void AddResolutionRuleConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<RuleCacheEvictor>().Endpoint(e =>
        {
            e.Temporary = true;
            e.InstanceId = Guid.NewGuid().ToString("N")[..12];
        });
}
