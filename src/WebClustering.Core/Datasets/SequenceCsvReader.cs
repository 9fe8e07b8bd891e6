using System.Globalization;

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
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        CsvFile.CheckSeparator(options.Separator);

        using var text = CsvFile.OpenText(csv);
        var records = new CsvRecordReader(text, options.Separator);
        CsvFile.ReadHeaderLine(records);
        var header = CsvHeader.Parse(records, new CsvColumnRoles(options.IdColumn, options.LabelColumn, options.StepColumn));
        var (sequences, features) = ReadRows(records, header, options.MaxRows, ct);
        return Assemble(sequences, features, header.FeatureNames);
    }

    private sealed class Sequence(string id, string? label, long firstLine)
    {
        public string Id { get; } = id;
        public string? Label { get; } = label;
        public long FirstLine { get; } = firstLine;
        public List<(double Step, int Row, long Line)> Steps { get; } = [];
    }

    private static (List<Sequence>, float[]) ReadRows(CsvRecordReader records, CsvHeader header, long maxRows, CancellationToken ct)
    {
        int fieldCount = header.Names.Length;
        string idName = header.Names[header.IdIndex], stepName = header.Names[header.StepIndex];
        var byId = new Dictionary<string, Sequence>(StringComparer.Ordinal);
        var order = new List<Sequence>();
        var features = new FloatChunkList();
        var labelPool = new LabelPool();
        long firstBlankLine = 0;
        int rows = 0;

        while (CsvFile.ReadDataRecord(records, fieldCount, ref firstBlankLine))
        {
            long line = records.LineNumber;
            if (rows >= maxRows)
                throw DatasetFormatException.At(line, null, $"the file has more than {maxRows} data rows, the most accepted.");
            if ((long)(rows + 1) * header.FeatureNames.Length > Array.MaxLength)
                throw DatasetFormatException.At(line, null, $"the dataset is too large: more than {Array.MaxLength} values.");
            if (rows % CsvFile.CancellationCheckInterval == 0)
                ct.ThrowIfCancellationRequested();

            string id = CsvCells.ReadIdText(records[header.IdIndex], line, idName);
            double step = ReadStep(records[header.StepIndex], line, stepName);
            string? label = header.LabelIndex >= 0 ? labelPool.Get(records[header.LabelIndex].Trim()) : null;
            if (!byId.TryGetValue(id, out var sequence))
            {
                sequence = new Sequence(id, label, line);
                byId.Add(id, sequence);
                order.Add(sequence);
            }
            else if (label != sequence.Label)
                throw DatasetFormatException.At(line, header.Names[header.LabelIndex],
                    $"the sequence {DatasetFormatException.Quote(id)} has the label {DatasetFormatException.Quote(label)} here " +
                    $"but {DatasetFormatException.Quote(sequence.Label)} on line {sequence.FirstLine}. A sequence has one label.");
            sequence.Steps.Add((step, rows, line));

            for (int f = 0; f < fieldCount; f++)
                if (header.Roles[f] == CsvRole.Number)
                    features.Add(CsvCells.ReadNumber(records[f], line, header.Names[f]));
            rows++;
        }

        if (rows == 0)
            throw new DatasetFormatException("The CSV file has a header but no data rows.");
        return (order, features.ToArray());
    }

    private static double ReadStep(ReadOnlySpan<char> cell, long line, string column)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double step) && double.IsFinite(step))
            return step;
        throw DatasetFormatException.At(line, column,
            $"the step {DatasetFormatException.Quote(cell.Trim())} is not a finite number. Steps are time indices such as 0, 1, 2.");
    }

    private static Dataset Assemble(List<Sequence> sequences, float[] rows, string[] featureNames)
    {
        int featureCount = featureNames.Length;
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
                    throw DatasetFormatException.At(ordered[t].Line, null,
                        $"the sequence {DatasetFormatException.Quote(sequence.Id)} already has step " +
                        $"{ordered[t].Step.ToString(CultureInfo.InvariantCulture)} on line {ordered[t - 1].Line}. Each step may appear once per sequence.");
            }
            if (ordered.Count != steps)
                throw new DatasetFormatException(
                    $"The sequence {DatasetFormatException.Quote(sequence.Id)} has {ordered.Count} steps, but " +
                    $"{DatasetFormatException.Quote(first.Id)} (the first in the file) has {steps}. Every sequence must have the same number of steps.");
            for (int t = 0; t < steps; t++)
                rows.AsSpan(ordered[t].Row * featureCount, featureCount)
                    .CopyTo(values.AsSpan((int)(((long)s * steps + t) * featureCount), featureCount));
        }

        string[]? labels = first.Label is null ? null : [.. sequences.Select(s => s.Label!)];
        return new Dataset(DatasetKind.Sequences, [steps, featureCount], values, [.. sequences.Select(s => s.Id)], labels, featureNames);
    }
}
