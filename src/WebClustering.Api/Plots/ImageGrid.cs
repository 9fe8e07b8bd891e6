using SkiaSharp;

namespace WebClustering.Api.Plots;

/// <summary>
/// Draws items of shape [C, H, W] (channels first, as the models take them) as a grid of small pictures with a
/// title and a label per grid row. Plain arrays in, PNG out. One channel is grey, three are RGB; any other
/// count shows its first channel. One value range for the whole grid, so originals and reconstructions compare.
/// </summary>
public static class ImageGrid
{
    private const int TitleHeight = 34;
    private const int LabelWidth = 130;
    private const int Gap = 4;

    /// <param name="rows">Grid rows, each a list of flattened items (C·H·W values); null cells stay empty.</param>
    public static byte[] Render(IReadOnlyList<IReadOnlyList<float[]?>> rows, IReadOnlyList<string> rowLabels, int[] shape,
        string title, int cellSize = 56)
    {
        if (shape.Length != 3) throw new ArgumentException("Items must have the shape [C, H, W].", nameof(shape));
        int channels = shape[0], height = shape[1], width = shape[2], size = channels * height * width;
        int columns = Math.Max(1, rows.Max(r => r.Count));
        var values = rows.SelectMany(r => r).Where(v => v is not null).SelectMany(v => v!).Where(float.IsFinite).ToArray();
        float low = values.Length > 0 ? values.Min() : 0, high = values.Length > 0 ? values.Max() : 1;
        float range = high > low ? high - low : 1;

        int imageWidth = LabelWidth + columns * (cellSize + Gap) + Gap;
        int imageHeight = TitleHeight + rows.Count * (cellSize + Gap) + Gap;
        using var surface = SKSurface.Create(new SKImageInfo(imageWidth, imageHeight));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 16);
        using var small = new SKFont(SKTypeface.Default, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, imageWidth / 2f, 23, SKTextAlign.Center, font, ink);

        using var pixels = new SKBitmap(width, height);
        for (int r = 0; r < rows.Count; r++)
        {
            float top = TitleHeight + r * (cellSize + Gap);
            canvas.DrawText(r < rowLabels.Count ? rowLabels[r] : "", 6, top + cellSize / 2f + 5, SKTextAlign.Left, small, ink);
            for (int c = 0; c < rows[r].Count; c++)
            {
                if (rows[r][c] is not { } item) continue;
                if (item.Length != size) throw new ArgumentException($"An item has {item.Length} values; the shape needs {size}.");
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                    {
                        byte Level(int channel) =>
                            (byte)Math.Clamp((item[(channel * height + y) * width + x] - low) / range * 255, 0, 255);
                        pixels.SetPixel(x, y, channels == 3 ? new SKColor(Level(0), Level(1), Level(2)) : new SKColor(Level(0), Level(0), Level(0)));
                    }
                var cell = SKRect.Create(LabelWidth + Gap + c * (cellSize + Gap), top, cellSize, cellSize);
                // Nearest neighbour: small images stay crisp instead of blurring.
                using var image = SKImage.FromBitmap(pixels);
                canvas.DrawImage(image, cell, new SKSamplingOptions(SKFilterMode.Nearest));
            }
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
