using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Datasets;

/// <summary>
/// What a streamed CSV upload must know about whole columns before it can write its first row: the value that
/// fills a missing numeric cell (mean or exact median) and the categories of each categorical column with the most
/// frequent one. Gathered in passes over the file that hold per-column statistics only, never the rows.
/// </summary>
internal sealed class CsvTableFit
{
    private CsvTableFit(float[]? fill, CategoricalEncoding[] categorical)
    {
        Fill = fill;
        Categorical = categorical;
    }

    /// <summary>Per numeric column, the value of a missing cell; null when missing values are refused.</summary>
    public float[]? Fill { get; }

    /// <summary>Each categorical column's sorted categories and fill value, in file order.</summary>
    public CategoricalEncoding[] Categorical { get; }

    /// <summary>
    /// Reads the file once (mean, or categories only) or three times (median) from <paramref name="start"/>. The
    /// numbers match <see cref="FittedPreprocessing.Fit(TabularData, PreprocessingOptions)"/> on the whole table.
    /// </summary>
    public static CsvTableFit Run(Stream csv, long start, CsvReadOptions read, CsvColumnRoles roles, MissingValueStrategy missing,
        int maxCategories, CancellationToken ct)
    {
        CsvHeader header;
        double[] sums;
        long[] counts;
        Dictionary<string, long>[] categoryCounts;
        RadixMedians? medians = null;
        using (var records = new CsvTableRecords(csv, read, roles, checkUniqueIds: false, ct))
        {
            header = records.Header;
            sums = new double[records.NumericCount];
            counts = new long[records.NumericCount];
            categoryCounts = [.. header.CategoricalNames.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];
            if (missing == MissingValueStrategy.Median) medians = new RadixMedians(records.NumericCount);
            var numeric = new float[records.NumericCount];
            var cells = new string?[records.CategoricalCount];
            while (records.Read(numeric, cells, out _, out _))
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

        float[]? fill = null;
        if (missing != MissingValueStrategy.Refuse)
        {
            fill = new float[counts.Length];
            for (int c = 0; c < fill.Length; c++)
            {
                if (counts[c] == 0)
                    throw new DatasetFormatException(
                        $"The column '{header.FeatureNames[c]}' has no values at all, so there is nothing to fill its gaps with.",
                        null, header.FeatureNames[c]);
                fill[c] = medians?.Median(c) ?? (float)(sums[c] / counts[c]);
            }
        }
        var encodings = header.CategoricalNames.Select((name, k) => Encoding(name, categoryCounts[k], missing)).ToArray();
        return new CsvTableFit(fill, encodings);
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

    /// <summary>Sorted categories and the most frequent one (the first in order on a tie), as <see cref="Imputation.FitCategories"/>.</summary>
    private static CategoricalEncoding Encoding(string column, Dictionary<string, long> counts, MissingValueStrategy missing)
    {
        if (counts.Count == 0)
            throw new DatasetFormatException($"The categorical column '{column}' has no values at all.", null, column);
        string[] categories = [.. counts.Keys.Order(StringComparer.Ordinal)];
        string mode = categories[0];
        foreach (string category in categories)
            if (counts[category] > counts[mode])
                mode = category;
        return new CategoricalEncoding(column, categories, missing == MissingValueStrategy.Refuse ? null : mode);
    }
}
