using SixLabors.ImageSharp.PixelFormats;

namespace WebClustering.Core.Datasets.Tests;

public class ImageZipReaderTests
{
    [Fact]
    public void Resizes_rgb_images_to_the_requested_size_as_channel_first_raw_values()
    {
        var data = ImageZip.Read(ImageZip.Zip(("red.png", ImageZip.RedPng())), new ImageZipOptions(Width: 3, Height: 2, Channels: 3));

        Assert.Equal(DatasetKind.Images, data.Kind);
        Assert.Equal([3, 2, 3], data.ItemShape);
        Assert.Equal([255f, 255f, 255f, 255f, 255f, 255f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], data.Features);
        Assert.Equal(["red.png"], data.Ids);
        Assert.Null(data.Labels);
    }

    [Fact]
    public void Converts_colour_images_to_one_gray_channel_and_gray_images_to_three_equal_channels()
    {
        byte[] zip = ImageZip.Zip(("a.png", ImageZip.Png(3, 3, new Rgb24(100, 100, 100))), ("b.png", ImageZip.Png(5, 5, new L8(40))));

        var gray = ImageZip.Read(zip, new ImageZipOptions(2, 2, 1));
        var rgb = ImageZip.Read(zip, new ImageZipOptions(2, 2, 3));

        Assert.Equal([100f, 100f, 100f, 100f, 40f, 40f, 40f, 40f], gray.Features);
        Assert.All(rgb.Features.Skip(12), v => Assert.Equal(40f, v));
    }

    [Fact]
    public void Reads_jpeg_images()
    {
        var data = ImageZip.Read(ImageZip.Zip(("blue.JPG", ImageZip.Jpeg(8, 8, new Rgb24(0, 0, 200)))), new ImageZipOptions(2, 2, 3));

        Assert.All(data.Features[..4], v => Assert.InRange(v, 0f, 8f));
        Assert.All(data.Features[8..], v => Assert.InRange(v, 192f, 208f));
    }

    [Fact]
    public void Takes_labels_from_class_folders_and_ids_from_entry_paths_in_path_order()
    {
        byte[] zip = ImageZip.Zip(("dog/2.png", ImageZip.RedPng()), ("cat/1.png", ImageZip.RedPng()), ("train\\cat\\3.jpeg", ImageZip.Jpeg(2, 2, default)));

        var data = ImageZip.Read(zip);

        Assert.Equal(["cat/1.png", "dog/2.png", "train/cat/3.jpeg"], data.Ids);
        Assert.Equal(["cat", "dog", "cat"], data.Labels!);
    }

    [Fact]
    public void Ignores_macos_resource_forks_dotfiles_and_folder_entries()
    {
        byte[] zip = ImageZip.Zip(("cat/", []), ("cat/1.png", ImageZip.RedPng()), ("__MACOSX/cat/._1.png", [0, 1, 2]),
            (".DS_Store", [1]), ("cat/.thumbnail.png", [2]), (".git/config", [3]));

        var data = ImageZip.Read(zip);

        Assert.Equal(["cat/1.png"], data.Ids);
    }

    [Fact]
    public void Reads_an_archive_from_a_stream_that_cannot_seek()
    {
        byte[] zip = ImageZip.Zip(("a.png", ImageZip.RedPng()));

        var data = ImageZipReader.Read(new Csv.TrickleStream(zip), new ImageZipOptions(1, 1, 1));

        Assert.Single(data.Ids);
    }

    [Theory]
    [InlineData("../evil.png")]
    [InlineData("cat/../../evil.png")]
    [InlineData("..\\evil.png")]
    [InlineData("/etc/evil.png")]
    [InlineData("C:/evil.png")]
    public void Refuses_entry_paths_that_escape_the_archive(string name)
    {
        var error = ImageZip.Fails(ImageZip.Zip(("ok.png", ImageZip.RedPng()), (name, ImageZip.RedPng())));

        Assert.Equal($"The archive entry '{name}' has an unsafe path (absolute, or going up with '..'); every entry must stay inside the archive.", error.Message);
    }

    [Fact]
    public void Refuses_a_non_image_entry_naming_it()
    {
        var error = ImageZip.Fails(ImageZip.Zip(("cat/1.png", ImageZip.RedPng()), ("cat/notes.txt", [1, 2])));

        Assert.StartsWith("The archive entry 'cat/notes.txt' is not a PNG or JPEG image", error.Message);
    }

    [Fact]
    public void Refuses_an_undecodable_image_naming_it()
    {
        var garbage = ImageZip.Fails(ImageZip.Zip(("a.png", ImageZip.RedPng()), ("b.png", "not a png"u8.ToArray())));
        var truncated = ImageZip.Fails(ImageZip.Zip(("c.png", ImageZip.Png(64, 64, new Rgb24(1, 2, 3))[..60])));

        Assert.Contains("'b.png'", garbage.Message);
        Assert.Contains("'c.png'", truncated.Message);
    }

    [Fact]
    public void Refuses_an_archive_without_images()
    {
        var error = ImageZip.Fails(ImageZip.Zip(("empty/", []), (".DS_Store", [1])));

        Assert.Equal("The archive holds no PNG or JPEG images.", error.Message);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_a_zip()
    {
        Assert.StartsWith("The file is not a readable ZIP archive", ImageZip.Fails(ImageZip.RedPng()).Message);
    }

    [Fact]
    public void Refuses_more_entries_than_the_limit()
    {
        byte[] zip = ImageZip.Zip([.. Enumerable.Range(0, 4).Select(i => ($"{i}.png", ImageZip.RedPng()))]);

        var error = ImageZip.Fails(zip, new ImageZipOptions(2, 2, 1, MaxEntries: 3));

        Assert.Equal("The archive has 4 entries; at most 3 are accepted.", error.Message);
    }

    [Fact]
    public void Refuses_more_uncompressed_bytes_than_the_limit()
    {
        byte[] zip = ImageZip.Zip(("a.png", ImageZip.RedPng()), ("bomb.png", new byte[1 << 20]));

        var error = ImageZip.Fails(zip, new ImageZipOptions(2, 2, 1, MaxTotalBytes: 100_000));

        Assert.StartsWith("The archive's images hold more than 100000 bytes once uncompressed", error.Message);
    }

    [Fact]
    public void Counts_the_bytes_actually_decompressed_not_the_sizes_the_archive_claims()
    {
        byte[] stored = ImageZip.Zip(System.IO.Compression.CompressionLevel.NoCompression, ("bomb.png", new byte[1 << 20]));
        byte[] zip = ImageZip.ClaimingUncompressedSize(stored, claimed: 10);

        var error = ImageZip.Fails(zip, new ImageZipOptions(2, 2, 1, MaxTotalBytes: 100_000));

        Assert.StartsWith("The archive's images hold more than 100000 bytes once uncompressed", error.Message);
    }

    [Fact]
    public void Refuses_an_entry_whose_claimed_size_alone_exceeds_the_limit_without_reading_it()
    {
        byte[] zip = ImageZip.ClaimingUncompressedSize(ImageZip.Zip(("a.png", ImageZip.RedPng())), claimed: 1u << 31);

        var error = ImageZip.Fails(zip, new ImageZipOptions(2, 2, 1, MaxTotalBytes: 100_000));

        Assert.StartsWith("The archive's images hold more than 100000 bytes once uncompressed", error.Message);
    }

    [Fact]
    public void Refuses_an_image_with_more_pixels_than_the_limit_before_decoding_it()
    {
        var error = ImageZip.Fails(ImageZip.Zip(("big.png", ImageZip.Png(40, 30, new L8(0)))), new ImageZipOptions(2, 2, 1, MaxImagePixels: 1000));

        Assert.Equal("The image 'big.png' is 40 x 30 pixels; at most 1000 pixels per image are accepted.", error.Message);
    }

    [Fact]
    public void Refuses_images_both_in_class_folders_and_at_the_top()
    {
        var error = ImageZip.Fails(ImageZip.Zip(("cat/1.png", ImageZip.RedPng()), ("2.png", ImageZip.RedPng())));

        Assert.StartsWith("The image '2.png' is at the top of the archive while others sit in class folders (e.g. 'cat/1.png')", error.Message);
    }

    [Fact]
    public void Refuses_two_entries_with_the_same_path()
    {
        var error = ImageZip.Fails(ImageZip.Zip(("a.png", ImageZip.RedPng()), ("a.png", ImageZip.RedPng())));

        Assert.Equal("The archive has two entries named 'a.png'; image paths must be unique.", error.Message);
    }

    [Fact]
    public void Refuses_a_result_larger_than_the_value_limit_before_decoding()
    {
        var error = ImageZip.Fails(ImageZip.Zip(("a.png", ImageZip.RedPng()), ("b.png", ImageZip.RedPng())),
            new ImageZipOptions(10, 10, 3, MaxValues: 500));

        Assert.StartsWith("The archive has 2 images of 3 x 10 x 10 values; at most 500 values in all are accepted.", error.Message);
    }

    [Theory]
    [InlineData(0, 28, 1)]
    [InlineData(28, 2000, 1)]
    [InlineData(28, 28, 2)]
    public void Refuses_a_requested_size_or_channel_count_out_of_range(int width, int height, int channels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ImageZip.Read(ImageZip.Zip(("a.png", ImageZip.RedPng())), new ImageZipOptions(width, height, channels)));
    }
}
