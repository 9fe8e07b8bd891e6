namespace WebClustering.Core.Datasets.Tests;

public class NpyDatasetReaderTests
{
    [Fact]
    public void Reads_a_two_dimensional_float32_array_as_a_table()
    {
        var data = Npy.Read(Npy.Float32("(2, 3)", 1, 2, 3, 4, 5, 6.5f));

        Assert.Equal(DatasetKind.Table, data.Kind);
        Assert.Equal([3], data.ItemShape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6.5f], data.Features);
        Assert.Equal(["0", "1"], data.Ids);
        Assert.Null(data.Labels);
        Assert.Null(data.FeatureNames);
    }

    [Fact]
    public void Reads_a_three_dimensional_float64_array_as_sequences_of_steps_by_features()
    {
        var data = Npy.Read(Npy.Float64("(1, 2, 2)", 0.5, -1, 1e10, 3));

        Assert.Equal(DatasetKind.Sequences, data.Kind);
        Assert.Equal([2, 2], data.ItemShape);
        Assert.Equal([0.5f, -1f, 1e10f, 3f], data.Features);
    }

    [Fact]
    public void Reads_a_four_dimensional_uint8_array_as_channel_first_images_keeping_raw_values()
    {
        var data = Npy.Read(Npy.UInt8("(2, 3, 1, 2)", 250, 251, 252, 253, 254, 255, 0, 1, 2, 3, 4, 5));

        Assert.Equal(DatasetKind.Images, data.Kind);
        Assert.Equal([3, 1, 2], data.ItemShape);
        Assert.Equal([250f, 251f, 252f, 253f, 254f, 255f], data.Features[..6]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_format_versions_1_2_and_3(int major)
    {
        byte[] file = Npy.File(Npy.Header("<f4", "(1, 1)"), BitConverter.GetBytes(7f), major);

        Assert.Equal([7f], Npy.Read(file).Features);
    }

    [Fact]
    public void Accepts_python_2_long_integers_and_keys_in_any_order()
    {
        byte[] file = Npy.File("{'shape': (1L, 2L), 'fortran_order': False, 'descr': '|u1'}", [3, 4]);

        Assert.Equal([3f, 4f], Npy.Read(file).Features);
    }

    [Theory]
    [InlineData("<i8")]
    [InlineData(">f4")]
    [InlineData("<f2")]
    public void Refuses_other_dtypes_naming_them(string descr)
    {
        var error = Npy.Fails(Npy.File(Npy.Header(descr, "(1, 1)"), new byte[8]));

        Assert.StartsWith($"The NPY array has dtype '{descr}'", error.Message);
        Assert.Contains("only float32 ('<f4'), float64 ('<f8') and uint8 ('|u1') are supported", error.Message);
    }

    [Fact]
    public void Refuses_a_structured_dtype()
    {
        var error = Npy.Fails(Npy.File("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1, 1), }", new byte[4]));

        Assert.Contains("structured dtype", error.Message);
    }

    [Fact]
    public void Refuses_fortran_order()
    {
        var error = Npy.Fails(Npy.File(Npy.Header("<f4", "(1, 1)", fortran: "True"), new byte[4]));

        Assert.StartsWith("The NPY array is stored in Fortran (column-major) order", error.Message);
    }

    [Theory]
    [InlineData("(4,)", "1 dimension (shape (4,))")]
    [InlineData("(1, 1, 1, 1, 4)", "5 dimensions (shape (1, 1, 1, 1, 4))")]
    [InlineData("()", "0 dimensions (shape ())")]
    public void Refuses_arrays_of_other_ranks(string shape, string said)
    {
        var error = Npy.Fails(Npy.File(Npy.Header("|u1", shape), new byte[4]));

        Assert.StartsWith($"The NPY array has {said}", error.Message);
    }

    [Fact]
    public void Refuses_an_empty_array()
    {
        Assert.Equal("The NPY array is empty (shape (0, 3)).", Npy.Fails(Npy.File(Npy.Header("<f4", "(0, 3)"), [])).Message);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_npy_and_points_at_npz_archives()
    {
        var notNpy = Npy.Fails("hello, world"u8.ToArray());
        var npz = Npy.Fails([(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]);

        Assert.Equal("The file is not an NPY array: it should start with the bytes \\x93NUMPY.", notNpy.Message);
        Assert.Contains("ZIP archive (an .npz file?)", npz.Message);
    }

    [Fact]
    public void Refuses_an_unknown_format_version()
    {
        byte[] file = Npy.Float32("(1, 1)", 1);
        file[6] = 4;

        Assert.Equal("NPY format version 4.0 is not supported; versions 1.0, 2.0 and 3.0 are.", Npy.Fails(file).Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), ", "not a valid Python dictionary")]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "must have exactly the keys")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'extra': 1}", "must have exactly the keys")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1, 1)}", "'fortran_order' must be True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 'a')}", "'shape' must be a tuple of integers")]
    [InlineData("__import__('os')", "not a valid Python dictionary")]
    public void Refuses_a_malformed_header(string header, string problem)
    {
        Assert.Contains(problem, Npy.Fails(Npy.File(header, new byte[4])).Message);
    }

    [Fact]
    public void Refuses_a_header_that_does_not_end_with_a_line_break()
    {
        byte[] file = Npy.Float32("(1, 1)", 1);
        file[^5] = (byte)' ';

        Assert.Contains("does not end with a line break", Npy.Fails(file).Message);
    }

    [Fact]
    public void Refuses_truncated_data_saying_how_many_bytes_were_expected()
    {
        byte[] file = Npy.Float32("(2, 3)", 1, 2, 3, 4, 5, 6)[..^4];

        Assert.Equal("The NPY file is truncated: shape (2, 3) of dtype '<f4' needs 24 bytes of data after the 128-byte header, " +
                     "but only 20 follow.", Npy.Fails(file).Message);
    }

    [Fact]
    public void Refuses_a_truncated_header()
    {
        Assert.Contains("its header should be 118 bytes long, but only 10 follow", Npy.Fails(Npy.Float32("(1, 1)", 1)[..20]).Message);
    }

    [Fact]
    public void Refuses_data_beyond_what_the_shape_needs()
    {
        Assert.Contains("longer than its header says", Npy.Fails([.. Npy.Float32("(1, 1)", 1), 0]).Message);
    }

    [Fact]
    public void Refuses_non_finite_values_naming_the_item()
    {
        var nan = Npy.Fails(Npy.Float32("(2, 2)", 1, 2, 3, float.NaN));
        var tooLarge = Npy.Fails(Npy.Float64("(1, 1)", 1e300));

        Assert.StartsWith("Item 1 (counting from 0) has a value that is not a finite number at position 1", nan.Message);
        Assert.StartsWith("Item 0", tooLarge.Message);
    }

    [Fact]
    public void Refuses_more_values_than_the_limit_before_reading_them()
    {
        var error = Npy.Fails(Npy.File(Npy.Header("<f4", "(100000, 100000)"), []), new NpyReadOptions(MaxValues: 100));

        Assert.Contains("has more than 100 values, the most accepted", error.Message);
    }
}
