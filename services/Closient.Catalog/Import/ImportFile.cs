using Closient.Catalog.Products;
using Closient.ServiceDefaults.Http;

namespace Closient.Catalog.Import;

/// <summary>The whole file is unusable (no GTIN column, too many rows, broken quoting): a 422 for the request, nothing applied.</summary>
sealed class ImportRejected(string message) : Exception(message);

/// <summary>A data row that passed validation: its GTIN-14 and the non-empty cells of the columns the file has.</summary>
sealed record ImportRow(int Line, string Gtin, string GtinColumn, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The cell's value, or <paramref name="current"/> when the file has no such column or the cell is empty.</summary>
    public string Or(string column, string current) => Values.GetValueOrDefault(column) ?? current;
}

/// <summary>A parsed and validated file: the good rows in order, the per-row errors, and the count of data rows.</summary>
sealed record ImportFile(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors, int ErrorRows, int TotalRows)
{
    static readonly Dictionary<string, int> MaxLengths = new()
    {
        [ImportColumns.ProductName] = ProductFields.NameMax, [ImportColumns.Brand] = ProductFields.BrandMax,
        [ImportColumns.Manufacturer] = ProductFields.ManufacturerMax, [ImportColumns.Description] = ProductFields.DescriptionMax,
        [ImportColumns.ImageUrl] = ProductFields.UrlMax, [ImportColumns.NetContent] = ProductFields.NetContentMax,
        [ImportColumns.CountryOfOrigin] = 2,
    };

    public static ImportFile Parse(string text)
    {
        IReadOnlyList<string>? headers = null;
        var columns = new List<(int Index, string Column, string Header)>();
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        int total = 0, errorRows = 0;
        try
        {
            foreach (var record in CsvReader.Read(text))
            {
                if (record.IsBlank) continue; // blank lines are not rows
                if (headers is null)
                {
                    headers = record.Fields;
                    columns = MapHeaders(headers);
                    continue;
                }
                if (++total > ProductImportApi.MaxRows) throw new ImportRejected($"The file has more than {ProductImportApi.MaxRows} data rows; split it into smaller files.");
                var rowErrors = new List<ImportError>();
                var row = ParseRow(record, headers, columns, rowErrors);
                if (rowErrors.Count > 0) { errors.AddRange(rowErrors); errorRows++; }
                else rows.Add(row!);
            }
        }
        catch (CsvFormatException e)
        {
            throw new ImportRejected(e.Message);
        }
        if (headers is null) throw new ImportRejected("The file is empty: the first line must be a header with a GTIN column.");
        return new ImportFile(rows, errors, errorRows, total);
    }

    static List<(int, string, string)> MapHeaders(IReadOnlyList<string> headers)
    {
        var columns = new List<(int Index, string Column, string Header)>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (ImportColumns.For(headers[i]) is not { } column) continue; // unknown columns are ignored
            if (columns.FirstOrDefault(c => c.Column == column) is { Header: not null } earlier)
                throw new ImportRejected($"The columns '{earlier.Header}' and '{headers[i].Trim()}' both give {column}; keep one.");
            columns.Add((i, column, headers[i].Trim()));
        }
        if (columns.All(c => c.Column != ImportColumns.Gtin))
            throw new ImportRejected("The header has no GTIN column (gtin, barcode, upc, ean, gtin-8, gtin-12, gtin-13 or gtin-14).");
        return columns;
    }

    static ImportRow? ParseRow(CsvRecord record, IReadOnlyList<string> headers, List<(int Index, string Column, string Header)> columns, List<ImportError> errors)
    {
        var fields = record.Fields;
        if (fields.Count > headers.Count && fields.Skip(headers.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
            errors.Add(new ImportError(record.Line, $"The row has {fields.Count} fields; the header has {headers.Count}.", null));

        var gtin14 = "";
        string gtinHeader = "";
        var values = new Dictionary<string, string>();
        foreach (var (index, column, header) in columns)
        {
            var cell = index < fields.Count ? fields[index].Trim() : "";
            if (column == ImportColumns.Gtin)
            {
                gtinHeader = header;
                if (!Gtin.TryNormalize(cell, out gtin14, out var error)) errors.Add(new ImportError(record.Line, error, header));
                continue;
            }
            if (cell.Length == 0) continue; // an empty cell leaves the stored value as it is
            if (CellError(column, ref cell) is { } message) errors.Add(new ImportError(record.Line, message, header));
            else values[column] = cell;
        }
        return errors.Count == 0 ? new ImportRow(record.Line, gtin14, gtinHeader, values) : null;
    }

    /// <summary>The same rules as the JSON API (README "Decisions"), for one non-empty, trimmed cell.</summary>
    static string? CellError(string column, ref string cell)
    {
        var max = MaxLengths[column];
        if (column == ImportColumns.CountryOfOrigin)
        {
            cell = cell.ToUpperInvariant();
            return CountryCodes.IsAssigned(cell) ? null : "Must be an ISO 3166-1 alpha-2 country code (such as US).";
        }
        if (cell.Length > max) return $"At most {max} characters.";
        if (cell.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) return "Must not contain control characters.";
        if (column == ImportColumns.ImageUrl && (!Uri.TryCreate(cell, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || cell.Any(char.IsWhiteSpace)))
            return "Must be an absolute http or https URL.";
        return null;
    }
}
