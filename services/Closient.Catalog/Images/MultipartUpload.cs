using System.Text;
using Closient.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Closient.Catalog.Images;

/// <summary>The file part of an upload: its bytes and what the client claimed about them.</summary>
public sealed record UploadedFile(byte[] Bytes, string? DeclaredType, string? FileName);

/// <summary>A parsed upload form: the file (null when absent) and the small text fields.</summary>
public sealed record UploadForm(UploadedFile? File, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads a <c>multipart/form-data</c> upload as a stream, with hard limits: a declared Content-Length
/// over the limit is a 413 before any byte is read (so a client that sent <c>Expect: 100-continue</c>
/// never uploads the body), and a body that grows past it while streaming (chunked, or a lying length)
/// is a 413 as soon as the limit is crossed. Unknown or repeated fields are 422, not silently ignored;
/// a broken multipart body is a 400 and a body of another type a 415.
/// </summary>
public static class MultipartUpload
{
    /// <summary>Room for boundaries, part headers and the text fields on top of the file itself.</summary>
    public const long FormOverhead = 64 * 1024;

    const int MaxTextField = 4 * 1024, MaxParts = 16;

    /// <summary>Endpoint metadata raising the server's body limit to the file limit plus the form overhead.</summary>
    public static RequestSizeLimitAttribute SizeLimit(long maxFileBytes) => new(maxFileBytes + FormOverhead);

    public static async Task<(UploadForm? Form, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, string fileField, long maxFileBytes, IReadOnlyCollection<string> textFields, CancellationToken ct)
    {
        if (request.ContentLength > maxFileBytes + FormOverhead) return (null, TooLarge(fileField, maxFileBytes));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                $"Send the body as multipart/form-data with the file in the '{fileField}' field."));
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
            return (null, Problems.BadRequest("The multipart body has no valid boundary."));

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        UploadedFile? file = null;
        var fields = new Dictionary<string, string>();
        var v = new Validation();
        var parts = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (++parts > MaxParts)
                    return (null, Problems.Validation(fileField, $"The form may have at most {MaxParts} parts."));
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                    return (null, Problems.BadRequest("Every part of the multipart body needs Content-Disposition: form-data with a name."));

                if (name == fileField)
                {
                    if (file is not null) { v.Add(name, "Send one file."); continue; }
                    var bytes = await ReadLimitedAsync(section.Body, maxFileBytes, ct);
                    if (bytes is null) return (null, TooLarge(fileField, maxFileBytes));
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    file = new UploadedFile(bytes, section.ContentType, fileName);
                }
                else if (textFields.Contains(name))
                {
                    var bytes = await ReadLimitedAsync(section.Body, MaxTextField, ct);
                    if (bytes is null) { v.Add(name, $"At most {MaxTextField} bytes."); continue; }
                    if (fields.ContainsKey(name)) { v.Add(name, "Send this field once."); continue; }
                    try { fields[name] = ImageSniffer.StrictUtf8.GetString(bytes); }
                    catch (DecoderFallbackException) { v.Add(name, "Must be UTF-8 text."); }
                }
                else
                {
                    await section.Body.DrainAsync(ct);
                    v.Add(name, "Unknown field.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            return (null, Problems.BadRequest("The multipart body is malformed or incomplete."));
        }
        if (file is null) v.Add(fileField, "Required: the file to upload.");
        return v.IsValid ? (new UploadForm(file, fields), null) : (null, v.ToProblem());
    }

    /// <summary>The whole stream, or null as soon as it holds more than <paramref name="max"/> bytes.</summary>
    static async Task<byte[]?> ReadLimitedAsync(Stream body, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static ProblemHttpResult TooLarge(string field, long max) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
            $"The '{field}' file may be at most {max} bytes ({max / (1024 * 1024)} MiB).");
}
