using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>An LSTM or GRU (batch first) seen as [N, T, in] → [N, T, hidden], the outputs of its last layer at every step.</summary>
internal sealed class RecurrentLayer : nn.Module<Tensor, Tensor>
{
    // Typed as the common base so one field serves both cells; RegisterComponents registers it by its runtime type.
    private readonly nn.Module cell;

    public RecurrentLayer(RecurrentCell kind, int inputSize, int hiddenSize, int layers) : base(nameof(RecurrentLayer))
    {
        cell = kind switch
        {
            RecurrentCell.Lstm => nn.LSTM(inputSize, hiddenSize, layers, batchFirst: true),
            RecurrentCell.Gru => nn.GRU(inputSize, hiddenSize, layers, batchFirst: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        RegisterComponents();
    }

    public override Tensor forward(Tensor steps) => cell switch
    {
        LSTM lstm => lstm.forward(steps).Item1,
        GRU gru => gru.forward(steps).Item1,
        _ => throw new InvalidOperationException("Unknown recurrent cell."),
    };
}
