namespace WebClustering.Core.Models;

/// <summary>The shape of a feature map (without the batch dimension).</summary>
internal readonly record struct MapShape(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}

/// <summary>
/// Feature map sizes through a <see cref="ConvSpec"/>, computed without building anything, so validation can say
/// exactly where a map would vanish and the builder can choose paddings that land on the input size.
/// </summary>
internal static class ConvGeometry
{
    /// <summary>Maps after each encoder block, starting with the input itself.</summary>
    public static MapShape[] EncoderMaps(ConvSpec spec)
    {
        var maps = new MapShape[spec.Encoder.Count + 1];
        maps[0] = new MapShape(spec.Channels, spec.Height, spec.Width);
        for (int i = 0; i < spec.Encoder.Count; i++)
        {
            var block = spec.Encoder[i];
            int height = ConvOut(maps[i].Height, block.Kernel, block.Stride) / block.Pool;
            int width = ConvOut(maps[i].Width, block.Kernel, block.Stride) / block.Pool;
            maps[i + 1] = new MapShape(block.OutChannels, height, width);
        }
        return maps;
    }

    /// <summary>Output size of a conv with zero padding kernel / 2 (so odd kernels at stride 1 keep the size).</summary>
    public static int ConvOut(int size, int kernel, int stride) => (size + 2 * (kernel / 2) - kernel) / stride + 1;

    public static Upsampling Upsampling(ConvSpec spec) => spec.Decoder?.Upsampling ?? Models.Upsampling.Nearest;

    /// <summary>The given up blocks, or ones that undo the encoder in reverse: same kernels, scale = stride x pool.</summary>
    public static IReadOnlyList<UpBlock> DecoderBlocks(ConvSpec spec)
    {
        if (spec.Decoder?.Blocks is { } blocks) return blocks;
        var encoder = spec.Encoder;
        return Enumerable.Range(0, encoder.Count).Reverse()
            .Select(i => new UpBlock(encoder[Math.Max(i - 1, 0)].OutChannels, encoder[i].Kernel, encoder[i].Stride * encoder[i].Pool))
            .ToArray();
    }

    /// <summary>
    /// The map the decoder's dense layer produces: the encoder's last channel count, and the input size divided by
    /// the product of the up blocks' scales, rounded up (so growing it never falls short; the excess is cropped).
    /// </summary>
    public static MapShape DecoderStart(ConvSpec spec)
    {
        long scale = DecoderBlocks(spec).Aggregate(1L, (product, block) => product * block.Scale);
        return new MapShape(spec.Encoder[^1].OutChannels, (int)CeilDiv(spec.Height, scale), (int)CeilDiv(spec.Width, scale));
    }

    /// <summary>Maps after each up block, starting with <see cref="DecoderStart"/>.</summary>
    public static MapShape[] DecoderMaps(ConvSpec spec)
    {
        var blocks = DecoderBlocks(spec);
        var upsampling = Upsampling(spec);
        var maps = new MapShape[blocks.Count + 1];
        maps[0] = DecoderStart(spec);
        for (int i = 0; i < blocks.Count; i++)
            maps[i + 1] = new MapShape(blocks[i].OutChannels,
                UpOut(maps[i].Height, blocks[i], upsampling), UpOut(maps[i].Width, blocks[i], upsampling));
        return maps;
    }

    /// <summary>
    /// Transposed conv output is (in - 1)·s - 2p + k + op; choosing k - 2p + op = s makes it exactly in·s.
    /// Needs 0 ≤ op &lt; s, which fails only for scale 1 with an even kernel.
    /// </summary>
    public static (int Padding, int OutputPadding) TransposedPadding(int kernel, int scale)
    {
        int padding = kernel >= scale ? (kernel - scale + 1) / 2 : 0;
        return (padding, scale - kernel + 2 * padding);
    }

    /// <summary>Transposed: exactly size·scale. Interpolation then a conv padded kernel / 2: an even kernel adds one.</summary>
    private static int UpOut(int size, UpBlock block, Upsampling upsampling) => upsampling == Models.Upsampling.Transposed
        ? size * block.Scale
        : size * block.Scale + (block.Kernel % 2 == 0 ? 1 : 0);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    public static void CollectShapeProblems(ConvSpec spec, SpecProblems problems)
    {
        var maps = EncoderMaps(spec);
        for (int i = 1; i < maps.Length; i++)
        {
            if (maps[i].Height >= 1 && maps[i].Width >= 1) continue;
            problems.Add($"encoder[{i - 1}]", $"the {maps[i - 1].Height}x{maps[i - 1].Width} feature map would shrink to " +
                $"{maps[i].Height}x{maps[i].Width} (kernel {spec.Encoder[i - 1].Kernel}, stride {spec.Encoder[i - 1].Stride}, " +
                $"pool {spec.Encoder[i - 1].Pool}); use a smaller stride or pool, or fewer blocks.");
            return;
        }

        var blocks = DecoderBlocks(spec);
        string source = spec.Decoder?.Blocks is null ? " (derived from the encoder)" : "";
        if (Upsampling(spec) == Models.Upsampling.Transposed)
            for (int i = 0; i < blocks.Count; i++)
                if (blocks[i].Scale == 1 && blocks[i].Kernel % 2 == 0)
                    problems.Add($"decoder.blocks[{i}]", $"a transposed convolution with scale 1 keeps the map size only with an odd kernel, not {blocks[i].Kernel}{source}.");

        var grown = DecoderMaps(spec)[^1];
        if (grown.Height >= 2 * spec.Height || grown.Width >= 2 * spec.Width)
            problems.Add("decoder.blocks", $"the scales grow the smallest possible 1x1 map to {grown.Height}x{grown.Width}, " +
                $"at least twice the {spec.Height}x{spec.Width} input, and most of it would be cropped away; use fewer or smaller scales.");
    }
}
