using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Datasets;

/// <summary>
/// What a streamed CSV upload learns about whole columns before it writes its first row: each numeric column's mean
/// (and exact median when gaps are kept or filled by median), each categorical column's categories with the most
/// frequent one, and the first empty cell. Gathered in passes over the file that hold per-column statistics only,
/// never the rows; the result is the dataset's <see cref="TableEncoding"/>.
/// </summary>
internal static class CsvTableFit
{
    /// <summary>
    /// Reads the file once, or three times for medians, from <paramref name="start"/>. The numbers match
    /// <see cref="Imputation.Fill"/> on the whole column held in memory.
    /// </summary>
    public static TableEncoding Run(Stream csv, long start, CsvReadOptions read, CsvColumnRoles roles, MissingValueStrategy missing,
        int maxCategories, CancellationToken ct)
    {
        CsvHeader header;
        double[] sums;
        long[] counts;
        Dictionary<string, long>[] categoryCounts;
        MissingCell? firstMissing = null;
        RadixMedians? medians = null;
        using (var records = new CsvTableRecords(csv, read, roles, checkUniqueIds: false, ct))
        {
            header = records.Header;
            sums = new double[records.NumericCount];
            counts = new long[records.NumericCount];
            categoryCounts = [.. header.CategoricalNames.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];
            if (missing is MissingValueStrategy.Median or MissingValueStrategy.Keep) medians = new RadixMedians(records.NumericCount);
            var numeric = new float[records.NumericCount];
            var cells = new string?[records.CategoricalCount];
            while (records.Read(numeric, cells, out string? id, out _))
            {
                for (int c = 0; c < numeric.Length; c++)
                {
                    if (float.IsNaN(numeric[c])) continue;
                    sums[c] += numeric[c];
                    counts[c]++;
                    medians?.Add(c, numeric[c]);
                }
                for (int k = 0; k < cells.Length; k++)
                    if (cells[k] is { } value)
                        Count(categoryCounts[k], value, header.CategoricalNames[k], maxCategories);
                firstMissing ??= FirstGap(header, numeric, cells, records.Line, id ?? (records.Rows - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (medians is not null)
        {
            medians.EndPass();
            while (!medians.Done)
            {
                csv.Position = start;
                using var records = new CsvTableRecords(csv, read, roles, checkUniqueIds: false, ct);
                var numeric = new float[records.NumericCount];
                var cells = new string?[records.CategoricalCount];
                while (records.Read(numeric, cells, out _, out _))
                    for (int c = 0; c < numeric.Length; c++)
                        if (!float.IsNaN(numeric[c]))
                            medians.Add(c, numeric[c]);
                medians.EndPass();
            }
        }

        var columns = new List<TableColumn>(header.Names.Length);
        int number = 0, category = 0;
        for (int f = 0; f < header.Names.Length; f++)
        {
            string name = header.Names[f];
            if (header.Roles[f] == CsvRole.Category)
            {
                columns.Add(Categorical(name, categoryCounts[category++]));
            }
            else if (header.Roles[f] == CsvRole.Number)
            {
                int c = number++;
                // Filling or keeping gaps needs something to fill them with, whichever job comes later.
                if (counts[c] == 0 && missing != MissingValueStrategy.Refuse)
                    throw new DatasetFormatException($"The column '{name}' has no values at all, so there is nothing to fill its gaps with.", null, name);
                columns.Add(new TableColumn(name, TableColumnKind.Numeric,
                    Mean: counts[c] == 0 ? null : (float)(sums[c] / counts[c]), Median: counts[c] == 0 ? null : medians?.Median(c)));
            }
        }
        return new TableEncoding(missing, columns, firstMissing);
    }

    /// <summary>The leftmost empty cell of the row, in file order; null when it has none.</summary>
    private static MissingCell? FirstGap(CsvHeader header, float[] numeric, string?[] cells, long line, string id)
    {
        int number = 0, category = 0;
        for (int f = 0; f < header.Names.Length; f++)
        {
            bool gap = header.Roles[f] switch
            {
                CsvRole.Number => float.IsNaN(numeric[number++]),
                CsvRole.Category => cells[category++] is null,
                _ => false,
            };
            if (gap) return new MissingCell(line, id, header.Names[f]);
        }
        return null;
    }

    private static void Count(Dictionary<string, long> counts, string value, string column, int maxCategories)
    {
        if (counts.TryGetValue(value, out long count))
        {
            counts[value] = count + 1;
            return;
        }
        // Counting stops at the limit: a column of ids would otherwise hold every row's value.
        if (counts.Count == maxCategories)
            throw new DatasetFormatException(
                $"The categorical column '{column}' has more than {maxCategories} distinct values; at most {maxCategories} " +
                "can be one-hot encoded. Is it an id or free-text column?", null, column);
        counts.Add(value, 1);
    }

    /// <summary>Categories in ordinal order and the most frequent one (the first in order on a tie).</summary>
    private static TableColumn Categorical(string column, Dictionary<string, long> counts)
    {
        if (counts.Count == 0)
            throw new DatasetFormatException($"The categorical column '{column}' has no values at all.", null, column);
        string[] categories = [.. counts.Keys.Order(StringComparer.Ordinal)];
        string mode = categories[0];
        foreach (string category in categories)
            if (counts[category] > counts[mode])
                mode = category;
        return new TableColumn(column, TableColumnKind.Categorical, categories, mode);
    }
}
