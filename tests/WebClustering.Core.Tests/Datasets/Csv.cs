using System.Text;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>Helpers that feed CSV text to the table upload's reader as the bytes of an upload.</summary>
internal static class Csv
{
    public static Dataset Read(string text, CsvTableOptions? options = null) => Read(Utf8(text), options);

    public static Dataset Read(Stream csv, CsvTableOptions? options = null, CancellationToken ct = default)
    {
        using var reader = CsvTableReader.Open(csv, options ?? new CsvTableOptions(), ct);
        return reader.ReadAll();
    }

    public static DatasetFormatException Fails(string text, CsvTableOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => Read(text, options));

    public static MemoryStream Utf8(string text) => new(new UTF8Encoding(false).GetBytes(text));

    /// <summary>
    /// Hands out one byte per Read call, so every buffer boundary of the parser (inside quotes,
    /// between CR and LF, inside multi-byte characters) gets exercised.
    /// </summary>
    public sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= data.Length || count == 0) return 0;
            buffer[offset] = data[_position++];
            return 1;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
