namespace WebClustering.Storage.Datasets;

/// <summary>
/// The staged rows of a sequence upload do not fit together. Storage only says what the database found; the
/// message shown to the client (line, column, values) is written by the caller from <see cref="Mismatch"/>.
/// </summary>
public sealed class SequenceMismatchException(SequenceMismatch mismatch)
    : Exception($"The sequences do not fit together: {mismatch}.")
{
    public SequenceMismatch Mismatch { get; } = mismatch;
}

/// <summary>What the database's checks of a staged sequence upload found; lines count the header as line 1.</summary>
public abstract record SequenceMismatch;

/// <summary>The row on <paramref name="Line"/> has another label than its sequence's first row, on <paramref name="FirstLine"/>.</summary>
public sealed record SequenceLabelChanged(long Line, string LabelColumn, string Id, string? Label, string? FirstLabel, long FirstLine)
    : SequenceMismatch;

/// <summary>The row on <paramref name="Line"/> repeats a step its sequence already had on <paramref name="EarlierLine"/>.</summary>
public sealed record SequenceStepRepeated(long Line, string Id, double Step, long EarlierLine) : SequenceMismatch;

/// <summary>The sequence <paramref name="Id"/> has another number of steps than the file's first sequence.</summary>
public sealed record SequenceStepCountsDiffer(string Id, int Steps, string FirstId, int FirstSteps) : SequenceMismatch;
