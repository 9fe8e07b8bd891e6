using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class ExternalMetricsTests
{
    private static readonly int[] Truth = { 0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 3 };

    public static IEnumerable<object[]> AllRelabellings()
    {
        // Arbitrary target labels, including the -1 noise label, in every order.
        int[] targets = { 7, -1, 3, 100 };
        foreach (int[] p in Permutations(targets))
            yield return new object[] { p };
    }

    [Theory]
    [MemberData(nameof(AllRelabellings))]
    public void Accuracy_is_one_for_any_relabelling_of_the_truth(int[] mapping)
    {
        int[] predicted = Truth.Select(t => mapping[t]).ToArray();
        Assert.Equal(1.0, ExternalMetrics.Accuracy(Truth, predicted), 12);
    }

    [Fact]
    public void Accuracy_uses_the_best_one_to_one_matching_of_a_known_confusion_matrix()
    {
        // Counts (class x cluster 5,7,9): c0 [1,2,0], c1 [3,0,0], c2 [0,1,3].
        // Best matching 7->c0, 5->c1, 9->c2 keeps 2 + 3 + 3 = 8 of 10 rows.
        int[] truth = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 };
        int[] predicted = { 7, 7, 5, 5, 5, 5, 9, 9, 9, 7 };
        Assert.Equal(0.8, ExternalMetrics.Accuracy(truth, predicted), 12);
    }

    [Fact]
    public void Accuracy_counts_surplus_clusters_as_errors()
    {
        Assert.Equal(0.5, ExternalMetrics.Accuracy(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 2, 3 }), 12);
    }

    [Fact]
    public void Accuracy_of_a_single_cluster_is_the_largest_class_share()
    {
        Assert.Equal(0.75, ExternalMetrics.Accuracy(new[] { 0, 0, 0, 1 }, new[] { 4, 4, 4, 4 }), 12);
    }

    [Theory]
    [MemberData(nameof(AllRelabellings))]
    public void Nmi_and_ari_are_one_for_identical_partitions_under_any_relabelling(int[] mapping)
    {
        int[] predicted = Truth.Select(t => mapping[t]).ToArray();
        Assert.Equal(1.0, ExternalMetrics.NormalizedMutualInformation(Truth, predicted), 12);
        Assert.Equal(1.0, ExternalMetrics.AdjustedRandIndex(Truth, predicted), 12);
    }

    [Fact]
    public void Nmi_is_zero_for_independent_partitions()
    {
        Assert.Equal(0.0, ExternalMetrics.NormalizedMutualInformation(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }));
    }

    [Fact]
    public void Nmi_of_a_refinement_matches_the_hand_computed_value()
    {
        // MI = H(truth) = ln 2, H(pred) = 1.5 ln 2, so NMI = ln 2 / (1.25 ln 2) = 0.8 (sklearn docs).
        double nmi = ExternalMetrics.NormalizedMutualInformation(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 });
        Assert.Equal(0.8, nmi, 12);
    }

    [Fact]
    public void Nmi_and_ari_are_symmetric()
    {
        int[] a = { 0, 0, 1, 1, 2, 2, 2, -1 };
        int[] b = { 1, 1, 1, 0, 0, 2, 2, 2 };
        Assert.Equal(ExternalMetrics.NormalizedMutualInformation(a, b), ExternalMetrics.NormalizedMutualInformation(b, a), 12);
        Assert.Equal(ExternalMetrics.AdjustedRandIndex(a, b), ExternalMetrics.AdjustedRandIndex(b, a), 12);
    }

    [Fact]
    public void Nmi_is_one_when_neither_labelling_splits_the_data_and_zero_when_only_one_does()
    {
        Assert.Equal(1.0, ExternalMetrics.NormalizedMutualInformation(new[] { 3, 3, 3 }, new[] { 5, 5, 5 }));
        Assert.Equal(0.0, ExternalMetrics.NormalizedMutualInformation(new[] { 0, 1, 2 }, new[] { 5, 5, 5 }));
    }

    [Fact]
    public void Ari_of_a_refinement_matches_the_sklearn_documented_value()
    {
        double ari = ExternalMetrics.AdjustedRandIndex(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 });
        Assert.Equal(0.5714285714285714, ari, 12);
    }

    [Fact]
    public void Ari_is_negative_when_agreement_is_below_chance()
    {
        Assert.Equal(-0.5, ExternalMetrics.AdjustedRandIndex(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }), 12);
    }

    [Fact]
    public void Ari_and_nmi_are_near_zero_for_random_labels()
    {
        var rng = new Random(42);
        int[] a = Enumerable.Range(0, 20000).Select(_ => rng.Next(5)).ToArray();
        int[] b = Enumerable.Range(0, 20000).Select(_ => rng.Next(5)).ToArray();
        Assert.InRange(ExternalMetrics.AdjustedRandIndex(a, b), -0.01, 0.01);
        Assert.InRange(ExternalMetrics.NormalizedMutualInformation(a, b), 0.0, 0.01);
    }

    [Fact]
    public void External_metrics_reject_mismatched_or_empty_labellings()
    {
        Assert.Throws<ArgumentException>(() => ExternalMetrics.Accuracy(new[] { 0, 1 }, new[] { 0 }));
        Assert.Throws<ArgumentException>(() => ExternalMetrics.NormalizedMutualInformation(new int[0], new int[0]));
        Assert.Throws<ArgumentException>(() => ExternalMetrics.AdjustedRandIndex(new[] { 0 }, new[] { 0, 1 }));
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (int i = 0; i < items.Length; i++)
        {
            int[] rest = items.Where((_, j) => j != i).ToArray();
            foreach (int[] tail in Permutations(rest))
                yield return new[] { items[i] }.Concat(tail).ToArray();
        }
    }
}
