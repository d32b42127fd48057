using System.Text.Json;
using Closient.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Closient.Locations.Widget;

/// <summary>
/// Store-locator widget telemetry (spec/locations.md §3): funnel beacons, structured-logged and never
/// persisted. The answer is always 204, whatever the body, so a broken or hostile page learns nothing
/// and the widget never retries. At most <see cref="MaxBodyBytes"/> are read; a larger body is not
/// parsed (and not read beyond the cap). JSON is accepted as <c>application/json</c>, as <c>text/plain</c>
/// (what <c>navigator.sendBeacon</c> sends for a string) or without a content type.
/// </summary>
public static class WidgetEventsApi
{
    public const int MaxBodyBytes = 8 * 1024;
    public const int ApiKeyPrefix = 12, MaxReferrer = 512, MaxQuery = 256, MaxLocationShortId = 36;
    public const string LoggerCategory = "Closient.Locations.Widget";

    static readonly HashSet<string> Events = ["widget_load", "location_search", "view_store_click", "get_directions_click"];

    static readonly Action<ILogger, string, string, string, string, string, Exception?> Recorded = LoggerMessage.Define<string, string, string, string, string>(
        LogLevel.Information, new EventId(7301, "WidgetEvent"),
        "Widget event {event} key {api_key} referrer {referrer} query {query} location {location_short_id}");

    static readonly Action<ILogger, string, Exception?> Ignored = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(7302, "WidgetEventIgnored"), "Widget beacon ignored: {reason}");

    public static IEndpointRouteBuilder MapWidgetEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/locations/api/v1/public").WithTags("Store locator (public)")
            .MapPost("/widget-events", RecordWidgetEvent).WithName("RecordLocatorWidgetEvent").WithAccess(AccessRule.Public)
            .WithSummary("Store-locator widget beacon: always 204, logged only.")
            .WithDescription("""
                Body (JSON, as application/json or text/plain, at most 8 KiB): {"event": "widget_load" | "location_search" |
                "view_store_click" | "get_directions_click", "api_key": "cpk_…", "referrer": "…", "query": "…" (location_search),
                "location_short_id": "…" (view_store_click, get_directions_click)}. Anything else is ignored; the answer is always 204.
                """);
        return app;
    }

    static async Task<NoContent> RecordWidgetEvent(HttpRequest request, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(LoggerCategory);
        var (body, reason) = await ReadAsync(request, ct);
        if (body is null)
        {
            Ignored(logger, reason, null);
            return TypedResults.NoContent();
        }
        Log(logger, body);
        return TypedResults.NoContent();
    }

    /// <summary>The body when it may be parsed, or null and why not.</summary>
    static async Task<(byte[]? Body, string Reason)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is { Length: > 0 } contentType
            && !(MediaTypeHeaderValue.TryParse(contentType, out var media)
                 && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                     || media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
                     || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))))
            return (null, "unsupported_media_type");
        if (request.ContentLength > MaxBodyBytes) return (null, "too_large");

        // One byte past the cap tells an oversized (chunked) body from one that fits, without reading on.
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        try
        {
            int n;
            while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
                read += n;
        }
        catch (BadHttpRequestException)
        {
            return (null, "unreadable"); // the server's own body limit or a broken chunked encoding
        }
        return read > MaxBodyBytes ? (null, "too_large") : (buffer[..read], "");
    }

    static void Log(ILogger logger, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            Ignored(logger, "malformed", null);
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { Ignored(logger, "malformed", null); return; }
            string Field(string name, int max) =>
                root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Clean(value.GetString()!, max) : "";

            var widgetEvent = Field("event", 32);
            if (!Events.Contains(widgetEvent)) { Ignored(logger, "unknown_event", null); return; }
            var query = widgetEvent == "location_search" ? Field("query", MaxQuery) : "";
            var location = widgetEvent is "view_store_click" or "get_directions_click" ? Field("location_short_id", MaxLocationShortId) : "";
            Recorded(logger, widgetEvent, Field("api_key", ApiKeyPrefix), Field("referrer", MaxReferrer), query, location, null);
        }
    }

    /// <summary>Control characters (forged log lines) become spaces; then at most <paramref name="max"/> characters, never half a surrogate pair.</summary>
    static string Clean(string value, int max)
    {
        if (value.Length > max) value = value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];
        return string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        });
    }
}
