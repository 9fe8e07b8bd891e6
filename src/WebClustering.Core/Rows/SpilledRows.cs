using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WebClustering.Core.Rows;

/// <summary>
/// Rows written once, in order, to a temporary file and read back a range or a row at a time. A streamed job encodes
/// its millions of rows into one, so that it holds none of their latent vectors: clustering, scoring, plotting and
/// storing read them back from the file, which the kernel's page cache keeps (outside the process, and given back
/// under memory pressure).
/// </summary>
/// <remarks>
/// The file is unlinked as soon as it is open, so a worker that crashes or is killed leaves nothing behind; where the
/// system refuses that (Windows), it is deleted when disposed. Appends come from one thread; reads may then come
/// from any number (positional reads share no file offset).
/// </remarks>
public sealed class SpilledRows : RowSource, IDisposable
{
    private readonly SafeFileHandle file;
    private readonly int cols;
    private int rows;

    /// <param name="directory">Where the file goes: the system's temporary folder (TMPDIR) by default.</param>
    public SpilledRows(int cols, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        this.cols = cols;
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"webclustering-{Guid.NewGuid():N}.rows");
        file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Open files cannot be unlinked here: DeleteOnClose removes it on Dispose instead.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public override int Rows => rows;

    public override int Cols => cols;

    /// <summary>Bytes written so far.</summary>
    public long Length => (long)rows * cols * sizeof(float);

    /// <summary>Appends whole rows (row-major) after the last one.</summary>
    public void Append(ReadOnlySpan<float> values)
    {
        if (values.Length % cols != 0)
            throw new ArgumentException($"{values.Length} values are not whole rows of {cols}.", nameof(values));
        RandomAccess.Write(file, MemoryMarshal.AsBytes(values), Length);
        rows += values.Length / cols;
    }

    public override void Read(int first, int count, Span<float> into)
    {
        if (first < 0 || count < 0 || first + count > rows)
            throw new ArgumentOutOfRangeException(nameof(first), $"Rows {first}..{first + count - 1} are outside the {rows} written.");
        var bytes = MemoryMarshal.AsBytes(into[..(count * cols)]);
        long offset = (long)first * cols * sizeof(float);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(file, bytes, offset);
            if (read == 0) throw new EndOfStreamException("The spill file ended before the rows written to it.");
            bytes = bytes[read..];
            offset += read;
        }
    }

    public override void ReadRow(int index, Span<float> into) => Read(index, 1, into);

    /// <summary>One read per row: a sample of thousands among millions of rows reads those rows, not the ranges around them.</summary>
    public override Matrix ReadRows(IReadOnlyList<int> indices)
    {
        var result = Matrix.Zeros(indices.Count, cols);
        for (int i = 0; i < indices.Count; i++) Read(indices[i], 1, result.Values.AsSpan(i * cols, cols));
        return result;
    }

    public void Dispose() => file.Dispose();
}
