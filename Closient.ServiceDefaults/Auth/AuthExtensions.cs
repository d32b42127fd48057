using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Closient.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// Accepts the gateway's internal token (<see cref="InternalToken.Header"/>) as the only credential:
    /// every endpoint without a valid token answers 401 (a request that bypasses the gateway included),
    /// except those marked <c>AllowAnonymous()</c> (health, OpenAPI).
    /// </summary>
    public static TBuilder AddInternalAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var key = builder.Configuration[InternalToken.SigningKeySetting]
            ?? throw new InvalidOperationException($"{InternalToken.SigningKeySetting} is not configured.");
        var token = new InternalToken(key);
        builder.Services.AddSingleton(token);
        var tokens = new ValidatedTokenCache(TimeProvider.System);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(tokens);
            o.TokenValidationParameters = token.ValidationParameters();
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = ctx =>
                {
                    ctx.Token = ctx.Request.Headers[InternalToken.Header].FirstOrDefault();
                    return Task.CompletedTask;
                },
                // The authorization middleware runs before UseStatusCodePages, so an unanswered
                // challenge would be a bare 401; write the UNAUTHORIZED problem here instead.
                OnChallenge = async ctx =>
                {
                    ctx.HandleResponse();
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = ctx.HttpContext,
                        ProblemDetails = new ProblemDetails
                        {
                            Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized",
                            Detail = "A valid internal token is required; call through the gateway with an API key.",
                        },
                    });
                },
            };
        });
        // Every endpoint needs a valid internal token unless it opts out (/health, /alive, OpenAPI).
        // Endpoints the gateway declares public get the gateway's anonymous token (Caller.AnonymousKeyType).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }
}
