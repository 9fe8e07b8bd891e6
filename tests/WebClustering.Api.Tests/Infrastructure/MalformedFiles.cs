using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>Broken, lying and hostile files, built byte by byte, for the malformed-input tests.</summary>
public static class MalformedFiles
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A gzip stream cut off half-way: its deflate data ends early and its trailer is missing.</summary>
    public static byte[] TruncatedGzip(byte[] data)
    {
        byte[] gzip = DatasetFiles.Gzip(data);
        return gzip[..(gzip.Length / 2)];
    }

    /// <summary>A gzip stream whose compressed bytes are overwritten in the middle.</summary>
    public static byte[] CorruptGzip(byte[] data)
    {
        byte[] gzip = DatasetFiles.Gzip(data);
        for (int i = gzip.Length / 3; i < gzip.Length / 3 + 16; i++) gzip[i] = 0xFF;
        return gzip;
    }

    /// <summary>A ZIP whose entries (file name, bytes) are written as given, names included (e.g. "../x.png").</summary>
    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(bytes);
            }
        return buffer.ToArray();
    }

    /// <summary>Rewrites every entry's declared uncompressed size (local header and central directory) to <paramref name="claimed"/>.</summary>
    public static byte[] ClaimingUncompressedSize(byte[] zip, uint claimed)
    {
        byte[] patched = [.. zip];
        for (int i = 0; i + 4 <= patched.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(i));
            if (signature == 0x04034b50) BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(i + 22), claimed);
            else if (signature == 0x02014b50) BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(i + 24), claimed);
        }
        return patched;
    }

    /// <summary>The start of a PNG that declares the given size (signature, IHDR and IEND, no pixels): a decompression bomb's header.</summary>
    public static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 (grey), compression, filter, interlace 0
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>An NPY file (format 1.0) with any dtype text, shape and payload.</summary>
    public static byte[] Npy(string descr, string shape, byte[] payload, bool fortran = false)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int padded = (10 + header.Length + 1 + 63) / 64 * 64 - 10;
        byte[] text = Encoding.Latin1.GetBytes(header.PadRight(padded - 1) + "\n");
        byte[] file = new byte[10 + text.Length + payload.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)text.Length);
        text.CopyTo(file, 10);
        payload.CopyTo(file, 10 + text.Length);
        return file;
    }

    /// <summary>An IDX header with any magic number and dimensions, followed by <paramref name="payload"/>.</summary>
    public static byte[] Idx(uint magic, int[] dims, byte[] payload)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dims[i]);
        return [.. header, .. payload];
    }
}
