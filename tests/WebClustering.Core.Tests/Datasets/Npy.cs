using System.Buffers.Binary;
using System.Text;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>Writes NPY files the way numpy.save does, so the tests need no Python.</summary>
internal static class Npy
{
    public static byte[] Float32(string shape, params float[] values)
    {
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        return File(Header("<f4", shape), data);
    }

    public static byte[] Float64(string shape, params double[] values)
    {
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        return File(Header("<f8", shape), data);
    }

    public static byte[] UInt8(string shape, params byte[] values) => File(Header("|u1", shape), values);

    public static string Header(string descr, string shape, string fortran = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}";

    /// <summary>Magic, version, header length, then the header padded with spaces and a line break to a multiple of 64.</summary>
    public static byte[] File(string header, byte[] data, int major = 1)
    {
        int lengthSize = major == 1 ? 2 : 4;
        int preamble = 8 + lengthSize;
        int padded = (preamble + header.Length + 1 + 63) / 64 * 64 - preamble;
        byte[] text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header.PadRight(padded - 1) + "\n");
        var prefix = new byte[preamble];
        prefix[0] = 0x93;
        "NUMPY"u8.CopyTo(prefix.AsSpan(1));
        prefix[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(8), (uint)text.Length);
        return [.. prefix, .. text, .. data];
    }

    public static Dataset Read(byte[] file, NpyReadOptions? options = null) => NpyDatasetReader.Read(new MemoryStream(file), options);

    public static DatasetFormatException Fails(byte[] file, NpyReadOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => Read(file, options));
}
