using WebClustering.Core.Metrics;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Rows;

namespace WebClustering.Core.Clustering;

/// <summary>One point of the k-selection curve.</summary>
public sealed record KScore(int K, double Score);

/// <summary>
/// Outcome of <see cref="ClusteringEngine.Fit"/>. Labels are 0..K-1 with -1 for noise (density methods only).
/// Centroids (k-means; component means for gmm) and everything else are in the space the algorithm saw, i.e. after
/// standardisation and, for cosine, row normalisation. Fields that do not apply to the algorithm are null.
/// </summary>
/// <param name="KCurve">Score of every k tried when a k range was given (NaN where the score is undefined).</param>
public sealed record ClusteringResult(
    int[] Labels,
    int K,
    Matrix? Centroids,
    Matrix? Probabilities,
    int NoiseCount,
    double? Inertia,
    double? LogLikelihood,
    double? Bic,
    IReadOnlyList<KScore>? KCurve,
    ClusteringModel Model);

/// <summary>The single entry point: preprocess, run the chosen algorithm (choosing k if asked), return a model.</summary>
public static class ClusteringEngine
{
    /// <summary>
    /// The same over points in memory or streamed (a streamed job's latent vectors, in a file). Mini-batch k-means in
    /// the raw latent space reads the rows as it goes, choosing k too, and holds only the labels; every other
    /// algorithm needs all its points at hand, and reads them into memory (latent vectors are far narrower than rows).
    /// </summary>
    public static ClusteringResult Fit(RowSource data, ClusteringSpec spec, int seed = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        if (data.InMemory is { } held) return Fit(held, spec, seed, ct);
        if (spec.Algorithm != ClusteringAlgorithm.MiniBatchKMeans || spec.Standardize || spec.Distance != DistanceMetric.Euclidean)
            return Fit(data.ReadAll(), spec, seed, ct);
        Validate(data.Rows, spec);
        var model = new ClusteringModel { Algorithm = spec.Algorithm, Dims = data.Cols, Distance = spec.Distance };
        return !spec.HasK || spec.KRange is null
            ? MiniBatch(data, spec, spec.K, seed, model, ct)
            : SelectK(data, spec, spec.KRange, seed, k => MiniBatch(data, spec, k, seed, model, ct), ct);
    }

    /// <exception cref="ArgumentException">An invalid spec (the message names the JSON field) or unusable data.</exception>
    public static ClusteringResult Fit(Matrix data, ClusteringSpec spec, int seed = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        Validate(data.Rows, spec);

        float[]? mean = null, scale = null;
        if (spec.Standardize)
        {
            var scaler = Scaler.Fit(data, ScalingKind.Standardize);
            (mean, scale) = (scaler.Offset, scaler.Scale);
        }
        Matrix x = ClusteringModel.Transform(data, mean, scale, spec.Distance);
        var model = new ClusteringModel
        {
            Algorithm = spec.Algorithm, Dims = data.Cols, Distance = spec.Distance,
            StandardizeMean = mean, StandardizeScale = scale,
        };

        if (!spec.HasK || spec.KRange is null)
            return FitOne(x, spec, spec.K, seed, model, ct);
        switch (spec.Algorithm)
        {
            case ClusteringAlgorithm.Agglomerative:
            {
                // The tree does not depend on k: build it once and cut it at every k.
                var tree = Agglomerative.Tree(x, spec.Agglomerative.Linkage, spec.Agglomerative.MemoryBudgetMb * (1L << 20), ct);
                return SelectK(new MatrixRows(x), spec, spec.KRange, seed, k => AgglomerativeResult(x, tree, k, model), ct);
            }
            case ClusteringAlgorithm.Manifold:
            {
                // The layout does not depend on k either (its dimensions are fixed while k is open): lay out once, and
                // score each mixture where it was fitted, on the layout.
                var layout = ManifoldClustering.Layout(x, spec, spec.Manifold.NComponents ?? ManifoldClustering.OpenKComponents, seed, ct);
                return SelectK(new MatrixRows(layout), spec, spec.KRange, seed, k => ManifoldClustering.Label(x, layout, spec, k, seed, model, ct), ct);
            }
            default:
                return SelectK(new MatrixRows(x), spec, spec.KRange, seed, k => FitOne(x, spec, k, seed, model, ct), ct);
        }
    }

    /// <param name="space">Where the selection score is measured: the rows the labels were fitted on.</param>
    private static ClusteringResult SelectK(RowSource space, ClusteringSpec spec, KRange range, int seed, Func<int, ClusteringResult> fit, CancellationToken ct)
    {
        var curve = new List<KScore>();
        ClusteringResult? best = null;
        double bestScore = double.NaN;
        for (int k = range.Min; k <= Math.Min(range.Max, space.Rows); k++)
        {
            ct.ThrowIfCancellationRequested();
            ClusteringResult result = fit(k);
            double score = spec.Selection switch
            {
                KSelectionCriterion.Silhouette => InternalMetrics.Silhouette(space, result.Labels, spec.SilhouetteSample, seed),
                KSelectionCriterion.DaviesBouldin => InternalMetrics.DaviesBouldin(space, result.Labels),
                _ => result.Bic ?? double.NaN,
            };
            curve.Add(new KScore(k, score));
            bool higherIsBetter = spec.Selection == KSelectionCriterion.Silhouette;
            // NaN (undefined for this labelling) never wins; ties keep the smaller k.
            if (!double.IsNaN(score) && (best is null || (higherIsBetter ? score > bestScore : score < bestScore)))
                (best, bestScore) = (result, score);
        }
        if (best is null)
            throw new ArgumentException(
                $"No k in {range.Min}..{range.Max} gave a defined {spec.Selection} score (e.g. every row identical).", nameof(spec));
        return best with { KCurve = curve };
    }

    private static ClusteringResult FitOne(Matrix x, ClusteringSpec spec, int k, int seed, ClusteringModel model, CancellationToken ct)
    {
        switch (spec.Algorithm)
        {
            // DEC and IDEC start from k-means; DeepClustering.Refine then moves the centres with the encoder.
            case ClusteringAlgorithm.KMeans:
            case ClusteringAlgorithm.MiniBatchKMeans:
            case ClusteringAlgorithm.Dec:
            case ClusteringAlgorithm.Idec:
            {
                KMeansSpec p = spec.Kmeans;
                if (spec.Algorithm == ClusteringAlgorithm.MiniBatchKMeans)
                    return MiniBatch(new MatrixRows(x), spec, k, seed, model, ct);
                return Centred(KMeans.Fit(x, new KMeansOptions(k, p.NInit, p.MaxIter, p.Tol, seed, p.Init, p.Algorithm), ct), k, model);
            }
            case ClusteringAlgorithm.Gmm:
            {
                GmmSpec p = spec.Gmm;
                var r = GaussianMixture.Fit(x, new GaussianMixtureOptions(k, p.CovarianceType, p.RegCovar, p.MaxIter, p.Tol, p.NInit, seed), ct);
                var means = new Matrix(r.Model.Means.Select(v => (float)v).ToArray(), k, x.Cols);
                return new ClusteringResult(r.Labels, k, means, r.Probabilities, 0, null, r.LogLikelihood, r.Bic, null,
                    model with { Mixture = r.Model });
            }
            case ClusteringAlgorithm.Agglomerative:
            {
                var tree = Agglomerative.Tree(x, spec.Agglomerative.Linkage, spec.Agglomerative.MemoryBudgetMb * (1L << 20), ct);
                return AgglomerativeResult(x, tree, k, model);
            }
            case ClusteringAlgorithm.Manifold:
                return ManifoldClustering.Fit(x, spec, k, seed, model, ct);
            case ClusteringAlgorithm.Dbscan:
            {
                DensityResult r = Dbscan.Fit(x, new DbscanOptions(spec.Dbscan.Eps, spec.Dbscan.MinSamples), ct);
                return Density(x, r, r.CoreRows, model with { Eps = spec.Dbscan.Eps });
            }
            default:
            {
                DensityResult r = Hdbscan.Fit(x, new HdbscanOptions(spec.Hdbscan.MinClusterSize, spec.Hdbscan.MinSamples), ct);
                int[] clustered = Enumerable.Range(0, x.Rows).Where(i => r.Labels[i] >= 0).ToArray();
                return Density(x, r, clustered, model);
            }
        }
    }

    private static ClusteringResult MiniBatch(RowSource x, ClusteringSpec spec, int k, int seed, ClusteringModel model, CancellationToken ct)
    {
        KMeansSpec p = spec.Kmeans;
        return Centred(MiniBatchKMeans.Fit(x, new MiniBatchKMeansOptions(k, p.BatchSize, p.MaxIter, p.NInit, Tolerance: p.Tol, Seed: seed, Init: p.Init), ct), k, model);
    }

    /// <summary>A k-means fit (either kind) as the engine's result: its centroids are the model.</summary>
    private static ClusteringResult Centred(KMeansResult r, int k, ClusteringModel model) =>
        new(r.Labels, k, r.Centroids, null, 0, r.Inertia, null, null, null, model with { Centroids = r.Centroids.Values });

    private static ClusteringResult AgglomerativeResult(Matrix x, Merge[] tree, int k, ClusteringModel model)
    {
        int[] labels = Agglomerative.Cut(tree, x.Rows, k);
        return new ClusteringResult(labels, k, null, null, 0, null, null, null, null,
            model with { ReferenceRows = x.Values, ReferenceLabels = labels });
    }

    private static ClusteringResult Density(Matrix x, DensityResult r, int[] referenceRows, ClusteringModel model)
    {
        var rows = new float[referenceRows.Length * x.Cols];
        for (int i = 0; i < referenceRows.Length; i++)
            x.Row(referenceRows[i]).CopyTo(rows.AsSpan(i * x.Cols, x.Cols));
        int[] labels = referenceRows.Select(i => r.Labels[i]).ToArray();
        return new ClusteringResult(r.Labels, r.Clusters, null, null, r.NoiseCount, null, null, null, null,
            model with { ReferenceRows = rows, ReferenceLabels = labels });
    }

    private static void Validate(int rows, ClusteringSpec spec)
    {
        if (rows < 2)
            throw new ArgumentException("At least two rows are needed to cluster.", "data");
        if (!Enum.IsDefined(spec.Algorithm) || !Enum.IsDefined(spec.Distance) || !Enum.IsDefined(spec.Selection))
            throw new ArgumentException("algorithm, distance or selection has an unknown value.", nameof(spec));
        if (spec.Selection == KSelectionCriterion.Bic && spec.KRange is not null && spec.Algorithm != ClusteringAlgorithm.Gmm)
            throw new ArgumentException("selection \"bic\" needs algorithm \"gmm\" (only a mixture has a likelihood).", nameof(spec));
        if (spec.SilhouetteSample < 2)
            throw new ArgumentException($"silhouette_sample must be at least 2 (got {spec.SilhouetteSample}).", nameof(spec));
        if (spec.Algorithm is ClusteringAlgorithm.Dec or ClusteringAlgorithm.Idec)
        {
            // The refinement works on the encoder's own output, so the centres must live in that space.
            if (spec.Standardize || spec.Distance != DistanceMetric.Euclidean)
                throw new ArgumentException("dec and idec cluster the raw embedding: standardize and cosine distance do not apply.", nameof(spec));
            spec.Dec.Validate();
        }
        if (spec.Algorithm == ClusteringAlgorithm.Manifold)
            spec.Manifold.Validate();
        if (!spec.HasK)
        {
            if (spec.KRange is not null)
                throw new ArgumentException($"k_range does not apply to {spec.Algorithm}: it finds the number of clusters itself.", nameof(spec));
            return;
        }
        int lowest = spec.Algorithm == ClusteringAlgorithm.Gmm || spec.Algorithm == ClusteringAlgorithm.Agglomerative ? 1 : 2;
        if (spec.KRange is { } range)
        {
            // Silhouette and Davies-Bouldin compare clusters, so they need at least two.
            int min = spec.Selection == KSelectionCriterion.Bic ? lowest : 2;
            if (range.Min < min || range.Max < range.Min || range.Min > rows)
                throw new ArgumentException(
                    $"k_range must satisfy {min} <= min <= max and min <= rows ({rows}); got {range.Min}..{range.Max}.", nameof(spec));
        }
        else if (spec.K < lowest || spec.K > rows)
            throw new ArgumentException($"k must be between {lowest} and the number of rows ({rows}); got {spec.K}.", nameof(spec));
        if (spec.Agglomerative.MemoryBudgetMb < 1)
            throw new ArgumentException("agglomerative.memory_budget_mb must be at least 1.", nameof(spec));
    }
}
