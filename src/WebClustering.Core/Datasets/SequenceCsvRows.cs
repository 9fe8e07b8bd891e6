using System.Globalization;

namespace WebClustering.Core.Datasets;

/// <summary>Where one row of a long-format sequence file belongs: its sequence, step, label and line.</summary>
public readonly record struct SequenceRowCells(string Id, double Step, string? Label, long Line);

/// <summary>
/// The rows of a long-format sequence CSV in file order, each checked (id present, step a finite number, features
/// finite numbers); grouping rows into sequences is left to the caller.
/// </summary>
public sealed class SequenceCsvRows : IDisposable
{
    private readonly StreamReader text;
    private readonly CsvRecordReader records;
    private readonly CsvHeader header;
    private readonly long maxRows;
    private readonly CancellationToken ct;
    private readonly LabelPool labelPool = new();
    private long firstBlankLine;

    internal SequenceCsvRows(Stream csv, SequenceCsvOptions options, CancellationToken ct)
    {
        maxRows = options.MaxRows;
        this.ct = ct;
        text = CsvFile.OpenText(csv);
        try
        {
            records = new CsvRecordReader(text, options.Separator);
            CsvFile.ReadHeaderLine(records);
            header = CsvHeader.Parse(records, new CsvColumnRoles(options.IdColumn, options.LabelColumn, options.StepColumn));
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>The per-step feature columns, in file order.</summary>
    public IReadOnlyList<string> FeatureNames => header.FeatureNames;

    /// <summary>The label column's name, or null when none was named.</summary>
    public string? LabelColumn => header.LabelIndex >= 0 ? header.Names[header.LabelIndex] : null;

    /// <summary>Data rows read so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Reads the next row's features into <paramref name="features"/>; false at the end (a file without rows is refused there).</summary>
    public bool Read(Span<float> features, out SequenceRowCells cells)
    {
        cells = default;
        int fieldCount = header.Names.Length;
        if (!CsvFile.ReadDataRecord(records, fieldCount, ref firstBlankLine))
        {
            if (Rows == 0)
                throw new DatasetFormatException("The CSV file has a header but no data rows.");
            return false;
        }
        long line = records.LineNumber;
        if (Rows >= maxRows)
            throw DatasetFormatException.At(line, null, $"the file has more than {maxRows} data rows, the most accepted.");
        if (Rows % CsvFile.CancellationCheckInterval == 0)
            ct.ThrowIfCancellationRequested();

        string id = CsvCells.ReadIdText(records[header.IdIndex], line, header.Names[header.IdIndex]);
        double step = ReadStep(records[header.StepIndex], line, header.Names[header.StepIndex]);
        string? label = header.LabelIndex >= 0 ? labelPool.Get(records[header.LabelIndex].Trim()) : null;
        int feature = 0;
        for (int f = 0; f < fieldCount; f++)
            if (header.Roles[f] == CsvRole.Number)
                features[feature++] = CsvCells.ReadNumber(records[f], line, header.Names[f]);
        cells = new SequenceRowCells(id, step, label, line);
        Rows++;
        return true;
    }

    private static double ReadStep(ReadOnlySpan<char> cell, long line, string column)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double step) && double.IsFinite(step))
            return step;
        throw DatasetFormatException.At(line, column,
            $"the step {DatasetFormatException.Quote(cell.Trim())} is not a finite number. Steps are time indices such as 0, 1, 2.");
    }

    public void Dispose() => text.Dispose();
}

/// <summary>The messages for sequences that do not fit together, found by the upload's checks in the database.</summary>
public static class SequenceProblems
{
    public static DatasetFormatException LabelChanges(long line, string column, string id, string? label, string? firstLabel, long firstLine) =>
        DatasetFormatException.At(line, column,
            $"the sequence {DatasetFormatException.Quote(id)} has the label {DatasetFormatException.Quote(label)} here " +
            $"but {DatasetFormatException.Quote(firstLabel)} on line {firstLine}. A sequence has one label.");

    public static DatasetFormatException DuplicateStep(long line, string id, double step, long earlierLine) =>
        DatasetFormatException.At(line, null,
            $"the sequence {DatasetFormatException.Quote(id)} already has step " +
            $"{step.ToString(CultureInfo.InvariantCulture)} on line {earlierLine}. Each step may appear once per sequence.");

    public static DatasetFormatException StepCounts(string id, int steps, string firstId, int firstSteps) => new(
        $"The sequence {DatasetFormatException.Quote(id)} has {steps} steps, but " +
        $"{DatasetFormatException.Quote(firstId)} (the first in the file) has {firstSteps}. Every sequence must have the same number of steps.");
}
