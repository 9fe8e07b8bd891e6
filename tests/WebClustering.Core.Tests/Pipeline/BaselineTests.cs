using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;
using WebClustering.Core.Pipeline;

namespace WebClustering.Core.Tests.Pipeline;

public class BaselineTests
{
    [Fact]
    public void The_baseline_k_means_is_a_plain_k_means_of_the_preprocessed_rows()
    {
        var (data, truth) = TestData.Blobs(60, 3, 6, spread: 2.5, separation: 3.0, seed: 4);
        var labels = truth.Select(t => (string?)$"c{t}").ToArray();

        var baseline = Baseline.Run(data, labels, k: 3, latentDim: 2, seed: 7)!;

        var expected = KMeans.Fit(data, new KMeansOptions(3, NInit: 10, Seed: 7));
        Assert.Equal(ExternalMetrics.Accuracy(ClassLabels.Encode(labels), expected.Labels), baseline.KMeans.Accuracy!.Value, 12);
        Assert.Equal(expected.Inertia, baseline.KMeans.Inertia, 6);
        Assert.Equal((180, 3, 2), (baseline.Rows, baseline.K, baseline.PcaComponents));
        Assert.NotNull(baseline.PcaKMeans.Nmi);
    }

    [Fact]
    public void Large_datasets_are_sampled_evenly_and_small_ones_kept_whole()
    {
        Assert.Equal(Enumerable.Range(0, 100), Baseline.Sample(100));
        var sample = Baseline.Sample(Baseline.MaxRows * 3 + 1);
        Assert.Equal(Baseline.MaxRows, sample.Length);
        Assert.Equal((0, 3, 6), (sample[0], sample[1], sample[2]));
    }

    [Fact]
    public void Fewer_than_two_clusters_have_no_baseline()
    {
        var (data, _) = TestData.Blobs(10, 2, 3);
        Assert.Null(Baseline.Run(data, null, k: 1, latentDim: 2, seed: 0));
    }
}
