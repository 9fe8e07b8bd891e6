using WebClustering.Core.Export;
using WebClustering.Core.Models;

namespace WebClustering.Core.Tests.Export;

public class ModelLayoutTests
{
    /// <summary>The layout is written beside the modules it describes: this keeps the two in step.</summary>
    [Fact]
    public void Every_kind_describes_exactly_the_parameters_of_its_module()
    {
        foreach (var (name, spec) in ExportKinds.All)
        {
            var layout = ModelLayouts.Describe(spec);
            using var module = AutoencoderFactory.Create(spec);
            var actual = module.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
            var described = new Dictionary<string, long[]>();
            foreach (var part in layout.Parts)
                foreach (var layer in part.Layers)
                    foreach (var (parameter, shape) in Parameters(layer))
                        described[part.Key(layer, parameter)] = shape;
            Assert.True(actual.Keys.Order().SequenceEqual(described.Keys.Order()),
                $"{name}: module has {string.Join(", ", actual.Keys.Order())}; layout describes {string.Join(", ", described.Keys.Order())}");
            foreach (var (key, shape) in described) Assert.True(shape.SequenceEqual(actual[key]), $"{name}: {key}");
            Assert.Equal((int)spec.InputSize, layout.InputSize);
        }
    }

    private static IEnumerable<(string, long[])> Parameters(LayerInfo layer)
    {
        switch (layer)
        {
            case LinearLayer l:
                yield return ("weight", [l.Out, l.In]);
                yield return ("bias", [l.Out]);
                break;
            case ConvLayer c:
                yield return ("weight", [c.Out, c.In, c.Kernel, c.Kernel]);
                yield return ("bias", [c.Out]);
                break;
            case ConvTransposeLayer t:
                yield return ("weight", [t.In, t.Out, t.Kernel, t.Kernel]);
                yield return ("bias", [t.Out]);
                break;
            case ActivationLayer { Activation: "prelu" } a:
                yield return ("weight", [a.Width]);
                break;
            case RecurrentLayerInfo r:
                int gates = r.Cell == RecurrentCell.Lstm ? 4 : 3;
                for (int l = 0; l < r.Layers; l++)
                {
                    yield return ($"weight_ih_l{l}", [gates * r.Hidden, l == 0 ? r.In : r.Hidden]);
                    yield return ($"weight_hh_l{l}", [gates * r.Hidden, r.Hidden]);
                    yield return ($"bias_ih_l{l}", [gates * r.Hidden]);
                    yield return ($"bias_hh_l{l}", [gates * r.Hidden]);
                }
                break;
        }
    }
}
