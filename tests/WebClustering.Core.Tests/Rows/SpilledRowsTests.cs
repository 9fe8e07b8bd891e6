using WebClustering.Core.Rows;

namespace WebClustering.Core.Tests.Rows;

/// <summary>A streamed job's latent vectors go to a file: what is appended reads back, and nothing is left behind.</summary>
public class SpilledRowsTests
{
    [Fact]
    public void Rows_appended_in_batches_read_back_by_range_by_row_and_by_sample()
    {
        var values = Enumerable.Range(0, 10_000 * 3).Select(i => i * 0.5f).ToArray();
        var directory = Directory.CreateTempSubdirectory("spill-test").FullName;
        try
        {
            using var spilled = new SpilledRows(3, directory);
            for (int first = 0; first < 10_000; first += 4096)
                spilled.Append(values.AsSpan(first * 3, Math.Min(4096, 10_000 - first) * 3));

            Assert.Equal((10_000, 3), (spilled.Rows, spilled.Cols));
            Assert.Equal(values, spilled.ReadAll().Values);
            var range = new float[5 * 3];
            spilled.Read(4094, 5, range);
            Assert.Equal(values.AsSpan(4094 * 3, 15).ToArray(), range);
            var row = new float[3];
            spilled.ReadRow(9_999, row);
            Assert.Equal(values[^3..], row);
            Assert.Equal([.. values[3..6], .. values[(7_000 * 3)..(7_001 * 3)]], spilled.ReadRows([1, 7_000]).Values);
            Assert.Throws<ArgumentOutOfRangeException>(() => spilled.Read(9_999, 2, new float[6]));
            Assert.Throws<ArgumentException>(() => spilled.Append(new float[4]));
            // Unlinked as soon as it was open: a worker killed now leaves no file.
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
