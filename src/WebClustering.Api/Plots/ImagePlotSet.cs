using TorchSharp;
using static System.FormattableString;
using WebClustering.Core;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;

namespace WebClustering.Api.Plots;

/// <summary>
/// Plots for datasets whose items are images ([C, H, W]): originals above their reconstructions, the items
/// nearest each cluster's centre, and for a VAE new items decoded from its prior. Pictures are shown in the
/// data's own units (the scaling undone).
/// </summary>
public static class ImagePlotSet
{
    public const string Reconstructions = "reconstructions.png";
    public const string Clusters = "clusters.png";
    public const string Samples = "samples.png";
    public const string Traversal = "traversal.png";
    private const int PerRow = 10;
    private const int MaxClusters = 12;

    public static IEnumerable<JobPlotPng> Draw(PlotInput result, Matrix features)
    {
        var model = result.Model.Autoencoder;
        var shape = model.Spec.ItemShape;
        if (shape.Length != 3) yield break;

        // Round robin over the clusters, rows in order within each: every cluster shows, and the choice is reproducible.
        var picks = RoundRobin(result.Labels, PerRow);
        var originals = picks.Select(i => features.Row(i).ToArray()).ToArray();
        var reconstructed = Unscale(result.Model, Forward(model, result.Model.Scaler.Apply(new Matrix([.. originals.SelectMany(o => o)], originals.Length, features.Cols))));
        yield return new(Reconstructions, ImageGrid.Render([originals, reconstructed], ["original", "reconstruction"], shape,
            "Originals and their reconstructions"));

        // Pictures are drawn for rows held in memory, whose latent vectors are held too.
        var latent = result.Latent.ReadAll();
        var centroids = result.Centroids;
        var clusterRows = new List<IReadOnlyList<float[]?>>();
        var labels = new List<string>();
        for (int k = 0; k < Math.Min(centroids.Rows, MaxClusters); k++)
        {
            var centre = centroids.Row(k).ToArray();
            var nearest = Enumerable.Range(0, latent.Rows).Where(i => result.Labels[i] == k)
                .OrderBy(i => Distance(latent.Row(i), centre)).Take(PerRow);
            clusterRows.Add([.. nearest.Select(i => features.Row(i).ToArray())]);
            labels.Add($"cluster {k} ({result.ClusterSizes[k]})");
        }
        yield return new(Clusters, ImageGrid.Render(clusterRows, labels, shape, "Items nearest each cluster centre"));

        if (model is VariationalAutoencoder vae)
        {
            using var generator = new torch.Generator(0);
            float[] generated;
            using (var sample = vae.Generate(2 * PerRow, generator)) generated = sample.data<float>().ToArray();
            var items = Unscale(result.Model, Split(generated, 2 * PerRow));
            yield return new(Samples, ImageGrid.Render([items[..PerRow], items[PerRow..]], ["sample", "sample"], shape,
                "New items decoded from the prior N(0, I)"));
            if (vae.Spec.EmbeddingDim == 2) yield return new(Traversal, LatentTraversal(result.Model, vae, shape));
        }
    }

    /// <summary>
    /// The figure of Kingma and Welling: a 2-D latent space walked on a grid at the 5%..95% quantiles of the prior,
    /// so that equal steps hold equal probability mass, and each point decoded. z0 runs left to right, z1 bottom to top.
    /// </summary>
    private static byte[] LatentTraversal(TrainedModel trained, VariationalAutoencoder vae, int[] shape)
    {
        float[] steps, decoded;
        vae.eval();
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            var quantiles = torch.special.ndtri(torch.linspace(0.05, 0.95, PerRow, dtype: torch.float32));
            steps = quantiles.data<float>().ToArray();
            var z1 = quantiles.flip(0).repeat_interleave(PerRow);   // top row first: the largest z1
            var z0 = quantiles.repeat(PerRow);
            decoded = vae.Decode(torch.stack([z0, z1], dim: 1)).data<float>().ToArray();
        }
        var items = Unscale(trained, Split(decoded, PerRow * PerRow));
        var rows = Enumerable.Range(0, PerRow).Select(r => (IReadOnlyList<float[]?>)items[(r * PerRow)..((r + 1) * PerRow)]).ToList();
        var labels = steps.Reverse().Select(z => Invariant($"z1 = {z:0.00}")).ToList();
        return ImageGrid.Render(rows, labels, shape,
            Invariant($"Latent traversal: z0 from {steps[0]:0.00} to {steps[^1]:0.00}, z1 by row"));
    }

    private static int[] RoundRobin(int[] clusters, int count)
    {
        var queues = clusters.Select((cluster, row) => (cluster, row)).GroupBy(p => p.cluster).OrderBy(g => g.Key)
            .Select(g => new Queue<int>(g.Select(p => p.row))).ToList();
        var picks = new List<int>();
        while (picks.Count < count && queues.Any(q => q.Count > 0))
            foreach (var queue in queues)
                if (picks.Count < count && queue.TryDequeue(out var row)) picks.Add(row);
        return [.. picks];
    }

    private static float[][] Forward(Autoencoder model, Matrix scaled) => Split(ModelInference.Reconstruct(model, scaled).Values, scaled.Rows);

    private static float[][] Split(float[] values, int rows) =>
        [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * (values.Length / rows), values.Length / rows).ToArray())];

    private static float[][] Unscale(TrainedModel model, float[][] scaled) =>
        [.. scaled.Select(row => row.Select((v, c) => v * model.Scaler.Scale[c] + model.Scaler.Offset[c]).ToArray())];

    private static double Distance(ReadOnlySpan<float> a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < b.Length; i++) sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return sum;
    }
}

/// <summary>A plot's file name and PNG bytes.</summary>
public readonly record struct JobPlotPng(string Name, byte[] Png);
