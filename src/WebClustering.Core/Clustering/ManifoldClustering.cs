using WebClustering.Core.Manifold;

namespace WebClustering.Core.Clustering;

/// <summary>
/// The N2D recipe: UMAP finds the manifold the embedding lies on, where clusters are denser and better separated
/// than in the autoencoder's space, and a Gaussian mixture then labels the UMAP coordinates.
/// </summary>
internal static class ManifoldClustering
{
    /// <summary>UMAP's dimensions while k is still being chosen (N2D lays out into as many as there are clusters).</summary>
    public const int OpenKComponents = 10;

    public static ClusteringResult Fit(Matrix x, ClusteringSpec spec, int k, int seed, ClusteringModel model, CancellationToken ct) =>
        Label(x, Layout(x, spec, spec.Manifold.NComponents ?? k, seed, ct), spec, k, seed, model, ct);

    public static Matrix Layout(Matrix x, ClusteringSpec spec, int components, int seed, CancellationToken ct)
    {
        ManifoldSpec m = spec.Manifold;
        // A neighbourhood cannot be larger than the data; small datasets still get a layout.
        int neighbours = Math.Min(m.NNeighbors, x.Rows);
        return Umap.Fit(x, new UmapOptions(NNeighbors: Math.Max(2, neighbours), MinDist: m.MinDist,
            NComponents: components, NEpochs: m.NEpochs, Seed: seed), ct).Embedding;
    }

    /// <summary>A Gaussian mixture of k components on the layout.</summary>
    public static ClusteringResult Label(Matrix x, Matrix layout, ClusteringSpec spec, int k, int seed, ClusteringModel model, CancellationToken ct)
    {
        GmmSpec g = spec.Gmm;
        var mixture = GaussianMixture.Fit(layout, new GaussianMixtureOptions(k, g.CovarianceType, g.RegCovar, g.MaxIter, g.Tol, g.NInit, seed), ct);
        // New rows cannot be mapped through UMAP exactly, so they take the label of their nearest training row.
        return new ClusteringResult(mixture.Labels, k, null, mixture.Probabilities, 0, null, mixture.LogLikelihood, mixture.Bic, null,
            model with { ReferenceRows = x.Values, ReferenceLabels = mixture.Labels });
    }
}
