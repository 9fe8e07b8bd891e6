using System.Globalization;
using System.Text;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>The streamed CSV table reader's statistics are those of the whole columns held in memory.</summary>
public class CsvTableReaderTests
{
    private static Dataset Stream(string text, CsvTableOptions options)
    {
        using var reader = CsvTableReader.Open(Csv.Utf8(text), options);
        return reader.ReadAll();
    }

    /// <summary>Reads with gaps kept, then fills them as a job would with fill values computed in memory (sorting, summing in order).</summary>
    private static Dataset KeptAndFilledInMemory(string text, MissingValueStrategy missing, string[] categorical)
    {
        using var reader = CsvTableReader.Open(Csv.Utf8(text), new CsvTableOptions(Missing: MissingValueStrategy.Keep, CategoricalColumns: categorical));
        var kept = reader.ReadAll();
        var forgotten = reader.Encoding with { Columns = [.. reader.Encoding.Columns.Select(c => c with { Mean = null, Median = null })] };
        var rows = new Matrix(kept.Features, kept.Rows, kept.ItemSize);
        TablePreprocessing.Fit(forgotten, missing, rows, null, null).Impute(rows);
        return kept;
    }

    /// <summary>Random numbers with gaps, repeats, negatives and zeros, and a categorical column with gaps.</summary>
    private static string RandomTable(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("a,colour,b,c\n");
        for (int i = 0; i < rows; i++)
        {
            string Cell(double value) => random.Next(6) == 0 ? "" : value.ToString("R", CultureInfo.InvariantCulture);
            string colour = random.Next(5) == 0 ? "" : ((string[])["red", "green", "blue"])[random.Next(3)];
            csv.Append($"{Cell(random.Next(-3, 4))},{colour},{Cell(random.NextDouble() * 1e6 - 5e5)},{Cell(-random.NextDouble() * 1e-3)}\n");
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData(MissingValueStrategy.Mean, 1)]
    [InlineData(MissingValueStrategy.Median, 1)]
    [InlineData(MissingValueStrategy.Median, 2)]
    [InlineData(MissingValueStrategy.Median, 3)]
    public void Fills_and_encodes_exactly_as_the_statistics_of_the_whole_columns_in_memory(MissingValueStrategy missing, int seed)
    {
        // Odd and even row counts: the median of an even count is the mean of the two middle values.
        string text = RandomTable(300 + seed, seed);

        var streamed = Stream(text, new CsvTableOptions(Missing: missing, CategoricalColumns: ["colour"]));
        var whole = KeptAndFilledInMemory(text, missing, ["colour"]);

        Assert.Equal(whole.FeatureNames, streamed.FeatureNames);
        Assert.Equal(whole.ItemShape, streamed.ItemShape);
        Assert.Equal(whole.Features, streamed.Features);
        Assert.Equal(whole.Ids, streamed.Ids);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_kept_upload_records_the_mean_and_exact_median_of_each_numeric_column(int seed)
    {
        string text = RandomTable(300 + seed, seed);
        using var reader = CsvTableReader.Open(Csv.Utf8(text), new CsvTableOptions(Missing: MissingValueStrategy.Keep, CategoricalColumns: ["colour"]));
        var kept = reader.ReadAll();
        var rows = new Matrix(kept.Features, kept.Rows, kept.ItemSize);

        var numeric = reader.Encoding.Columns.Where(c => c.Kind == TableColumnKind.Numeric).ToArray();

        Assert.Equal(["a", "b", "c"], numeric.Select(c => c.Name));
        for (int j = 0; j < numeric.Length; j++)
        {
            Assert.Equal(Imputation.Fill(rows, j, MissingValueStrategy.Mean), numeric[j].Mean);
            Assert.Equal(Imputation.Fill(rows, j, MissingValueStrategy.Median), numeric[j].Median);
        }
        Assert.Contains(kept.Features, float.IsNaN);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(6)]
    public void The_median_is_exact_for_values_that_differ_only_in_their_last_bits(int count)
    {
        // Neighbouring floats share every bucket but the last pass's, so only a full radix selection tells them apart.
        var values = Enumerable.Range(0, count).Select(i => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1.5f) + i * 3)).ToArray();
        var shuffled = values.OrderBy(v => BitConverter.SingleToInt32Bits(v) % 5).ToArray();
        string text = "v\n" + string.Concat(shuffled.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "\n")) + "\"\"\n";

        var data = Stream(text, new CsvTableOptions(Missing: MissingValueStrategy.Median));

        float expected = count % 2 == 1 ? values[count / 2] : (float)((values[count / 2 - 1] + (double)values[count / 2]) / 2);
        Assert.Equal(expected, data.Features[^1]);
        Assert.Equal(shuffled, data.Features[..^1]);
    }

    [Fact]
    public void Without_fill_or_categories_rows_are_read_as_they_are_with_row_numbers_for_ids()
    {
        var data = Stream("x,y,label\n1,2,p\n3,4,q\n", new CsvTableOptions(LabelColumn: "label"));

        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
        Assert.Equal(["0", "1"], data.Ids);
        Assert.Equal(["p", "q"], data.Labels!);
    }

    [Fact]
    public void A_categorical_column_with_too_many_values_is_refused_without_counting_them_all()
    {
        string text = "c,x\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"v{i},1\n"));

        var error = Assert.Throws<DatasetFormatException>(() => Stream(text, new CsvTableOptions(CategoricalColumns: ["c"], MaxCategories: 10)));

        Assert.Equal("c", error.Column);
        Assert.Contains("more than 10 distinct values", error.Message);
    }

    [Fact]
    public void A_column_without_any_value_has_nothing_to_fill_with()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Stream("x,y\n1,\n2,\n", new CsvTableOptions(Missing: MissingValueStrategy.Mean)));

        Assert.Contains("'y' has no values at all", error.Message);
    }

    [Fact]
    public void Ids_are_left_unchecked_when_storage_checks_them_and_a_repeat_is_described_from_the_file_again()
    {
        string text = "id,x\na,1\nb,2\n\nc,3\nb,4\n".Replace("\n\nc", "\nc");
        var options = new CsvTableOptions(IdColumn: "id", CheckUniqueIds: false);
        Assert.Equal(4, Stream(text, options).Rows);

        var error = CsvTableReader.DuplicateId(Csv.Utf8(text), options, row: 3);

        Assert.Equal((5, "id"), (error.Row, error.Column));
        Assert.Contains("the id 'b' is already used on line 3", error.Message);
        Assert.Throws<DatasetFormatException>(() => Stream(text, options with { CheckUniqueIds = true }));
    }

    [Fact]
    public void A_cell_longer_than_the_limit_is_refused_naming_its_line()
    {
        string text = "x,y\n1,2\n3," + new string('9', CsvRecordReader.MaxFieldLength + 1) + "\n";

        var error = Assert.Throws<DatasetFormatException>(() => Stream(text, new CsvTableOptions()));

        Assert.Equal(3, error.Row);
        Assert.Contains("value 2 of the line is longer than", error.Message);
    }
}
