using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;
using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Tests;

public class DensityClusteringTests
{
    [Fact]
    public void Dbscan_labels_cores_borders_and_noise_as_worked_by_hand()
    {
        // eps 0.5, min_samples 3 (self included). Within-eps counts: 0 -> 2, 0.3 -> 3, 0.6 -> 3, 0.9 -> 3 (1.3 is
        // 0.4 away), 1.3 -> 2, 2.5 -> 1, 5 -> 2, 5.3 -> 3, 5.6 -> 2. So cores 0.3, 0.6, 0.9, 5.3; 0 and 1.3 border
        // the first cluster, 5 and 5.6 the second, and 2.5 is noise.
        var data = TestData.Column(0, 0.3f, 0.6f, 0.9f, 1.3f, 2.5f, 5, 5.3f, 5.6f);
        var result = Dbscan.Fit(data, new DbscanOptions(Eps: 0.5, MinSamples: 3));

        Assert.Equal(new[] { 0, 0, 0, 0, 0, -1, 1, 1, 1 }, result.Labels);
        Assert.Equal(new[] { 1, 2, 3, 7 }, result.CoreRows);
        Assert.Equal(2, result.Clusters);
        Assert.Equal(1, result.NoiseCount);
    }

    [Fact]
    public void Dbscan_with_min_samples_one_makes_every_row_core_and_nothing_noise()
    {
        var data = TestData.Embed(new float[] { 0, 0.3f, 2.5f, 5, 5.3f, 9 }, dims: 11);
        var result = Dbscan.Fit(data, new DbscanOptions(Eps: 0.5, MinSamples: 1));
        Assert.Equal(new[] { 0, 0, 1, 2, 2, 3 }, result.Labels);
        Assert.Equal(0, result.NoiseCount);
    }

    [Fact]
    public void Dbscan_finds_blobs_and_rejects_a_bad_eps()
    {
        var (data, truth) = TestData.Blobs(new[] { 60, 80 }, dims: 3, spread: 10, std: 0.5, seed: 2);
        var result = Dbscan.Fit(data, new DbscanOptions(Eps: 1.0, MinSamples: 4));
        Assert.Equal(2, result.Clusters);
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, result.Labels.Select(l => Math.Max(l, 0)).ToArray()), 1);
        Assert.Throws<ArgumentException>(() => Dbscan.Fit(data, new DbscanOptions(Eps: 0)));
    }

    [Fact]
    public void Hdbscan_finds_three_blobs_in_uniform_noise_and_calls_most_of_the_noise_noise()
    {
        var (blobs, blobTruth) = TestData.Blobs(new[] { 100, 100, 100 }, dims: 2, spread: 10, std: 0.5, seed: 4);
        var rng = new Random(9);
        var values = blobs.Values.ToList();
        for (int i = 0; i < 40; i++)
        {
            values.Add((float)(rng.NextDouble() * 40 - 20));
            values.Add((float)(rng.NextDouble() * 40 - 20));
        }
        var data = new Matrix(values.ToArray(), 340, 2);

        var result = Hdbscan.Fit(data, new HdbscanOptions(MinClusterSize: 15));

        Assert.Equal(3, result.Clusters);
        int[] blobLabels = result.Labels[..300];
        Assert.True(blobLabels.Count(l => l < 0) <= 15, $"{blobLabels.Count(l => l < 0)} blob rows called noise");
        int[] kept = Enumerable.Range(0, 300).Where(i => blobLabels[i] >= 0).ToArray();
        Assert.Equal(1.0, ExternalMetrics.AdjustedRandIndex(kept.Select(i => blobTruth[i]).ToArray(), kept.Select(i => blobLabels[i]).ToArray()), 6);
        // Uniform rows that a cluster's subtree absorbs before it splits off are (correctly, as in the hdbscan library)
        // labelled with it, so not all of them are noise; most are.
        Assert.True(result.Labels[300..].Count(l => l < 0) >= 24, $"only {result.Labels[300..].Count(l => l < 0)} of 40 noise rows are noise");
        Assert.Equal(result.Labels.Count(l => l < 0), result.NoiseCount);
    }

    [Fact]
    public void Hdbscan_keeps_two_tight_groups_whole_and_never_selects_the_root()
    {
        var data = TestData.Column(0, 0.1f, 0.2f, 0.3f, 0.4f, 10, 10.1f, 10.2f, 10.3f, 10.4f);
        var result = Hdbscan.Fit(data, new HdbscanOptions(MinClusterSize: 3));
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 }, result.Labels);

        // One group only: the root is the only candidate and is never selected, so everything is noise.
        var single = Hdbscan.Fit(TestData.Column(0, 0.1f, 0.2f, 0.3f, 0.4f), new HdbscanOptions(MinClusterSize: 3));
        Assert.All(single.Labels, l => Assert.Equal(-1, l));
    }

    [Fact]
    public void Exact_neighbours_are_sorted_skip_the_row_itself_and_break_ties_by_row()
    {
        var data = TestData.Embed(new float[] { 0, 1, 3, 4, 2 }, dims: 9);
        var graph = ExactNeighbors.Query(data, 2);
        // Row 4 (at 2) has rows 1 and 2 both at distance 1: the lower row first.
        Assert.Equal(new[] { 1, 2 }, graph.Indices[8..10]);
        Assert.Equal(new[] { 1f, 1f }, graph.Distances[8..10]);
        Assert.Equal(new[] { 1, 4 }, graph.Indices[0..2]);
        Assert.Equal(new[] { 1f, 2f }, graph.Distances[0..2]);
    }
}
