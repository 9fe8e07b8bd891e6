using ScottPlot;
using SkiaSharp;

namespace WebClustering.Api.Plots;

/// <summary>
/// Draws the job plots as PNG from plain arrays (no Core or storage types), so it can be tested and reused on its
/// own. ScottPlot draws each panel; SkiaSharp places panels side by side.
/// </summary>
public static class PlotRenderer
{
    public const int PanelWidth = 640;
    public const int PanelHeight = 520;
    public const int LossWidth = 720;
    public const int LossHeight = 420;

    // More groups than this would make an unreadable legend: the rest share the last entry.
    private const int MaxLegendGroups = 20;

    /// <summary>A scatter of 2-D points coloured by group, one legend entry per group.</summary>
    /// <param name="groups">The group of each point; negative values (noise) are grey.</param>
    /// <param name="groupNames">The legend text of each group index.</param>
    public static byte[] Scatter(double[] xs, double[] ys, int[] groups, IReadOnlyList<string> groupNames,
        string title, string xLabel, string yLabel, int width = PanelWidth, int height = PanelHeight)
    {
        if (xs.Length != ys.Length || xs.Length != groups.Length)
            throw new ArgumentException("xs, ys and groups must have the same length.");
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var markerSize = xs.Length > 2000 ? 3 : 6;
        foreach (var group in groups.Distinct().Order())
        {
            var indices = Enumerable.Range(0, groups.Length).Where(i => groups[i] == group).ToArray();
            var scatter = plot.Add.ScatterPoints(indices.Select(i => xs[i]).ToArray(), indices.Select(i => ys[i]).ToArray());
            scatter.MarkerSize = markerSize;
            scatter.Color = group < 0 ? Colors.Gray.WithAlpha(.6) : palette.GetColor(group).WithAlpha(.8);
            scatter.LegendText = group < 0 ? "noise"
                : group < MaxLegendGroups ? (group < groupNames.Count ? groupNames[group] : $"{group}")
                : group == MaxLegendGroups ? "…" : "";
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Loss per epoch: the training curve, and the validation curve when there is one.</summary>
    public static byte[] Loss(double[] training, double[]? validation, string title, string xLabel = "Epoch", string trainingLegend = "training")
    {
        using var plot = new Plot();
        var epochs = Enumerable.Range(1, training.Length).Select(e => (double)e).ToArray();
        var train = plot.Add.Scatter(epochs, training);
        train.LegendText = trainingLegend;
        train.MarkerSize = training.Length > 60 ? 0 : 4;
        if (validation is { Length: > 0 })
        {
            var valid = plot.Add.Scatter(epochs[..validation.Length], validation);
            valid.LegendText = "validation";
            valid.MarkerSize = train.MarkerSize;
            valid.LinePattern = LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("Loss");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(LossWidth, LossHeight, ImageFormat.Png);
    }

    /// <summary>PNG panels of equal height placed left to right in one PNG.</summary>
    /// <summary>The automatic-k curve: each k tried against its score, the chosen k marked.</summary>
    public static byte[] KSelection(IReadOnlyList<(int K, double Score)> curve, int chosen, string criterion)
    {
        using var plot = new Plot();
        var ks = curve.Select(point => (double)point.K).ToArray();
        var line = plot.Add.Scatter(ks, curve.Select(point => point.Score).ToArray());
        line.LegendText = criterion;
        line.MarkerSize = 6;
        var pick = curve.FirstOrDefault(point => point.K == chosen);
        var marker = plot.Add.Marker(chosen, pick.Score);
        marker.Size = 14;
        marker.LegendText = $"chosen k = {chosen}";
        plot.Title($"Choosing k by {criterion}");
        plot.XLabel("k (clusters)");
        plot.YLabel(criterion);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(LossWidth, LossHeight, ImageFormat.Png);
    }

    public static byte[] SideBySide(IReadOnlyList<byte[]> panels)
    {
        if (panels.Count == 1) return panels[0];
        var bitmaps = panels.Select(p => SKBitmap.Decode(p) ?? throw new InvalidDataException("A panel is not an image.")).ToList();
        try
        {
            using var surface = SKSurface.Create(new SKImageInfo(bitmaps.Sum(b => b.Width), bitmaps.Max(b => b.Height)));
            surface.Canvas.Clear(SKColors.White);
            float x = 0;
            foreach (var bitmap in bitmaps)
            {
                surface.Canvas.DrawBitmap(bitmap, x, 0);
                x += bitmap.Width;
            }
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }
        finally
        {
            foreach (var bitmap in bitmaps) bitmap.Dispose();
        }
    }
}
