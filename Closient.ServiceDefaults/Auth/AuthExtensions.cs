using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Closient.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// Accepts the gateway's internal token (<see cref="InternalToken.Header"/>) as the only credential.
    /// Endpoints that require a caller use <c>RequireAuthorization()</c>; without a valid token they answer 401.
    /// </summary>
    public static TBuilder AddInternalAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var key = builder.Configuration[InternalToken.SigningKeySetting]
            ?? throw new InvalidOperationException($"{InternalToken.SigningKeySetting} is not configured.");
        var token = new InternalToken(key);
        builder.Services.AddSingleton(token);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = token.ValidationParameters();
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = ctx =>
                {
                    ctx.Token = ctx.Request.Headers[InternalToken.Header].FirstOrDefault();
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddAuthorization();
        return builder;
    }
}
