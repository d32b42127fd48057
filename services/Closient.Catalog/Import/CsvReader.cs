using System.Text;

namespace Closient.Catalog.Import;

/// <summary>One CSV record: its fields and the line (1-based) it starts on.</summary>
sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>The file is not CSV this reader can split (an unterminated quoted field).</summary>
sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// A small RFC 4180 reader: comma-separated, fields optionally in double quotes with <c>""</c> for a quote,
/// quoted fields may hold commas and line breaks, records end in CRLF, LF or CR. Lenient where RFC 4180 is
/// strict and the intent is plain (a quote inside an unquoted field, text after a closing quote: kept as text).
/// </summary>
static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new CsvFormatException(quoteLine, $"Line {quoteLine}: a quoted field is never closed.");
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (q == '\n' || q == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) line++;
                    field.Append(q);
                    i++;
                }
                atFieldStart = false;
                continue;
            }
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                fields.Add(field.ToString());
                field.Clear();
                yield return new CsvRecord(recordLine, fields);
                fields = [];
                atFieldStart = true;
                line++;
                recordLine = line;
                continue;
            }
            field.Append(c);
            atFieldStart = false;
            i++;
        }
        // The last record, unless the file ended with a line break.
        if (fields.Count > 0 || field.Length > 0 || !atFieldStart)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields);
        }
    }
}
