namespace WebClustering.Core.Datasets;

/// <summary>How <see cref="SequenceCsvReader"/> finds the parts of a long-format CSV file.</summary>
/// <param name="IdColumn">Column naming the sequence each row belongs to.</param>
/// <param name="StepColumn">Column holding the row's time index (any numbers; only their order matters).</param>
/// <param name="LabelColumn">Optional column holding the sequence's class, the same on each of its rows.</param>
/// <param name="Separator">Field separator; null detects ',', ';' or tab from the header line.</param>
/// <param name="MaxRows">Most data rows (steps over all sequences) accepted.</param>
public sealed record SequenceCsvOptions(
    string IdColumn = "id",
    string StepColumn = "step",
    string? LabelColumn = null,
    char? Separator = null,
    long MaxRows = 10_000_000);

/// <summary>
/// Reads sequences from long-format CSV: one row per (sequence, step), every other column a numeric feature.
/// Rows are grouped by id (sequences keep the order in which their ids first appear) and sorted by step, so the
/// file's row order does not matter. Every sequence must have the same number of steps, each step once.
/// </summary>
public static class SequenceCsvReader
{
    /// <summary>Reads the file into a sequences dataset of shape [T, F], T steps of F features.</summary>
    /// <param name="csv">The file's bytes; read once, front to back, and left open.</param>
    /// <param name="options">The id, step and label columns, the separator and the row limit.</param>
    /// <param name="ct">Stops a long read.</param>
    /// <exception cref="DatasetFormatException">The file cannot be used; the message says why and where.</exception>
    public static Dataset Read(Stream csv, SequenceCsvOptions options, CancellationToken ct = default)
    {
        using var rows = Open(csv, options, ct);
        var (sequences, features) = ReadRows(rows);
        return Assemble(sequences, features, rows.FeatureNames);
    }

    /// <summary>
    /// Reads the header and returns the file's rows one at a time, unsorted and ungrouped, for a caller that groups
    /// them elsewhere (the upload sorts them in the database). Cells are checked as they are read.
    /// </summary>
    /// <inheritdoc cref="Read" path="/param"/>
    public static SequenceCsvRows Open(Stream csv, SequenceCsvOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        CsvFile.CheckSeparator(options.Separator);
        return new SequenceCsvRows(csv, options, ct);
    }

    private sealed class Sequence(string id, string? label, long firstLine)
    {
        public string Id { get; } = id;
        public string? Label { get; } = label;
        public long FirstLine { get; } = firstLine;
        public List<(double Step, int Row, long Line)> Steps { get; } = [];
    }

    private static (List<Sequence>, float[]) ReadRows(SequenceCsvRows rows)
    {
        var byId = new Dictionary<string, Sequence>(StringComparer.Ordinal);
        var order = new List<Sequence>();
        var features = new FloatChunkList();
        var values = new float[rows.FeatureNames.Count];
        int row = 0;
        while (rows.Read(values, out var cells))
        {
            if ((long)(row + 1) * values.Length > Array.MaxLength)
                throw DatasetFormatException.At(cells.Line, null, $"the dataset is too large: more than {Array.MaxLength} values.");
            if (!byId.TryGetValue(cells.Id, out var sequence))
            {
                sequence = new Sequence(cells.Id, cells.Label, cells.Line);
                byId.Add(cells.Id, sequence);
                order.Add(sequence);
            }
            else if (cells.Label != sequence.Label)
                throw SequenceProblems.LabelChanges(cells.Line, rows.LabelColumn!, cells.Id, cells.Label, sequence.Label, sequence.FirstLine);
            sequence.Steps.Add((cells.Step, row, cells.Line));
            features.AddRange(values);
            row++;
        }
        return (order, features.ToArray());
    }

    private static Dataset Assemble(List<Sequence> sequences, float[] rows, IReadOnlyList<string> featureNames)
    {
        int featureCount = featureNames.Count;
        var first = sequences[0];
        int steps = first.Steps.Count;
        var values = new float[(long)sequences.Count * steps * featureCount];
        for (int s = 0; s < sequences.Count; s++)
        {
            var sequence = sequences[s];
            // A stable sort keeps file order among equal steps, so of two duplicates the later line comes second.
            var ordered = sequence.Steps.OrderBy(x => x.Step).ToList();
            for (int t = 1; t < ordered.Count; t++)
            {
                if (ordered[t].Step == ordered[t - 1].Step)
                    throw SequenceProblems.DuplicateStep(ordered[t].Line, sequence.Id, ordered[t].Step, ordered[t - 1].Line);
            }
            if (ordered.Count != steps)
                throw SequenceProblems.StepCounts(sequence.Id, ordered.Count, first.Id, steps);
            for (int t = 0; t < steps; t++)
                rows.AsSpan(ordered[t].Row * featureCount, featureCount)
                    .CopyTo(values.AsSpan((int)(((long)s * steps + t) * featureCount), featureCount));
        }

        string[]? labels = first.Label is null ? null : [.. sequences.Select(s => s.Label!)];
        return new Dataset(DatasetKind.Sequences, [steps, featureCount], values, [.. sequences.Select(s => s.Id)], labels, featureNames);
    }
}
