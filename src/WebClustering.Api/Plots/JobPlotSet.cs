using WebClustering.Core;
using WebClustering.Core.Rows;
using static System.FormattableString;
using WebClustering.Core.Metrics;
using WebClustering.Core.Projection;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Plots;

/// <summary>The plots drawn once when a job finishes and stored with its results.</summary>
public static class JobPlotSet
{
    public const string Latent = "latent.png";

    /// <summary>Most points a latent map draws; larger sets are drawn from an evenly spaced sample of their rows.</summary>
    public const int MaxPoints = 50_000;
    public const string Loss = "loss.png";
    public const string KSelection = "kselection.png";

    /// <param name="features">The dataset's rows, unscaled: image datasets get pictures of items too.</param>
    public static IReadOnlyList<JobPlot> Draw(PlotInput result, IReadOnlyList<string?>? labels, Matrix? features = null)
    {
        var images = features is null ? [] : ImagePlotSet.Draw(result, features).Select(p => new JobPlot(p.Name, p.Png));
        return
        [
            new JobPlot(Latent, LatentMap(result.Latent, result.Labels, labels)),
            new JobPlot(Loss, LossCurves(result.History, result.ClusteringLoss)),
            .. images,
            .. result.KCurve is { Count: > 0 } curve
                ? [new JobPlot(KSelection, PlotRenderer.KSelection(curve, result.Centroids.Rows, result.Selection ?? "score"))]
                : Array.Empty<JobPlot>(),
        ];
    }

    /// <summary>
    /// The autoencoder's loss per epoch (training, and validation when a split was held out); for DEC and IDEC a second
    /// panel beside it with the clustering loss KL(P||Q) at each target update.
    /// </summary>
    public static byte[] LossCurves(IReadOnlyList<Core.Training.EpochRecord> history, IReadOnlyList<double>? clusteringLoss)
    {
        var validation = history.All(e => e.ValidationLoss is not null) ? history.Select(e => e.ValidationLoss!.Value).ToArray() : null;
        var training = PlotRenderer.Loss([.. history.Select(e => e.TrainingLoss)], validation,
            validation is null ? "Training loss per epoch" : "Training and validation loss per epoch");
        return clusteringLoss is not { Count: > 0 }
            ? training
            : PlotRenderer.SideBySide([training, PlotRenderer.Loss([.. clusteringLoss], null,
                "Clustering loss KL(P||Q) (DEC/IDEC)", "Target update", "KL(P||Q)")]);
    }

    /// <summary>
    /// The latent space in 2-D coloured by cluster, and beside it coloured by label when the dataset has labels.
    /// Latent spaces wider than 2 are projected on their first two principal components; 1-D ones are spread
    /// along y by row order so points do not sit on one line.
    /// </summary>
    /// <param name="note">Added to each panel's title (what the map is of, when it is not a finished job's).</param>
    public static byte[] LatentMap(Matrix latent, int[] clusters, IReadOnlyList<string?>? labels, string? note = null) =>
        LatentMap(new MatrixRows(latent), clusters, labels, note);

    /// <summary>The same from vectors in memory or in a file (a streamed job's): only the rows drawn are read.</summary>
    public static byte[] LatentMap(RowSource vectors, int[] clusters, IReadOnlyList<string?>? labels, string? note = null)
    {
        Matrix latent;
        if (vectors.Rows > MaxPoints)
        {
            // Evenly spaced rows: a scatter of this many shows the shape as well as millions would, at a fixed cost.
            int[] rows = EvenlySpaced.Rows(vectors.Rows, MaxPoints);
            note = $"{(note is null ? "" : note + ", ")}{MaxPoints:N0} of {vectors.Rows:N0} rows";
            var all = labels is not null && labels.Count == vectors.Rows ? labels : null;
            latent = vectors.ReadRows(rows);
            clusters = [.. rows.Select(i => clusters[i])];
            labels = all is null ? null : [.. rows.Select(i => all[i])];
        }
        else latent = vectors.ReadAll();
        double[] xs, ys;
        string how, xLabel, yLabel;
        if (latent.Cols == 1)
        {
            xs = [.. Enumerable.Range(0, latent.Rows).Select(i => (double)latent[i, 0])];
            ys = [.. Enumerable.Range(0, latent.Rows).Select(i => (double)i)];
            (how, xLabel, yLabel) = ("1-D latent space", "z0", "Row");
        }
        else if (latent.Cols == 2)
        {
            xs = [.. Enumerable.Range(0, latent.Rows).Select(i => (double)latent[i, 0])];
            ys = [.. Enumerable.Range(0, latent.Rows).Select(i => (double)latent[i, 1])];
            (how, xLabel, yLabel) = ("2-D latent space", "z0", "z1");
        }
        else
        {
            var pca = Pca.Fit(latent, 2);
            xs = [.. Enumerable.Range(0, latent.Rows).Select(i => (double)pca.Projected[i, 0])];
            ys = [.. Enumerable.Range(0, latent.Rows).Select(i => (double)pca.Projected[i, 1])];
            var ratio = pca.ExplainedRatio;
            (how, xLabel, yLabel) = ($"{latent.Cols}-D latent space, PCA projection",
                Invariant($"PC1 ({ratio[0] * 100:0}% of variance)"), Invariant($"PC2 ({ratio[1] * 100:0}% of variance)"));
        }

        // A note makes the title long: keep only the projection's name beside it, the axes say the rest.
        if (note is not null) how = $"{note}, {(latent.Cols > 2 ? "PCA" : $"{latent.Cols}-D")}";
        int k = clusters.Length == 0 ? 0 : clusters.Max() + 1;
        var panels = new List<byte[]>
        {
            PlotRenderer.Scatter(xs, ys, clusters, [.. Enumerable.Range(0, k).Select(c => $"cluster {c}")],
                $"{how}: by cluster", xLabel, yLabel),
        };
        if (labels is not null && labels.Count == clusters.Length)
        {
            var classes = ClassLabels.Encode(labels);
            var names = new string[classes.Length == 0 ? 0 : classes.Max() + 1];
            for (int i = 0; i < classes.Length; i++) names[classes[i]] ??= labels[i] ?? "(no label)";
            panels.Add(PlotRenderer.Scatter(xs, ys, classes, names, $"{how}: by label", xLabel, yLabel));
        }
        return PlotRenderer.SideBySide(panels);
    }
}
