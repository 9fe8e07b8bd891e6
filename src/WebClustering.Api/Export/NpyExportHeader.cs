using System.Text;

namespace WebClustering.Api.Export;

/// <summary>The header the exports write before an NPY (format 1.0) array (Core/Datasets/NpyHeader reads uploads): magic, version, and a padded Python dict describing the array.</summary>
public static class NpyExportHeader
{
    public static byte[] Create(string descr, params long[] shape)
    {
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic (6) + version (2) + length (2) + dict + padding + '\n' must be a multiple of 64 bytes.
        int unpadded = 10 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        var text = dict + new string(' ', padding) + "\n";
        var header = new byte[10 + text.Length];
        header[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(header, 1);
        header[6] = 1;
        header[7] = 0;
        BitConverter.GetBytes((ushort)text.Length).CopyTo(header, 8);
        Encoding.ASCII.GetBytes(text).CopyTo(header, 10);
        return header;
    }
}
