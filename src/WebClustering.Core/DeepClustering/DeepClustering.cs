using TorchSharp;
using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.DeepClustering;

/// <param name="Centres">The refined centres, K x embedding dims.</param>
/// <param name="Labels">argmax_j q_ij after the last step (equally, the nearest centre).</param>
/// <param name="LossHistory">Mean KL(P||Q) of the minibatches between consecutive target updates, one value per update.</param>
/// <param name="Batches">Minibatches run.</param>
/// <param name="Converged">Whether fewer than tol of the labels changed between two updates before max_iter.</param>
public sealed record DeepClusteringResult(Matrix Centres, int[] Labels, IReadOnlyList<double> LossHistory, int Batches, bool Converged);

/// <summary>
/// DEC and IDEC refinement of a pretrained autoencoder: encoder (and, for IDEC, decoder) and centres are trained
/// together to minimise KL(P||Q), with the target P recomputed from Q every update_interval minibatches. IDEC adds
/// the reconstruction loss (loss = reconstruction + gamma * KL) so that the embedding keeps describing the data.
/// The model is modified in place.
/// </summary>
public static class DeepClustering
{
    /// <param name="scaled">The training rows, preprocessed as the autoencoder saw them.</param>
    /// <param name="initialCentres">The k-means centroids of the pretrained embedding.</param>
    /// <param name="reconstruction">true for IDEC.</param>
    public static DeepClusteringResult Refine(Autoencoder model, Matrix scaled, Matrix initialCentres, DecSpec spec, bool reconstruction,
        int seed, Action<double>? onProgress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        spec.Validate();
        if (initialCentres.Cols != model.Spec.EmbeddingDim)
            throw new ArgumentException($"The centres have {initialCentres.Cols} dimensions; the embedding has {model.Spec.EmbeddingDim}.");
        int n = scaled.Rows, cols = scaled.Cols, k = initialCentres.Rows, batch = Math.Min(spec.BatchSize, n);
        using var layer = new ClusteringLayer(initialCentres);
        using var optimizer = new FusedAdam(model.parameters().Concat(layer.parameters()), spec.LearningRate, weightDecay: 0);
        var rng = new Random(seed);
        int[] order = Enumerable.Range(0, n).ToArray();
        int position = n;
        float[] target = [];
        int[]? labels = null;
        var history = new List<double>();
        double klSum = 0;
        int klCount = 0, iteration = 0;
        bool converged = false;
        for (; iteration < spec.MaxIter; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            if (iteration % spec.UpdateInterval == 0)
            {
                (float[] q, int[] current) = AssignAll(model, layer, scaled, k);
                target = Target(q, n, k);
                if (klCount > 0) history.Add(klSum / klCount);
                (klSum, klCount) = (0, 0);
                // As the reference code: the first update has nothing to compare with.
                bool settled = labels is not null && Changed(labels, current) < spec.Tol * n;
                labels = current;
                if (settled)
                {
                    converged = true;
                    break;
                }
            }
            if (position + batch > n)
            {
                rng.Shuffle(order);
                position = 0;
            }
            klSum += Step(model, layer, optimizer, scaled, target, order.AsSpan(position, batch), cols, k, reconstruction, spec.Gamma);
            klCount++;
            position += batch;
            onProgress?.Invoke((double)(iteration + 1) / spec.MaxIter);
        }
        if (klCount > 0) history.Add(klSum / klCount);
        (_, int[] final) = AssignAll(model, layer, scaled, k);
        return new DeepClusteringResult(layer.Centres(), final, history, iteration, converged);
    }

    /// <summary>One minibatch step; returns its KL term.</summary>
    private static double Step(Autoencoder model, ClusteringLayer layer, optim.Optimizer optimizer, Matrix scaled, float[] target,
        ReadOnlySpan<int> rows, int cols, int k, bool reconstruction, double gamma)
    {
        using var scope = NewDisposeScope();
        model.train();
        var x = new float[rows.Length * cols];
        var p = new float[rows.Length * k];
        for (int i = 0; i < rows.Length; i++)
        {
            scaled.Row(rows[i]).CopyTo(x.AsSpan(i * cols, cols));
            target.AsSpan(rows[i] * k, k).CopyTo(p.AsSpan(i * k, k));
        }
        var input = tensor(x, [rows.Length, cols]);
        var z = model.Encode(input);
        var kl = StudentT.KlDivergence(tensor(p, [rows.Length, k]), layer.forward(z));
        var loss = reconstruction
            ? Losses.Reconstruction(model.DecodeLogits(z), input, ReconstructionLoss.Mse, model.Spec.Output, LossReduction.MeanOverElements) + gamma * kl
            : kl;
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return kl.item<float>();
    }

    /// <summary>Q for every row (row-major N x K) and each row's most probable cluster, in evaluation mode.</summary>
    private static (float[] Q, int[] Labels) AssignAll(Autoencoder model, ClusteringLayer layer, Matrix scaled, int k, int batchSize = 4096)
    {
        var q = Batches.Map(model, scaled, k, batchSize, rows => layer.forward(model.Encode(rows))).Values;
        var labels = new int[scaled.Rows];
        for (int i = 0; i < scaled.Rows; i++)
        {
            var row = q.AsSpan(i * k, k);
            int best = 0;
            for (int j = 1; j < k; j++)
                if (row[j] > row[best]) best = j;
            labels[i] = best;
        }
        return (q, labels);
    }

    /// <summary>P from Q over every row (f_j needs all of them), through <see cref="StudentT.TargetDistribution"/>.</summary>
    private static float[] Target(float[] q, int n, int k)
    {
        using var scope = NewDisposeScope();
        return StudentT.TargetDistribution(tensor(q, [n, k])).contiguous().data<float>().ToArray();
    }

    private static int Changed(int[] previous, int[] current)
    {
        int changed = 0;
        for (int i = 0; i < previous.Length; i++)
            if (previous[i] != current[i]) changed++;
        return changed;
    }
}
