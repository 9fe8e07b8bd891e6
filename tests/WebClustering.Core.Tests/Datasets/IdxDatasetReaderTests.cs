namespace WebClustering.Core.Datasets.Tests;

public class IdxDatasetReaderTests
{
    [Fact]
    public void Reads_images_as_one_channel_items_keeping_raw_pixel_values()
    {
        var data = Idx.Read(Idx.Images(count: 3, height: 2, width: 4));

        Assert.Equal(DatasetKind.Images, data.Kind);
        Assert.Equal([1, 2, 4], data.ItemShape);
        Assert.Equal(3, data.Rows);
        Assert.Equal([16f, 17f, 18f, 19f, 20f, 21f, 22f, 23f], data.Features.AsSpan(8, 8).ToArray());
        Assert.Equal(["0", "1", "2"], data.Ids);
        Assert.Null(data.Labels);
        Assert.Null(data.FeatureNames);
    }

    [Fact]
    public void Reads_labels_from_the_separate_labels_file_as_text()
    {
        var data = Idx.Read(Idx.Images(3, 1, 1), Idx.Labels(9, 0, 255));

        Assert.Equal(["9", "0", "255"], data.Labels!);
    }

    [Fact]
    public void Reads_gzipped_files_detected_by_their_magic_bytes_alongside_plain_ones()
    {
        var plain = Idx.Read(Idx.Images(5, 3, 3), Idx.Labels(1, 2, 3, 4, 5));
        var zipped = Idx.Read(Idx.Gzip(Idx.Images(5, 3, 3)), Idx.Labels(1, 2, 3, 4, 5));
        var bothZipped = Idx.Read(Idx.Gzip(Idx.Images(5, 3, 3)), Idx.Gzip(Idx.Labels(1, 2, 3, 4, 5)));

        Assert.Equal(plain.Features, zipped.Features);
        Assert.Equal(plain.Labels!, bothZipped.Labels!);
    }

    [Fact]
    public void Refuses_an_images_file_with_a_wrong_magic_number_saying_which_was_expected()
    {
        var error = Idx.Fails([0x50, 0x4b, 0x03, 0x04, .. new byte[12]]);

        Assert.Equal("The images file is not an IDX images file: it should start with the magic number 0x00000803 " +
                     "(unsigned bytes in 3 dimensions: count, height, width), but starts with 0x504B0304.", error.Message);
    }

    [Fact]
    public void Refuses_a_labels_file_given_as_the_images_pointing_at_the_swap()
    {
        var error = Idx.Fails(Idx.Labels(1, 2), Idx.Images(2, 1, 1));

        Assert.Contains("starts with 0x00000801, which is a labels file: were the two files swapped?", error.Message);
    }

    [Fact]
    public void Refuses_a_labels_file_with_a_wrong_magic_number()
    {
        var error = Idx.Fails(Idx.Images(2, 1, 1), [.. Idx.Header(0x00000802, 2), 1, 2]);

        Assert.Contains("The labels file is not an IDX labels file: it should start with the magic number 0x00000801", error.Message);
    }

    [Fact]
    public void Refuses_images_in_another_number_of_dimensions_or_another_value_type()
    {
        var fourDims = Idx.Fails([.. Idx.Header(0x00000804, 1, 1, 1, 3), 1, 2, 3]);
        var floats = Idx.Fails([.. Idx.Header(0x00000D03, 1, 1, 1), 0, 0, 0, 0]);

        Assert.EndsWith("starts with 0x00000804 (an IDX file of unsigned bytes in 4 dimensions).", fourDims.Message);
        Assert.EndsWith("starts with 0x00000D03 (an IDX file of 32-bit floats in 3 dimensions).", floats.Message);
    }

    [Fact]
    public void Refuses_a_file_that_ends_inside_its_header()
    {
        var error = Idx.Fails(Idx.Images(1, 2, 2)[..10]);

        Assert.Equal("The images file is truncated: an IDX images header is 16 bytes, but the file has only 10.", error.Message);
    }

    [Fact]
    public void Refuses_truncated_pixels_saying_how_many_bytes_were_expected()
    {
        var error = Idx.Fails(Idx.Images(3, 2, 2)[..^5]);

        Assert.Equal("The images file is truncated: its header declares 3 images of 2 x 2 pixels, so 12 bytes should " +
                     "follow the 16-byte header, but only 7 do.", error.Message);
    }

    [Fact]
    public void Refuses_a_truncated_gzipped_file_counting_the_decompressed_bytes()
    {
        var error = Idx.Fails(Idx.Gzip(Idx.Images(3, 2, 2)[..^1]));

        Assert.Contains("12 bytes should follow the 16-byte header (once decompressed), but only 11 do.", error.Message);
    }

    [Fact]
    public void Refuses_a_file_longer_than_its_header_declares()
    {
        var error = Idx.Fails([.. Idx.Images(2, 2, 2), 0]);

        Assert.Contains("longer than its header says", error.Message);
    }

    [Fact]
    public void Refuses_a_labels_file_whose_count_differs_from_the_images()
    {
        var error = Idx.Fails(Idx.Images(3, 1, 1), Idx.Labels(1, 2));

        Assert.Equal("The labels file has 2 labels but the images file has 3 images; each image needs exactly one label.", error.Message);
    }

    [Fact]
    public void Refuses_a_truncated_labels_file()
    {
        var error = Idx.Fails(Idx.Images(3, 1, 1), [.. Idx.Header(0x00000801, 3), 1]);

        Assert.Equal("The labels file is truncated: its header declares 3 labels, so 3 bytes should follow the 8-byte header, but only 1 do.", error.Message);
    }

    [Fact]
    public void Refuses_a_zero_dimension()
    {
        var error = Idx.Fails(Idx.Header(0x00000803, 5, 0, 28));

        Assert.Equal("The images file declares a height of 0; it holds no data.", error.Message);
    }

    [Fact]
    public void Refuses_more_pixels_than_the_limit_before_reading_them()
    {
        var error = Idx.Fails(Idx.Header(0x00000803, 60000, 1000, 1000), options: new IdxReadOptions(MaxValues: 1000));

        Assert.Contains("60000000000 values in all; at most 1000 are accepted", error.Message);
    }

    [Fact]
    public void Refuses_corrupt_gzip_data()
    {
        byte[] zipped = Idx.Gzip(Idx.Images(4, 8, 8));
        zipped.AsSpan(10, zipped.Length - 18).Fill(0xff);

        var error = Idx.Fails(zipped);

        Assert.StartsWith("The images file starts like a gzip file (bytes 1f 8b), but its compressed data is corrupt", error.Message);
    }
}
