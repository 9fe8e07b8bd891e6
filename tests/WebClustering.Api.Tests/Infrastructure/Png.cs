using SkiaSharp;

namespace WebClustering.Api.Tests.Infrastructure;

public static class Png
{
    /// <summary>Asserts the bytes decode as a PNG of the size given that is not one flat colour; returns the count of distinct colours.</summary>
    public static int ShouldBePlot(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "Not a PNG signature.");
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        var colours = bitmap.Pixels.Distinct().Count();
        Assert.True(colours > 10, $"The image has only {colours} colour(s): blank.");
        return colours;
    }
}
