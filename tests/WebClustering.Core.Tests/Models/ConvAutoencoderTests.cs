using WebClustering.Core.Models;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Models;

public class ConvAutoencoderTests
{
    [Theory]
    [InlineData(Upsampling.Nearest, 1, 28, 28)]
    [InlineData(Upsampling.Bilinear, 3, 7, 9)]
    [InlineData(Upsampling.Transposed, 2, 13, 10)]
    [InlineData(Upsampling.Transposed, 1, 5, 5)]
    public void Reconstructions_have_exactly_the_input_shape_even_when_sizes_do_not_divide(Upsampling upsampling, int channels, int height, int width)
    {
        var spec = new ConvSpec
        {
            Channels = channels, Height = height, Width = width, LatentDim = 3,
            Encoder = [new ConvBlock(4, Kernel: 3, Stride: 2), new ConvBlock(6, Kernel: 4, Pool: 2)],
            Decoder = new ConvDecoderSpec(upsampling, [new UpBlock(6, Kernel: 3, Scale: 3), new UpBlock(4, Kernel: 5, Scale: 2)]),
        };
        using var model = AutoencoderFactory.Create(spec);
        using var rows = randn(2, channels * height * width);

        Assert.Equal(new long[] { 2, 3 }, model.Encode(rows).shape);
        Assert.Equal(new long[] { 2, channels * height * width }, model.forward(rows).shape);
    }

    [Fact]
    public void The_default_decoder_undoes_the_encoder_blocks_in_reverse()
    {
        var spec = ModelTestData.Conv() with { Decoder = null, Encoder = [new ConvBlock(4, Stride: 2), new ConvBlock(8, Kernel: 5, Pool: 2)] };

        Assert.Equal([new UpBlock(4, Kernel: 5, Scale: 2), new UpBlock(4, Kernel: 3, Scale: 2)], ConvGeometry.DecoderBlocks(spec));
        Assert.Equal(new MapShape(8, 2, 2), ConvGeometry.DecoderStart(spec));
    }

    [Theory]
    [InlineData(Upsampling.Nearest)]
    [InlineData(Upsampling.Transposed)]
    public void A_conv_autoencoder_learns_to_reconstruct_small_shape_images(Upsampling upsampling)
    {
        var (images, _) = ModelTestData.Shapes(20);
        var options = new TrainingOptions(Epochs: 15, BatchSize: 16, LearningRate: 0.01, Seed: 2) { Loss = ReconstructionLoss.Bce };

        var result = AutoencoderTrainer.Train(images, ModelTestData.Conv(upsampling), options);

        Assert.True(result.EpochLosses[^1] < 0.7 * result.EpochLosses[0],
            $"BCE went from {result.EpochLosses[0]} to {result.EpochLosses[^1]}");
    }
}
