using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.DeepClustering;

/// <summary>DEC's clustering layer: trainable centres, and the Student's t soft assignment of embeddings to them.</summary>
public sealed class ClusteringLayer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter centres;
    private readonly double alpha;

    /// <param name="initial">K x D starting centres (k-means' centroids).</param>
    public ClusteringLayer(Matrix initial, double alpha = 1.0) : base(nameof(ClusteringLayer))
    {
        centres = new Parameter(tensor(initial.Values, [initial.Rows, initial.Cols]));
        this.alpha = alpha;
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) => StudentT.SoftAssignment(z, centres, alpha);

    /// <summary>The current centres, copied out.</summary>
    public Matrix Centres()
    {
        using var _ = no_grad();
        return new Matrix(centres.detach().contiguous().data<float>().ToArray(), (int)centres.shape[0], (int)centres.shape[1]);
    }
}
