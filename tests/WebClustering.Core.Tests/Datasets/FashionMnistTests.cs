namespace WebClustering.Core.Datasets.Tests;

public class FashionMnistTests
{
    // Debian's dataset-fashion-mnist package; CI may not have it, so the test falls back to a generated file.
    private const string Folder = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void Reads_the_fashion_mnist_test_set_as_28_by_28_images_with_labels_0_to_9()
    {
        string images = Path.Combine(Folder, "t10k-images-idx3-ubyte.gz");
        string labels = Path.Combine(Folder, "t10k-labels-idx1-ubyte.gz");
        bool real = File.Exists(images) && File.Exists(labels);
        // The stand-in has the same layout: gzipped, 28 x 28, labels 0..9.
        using Stream imageStream = real ? File.OpenRead(images) : new MemoryStream(Idx.Gzip(Idx.Images(20, 28, 28)));
        using Stream labelStream = real ? File.OpenRead(labels)
            : new MemoryStream(Idx.Gzip(Idx.Labels([.. Enumerable.Range(0, 20).Select(i => (byte)(i % 10))])));

        var data = IdxDatasetReader.Read(imageStream, labelStream);

        Assert.Equal([1, 28, 28], data.ItemShape);
        Assert.Equal(real ? 10_000 : 20, data.Rows);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), data.Labels!.Distinct().Order());
        Assert.All(data.Features, v => Assert.InRange(v, 0f, 255f));
        if (real)
        {
            Assert.Equal("9", data.Labels![0]); // the first test image is an ankle boot
            Assert.Equal(1000, data.Labels.Count(l => l == "0")); // 1000 of each class
            Assert.Equal(255f, data.Features.Max());
        }
    }
}
