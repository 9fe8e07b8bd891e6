using WebClustering.Core.Models;

namespace WebClustering.Core.Tests;

/// <summary>Small synthetic images, sequences and specs for the autoencoder kinds; sized so each test trains in about a second.</summary>
public static class ModelTestData
{
    public const int ImageSize = 8;

    /// <summary>
    /// 1 x 8 x 8 images of three shapes (a square outline, a plus, a diagonal cross), each shifted by up to one pixel
    /// and lightly noised, values in [0, 1]; rows are interleaved by class. Returns the images and their shape labels.
    /// </summary>
    public static (Matrix Images, int[] Labels) Shapes(int perClass, int seed = 3)
    {
        var random = new Random(seed);
        int rows = perClass * 3, pixels = ImageSize * ImageSize;
        var images = Matrix.Zeros(rows, pixels);
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            int dy = random.Next(-1, 2), dx = random.Next(-1, 2);
            var image = images.Values.AsSpan(i * pixels, pixels);
            for (int y = 0; y < ImageSize; y++)
                for (int x = 0; x < ImageSize; x++)
                {
                    bool on = InShape(labels[i], y - dy, x - dx);
                    image[y * ImageSize + x] = on ? 1f - 0.1f * (float)random.NextDouble() : 0.1f * (float)random.NextDouble();
                }
        }
        return (images, labels);
    }

    private static bool InShape(int shape, int y, int x) => shape switch
    {
        0 => y is >= 2 and <= 5 && x is >= 2 and <= 5 && (y is 2 or 5 || x is 2 or 5),
        1 => (y is >= 1 and <= 6 && x is 3 or 4) || (x is >= 1 and <= 6 && y is 3 or 4),
        _ => (y == x || y == 7 - x) && y is >= 1 and <= 6,
    };

    /// <summary>
    /// Sine waves of 1, 2 and 3 cycles per window with a random phase in [0, <paramref name="maxPhase"/>) and a random
    /// amplitude in [0.8, 1.2), plus gaussian noise: <paramref name="steps"/> x 1 sequences, rows interleaved by
    /// frequency. Returns the sequences and their frequency labels.
    /// </summary>
    public static (Matrix Sequences, int[] Labels) SineWaves(int perClass, int steps = 24, double noise = 0.1, double maxPhase = Math.PI / 2, int seed = 5)
    {
        var random = new Random(seed);
        int rows = perClass * 3;
        var sequences = Matrix.Zeros(rows, steps);
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            double cycles = labels[i] + 1, phase = random.NextDouble() * maxPhase, amplitude = 0.8 + 0.4 * random.NextDouble();
            for (int t = 0; t < steps; t++)
                sequences.Values[i * steps + t] = (float)(amplitude * Math.Sin(2 * Math.PI * cycles * t / steps + phase) + noise * TestData.Gaussian(random));
        }
        return (sequences, labels);
    }

    /// <summary>Rows on a <paramref name="rank"/>-dimensional linear subspace of R^dims: structure a small latent can hold.</summary>
    public static Matrix LowRank(int rows, int dims, int rank, int seed = 11)
    {
        var random = new Random(seed);
        var basis = new double[rank, dims];
        for (int r = 0; r < rank; r++)
            for (int d = 0; d < dims; d++) basis[r, d] = TestData.Gaussian(random) / Math.Sqrt(rank);
        var data = Matrix.Zeros(rows, dims);
        for (int i = 0; i < rows; i++)
        {
            var coefficients = Enumerable.Range(0, rank).Select(_ => TestData.Gaussian(random)).ToArray();
            for (int d = 0; d < dims; d++)
                data.Values[i * dims + d] = (float)Enumerable.Range(0, rank).Sum(r => coefficients[r] * basis[r, d]);
        }
        return data;
    }

    /// <summary>Adds N(0, sigma^2) to every value of a copy.</summary>
    public static Matrix WithGaussianNoise(Matrix clean, double sigma, int seed)
    {
        var random = new Random(seed);
        var values = clean.Values.Select(v => (float)(v + sigma * TestData.Gaussian(random))).ToArray();
        return new Matrix(values, clean.Rows, clean.Cols);
    }

    public static double MeanSquaredDistance(Matrix a, Matrix b) =>
        a.Values.Zip(b.Values, (x, y) => (double)(x - y) * (x - y)).Average();

    public static DenseSpec Dense(int inputDim, int latentDim = 3) =>
        new() { InputDim = inputDim, HiddenLayers = [16], LatentDim = latentDim };

    public static ConvSpec Conv(Upsampling upsampling = Upsampling.Nearest, OutputActivation output = OutputActivation.Sigmoid) => new()
    {
        Channels = 1, Height = ImageSize, Width = ImageSize,
        Encoder = [new ConvBlock(4, Pool: 2), new ConvBlock(8, Pool: 2)],
        LatentDim = 4,
        Decoder = new ConvDecoderSpec(upsampling),
        OutputActivation = output,
    };

    public static SequenceSpec Sequence(int steps = 24, RecurrentCell cell = RecurrentCell.Lstm) =>
        new() { Steps = steps, Features = 1, LatentDim = 3, HiddenSize = 16, Cell = cell };

    /// <summary>One tiny spec of every kind (VAE on both backbones) with data it fits: name, spec, rows.</summary>
    public static IEnumerable<(string Name, AutoencoderSpec Spec, Matrix Data)> EveryKind()
    {
        var (images, _) = Shapes(10);
        var (waves, _) = SineWaves(10);
        var (blobs, _) = TestData.Blobs(10, 3, 12);
        yield return ("dense", Dense(12), blobs);
        yield return ("conv", Conv(), images);
        yield return ("conv-transposed", Conv(Upsampling.Transposed), images);
        yield return ("vae-dense", new VaeSpec { Backbone = Dense(12) }, blobs);
        yield return ("vae-conv", new VaeSpec { Backbone = Conv(Upsampling.Bilinear) }, images);
        yield return ("sequence-lstm", Sequence(), waves);
        yield return ("sequence-gru", Sequence(cell: RecurrentCell.Gru), waves);
    }
}
