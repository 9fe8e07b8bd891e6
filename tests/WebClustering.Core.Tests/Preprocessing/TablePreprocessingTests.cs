using WebClustering.Core.Datasets;
using WebClustering.Core.Datasets.Tests;
using WebClustering.Core.Models;
using WebClustering.Core.Tests;

namespace WebClustering.Core.Preprocessing.Tests;

/// <summary>A table uploaded with its gaps kept, filled by a job's choice, and raw rows encoded as the job encoded its rows.</summary>
public class TablePreprocessingTests
{
    // Numbers: age 20, 40, 30 and a gap (mean 30, median 30); income 1, 2, 9 and a gap (mean 4, median 2). City: Paris twice, Lyon once, a gap.
    private const string Text = "id,age,city,income,label\na,20,Paris,1,x\nb,40,,2,y\nc,,Lyon,9,x\nd,30,Paris,,y\n";

    private static (Dataset Rows, TableEncoding Encoding) Kept(string text = Text)
    {
        using var reader = CsvTableReader.Open(Csv.Utf8(text),
            new CsvTableOptions("id", "label", MissingValueStrategy.Keep, ["city"]));
        return (reader.ReadAll(), reader.Encoding);
    }

    private static TablePreprocessing Fitted(MissingValueStrategy choice)
    {
        var (rows, encoding) = Kept();
        return TablePreprocessing.Fit(encoding, choice, new Matrix(rows.Features, rows.Rows, rows.ItemSize), "id", "label");
    }

    [Fact]
    public void A_kept_upload_records_the_raw_columns_their_statistics_and_the_first_gap_and_stores_gaps_as_nan()
    {
        var (rows, encoding) = Kept();

        Assert.Equal(["age", "city", "income"], encoding.Columns.Select(c => c.Name));
        Assert.Equal([TableColumnKind.Numeric, TableColumnKind.Categorical, TableColumnKind.Numeric], encoding.Columns.Select(c => c.Kind));
        Assert.Equal((30f, 30f), (encoding.Columns[0].Mean, encoding.Columns[0].Median));
        Assert.Equal((4f, 2f), (encoding.Columns[2].Mean, encoding.Columns[2].Median));
        Assert.Equal(["Lyon", "Paris"], encoding.Columns[1].Categories!);
        Assert.Equal("Paris", encoding.Columns[1].MostFrequent);
        Assert.Equal(new MissingCell(3, "b", "city"), encoding.FirstMissing);
        Assert.Equal(["age", "income", "city=Lyon", "city=Paris"], rows.FeatureNames!);
        Assert.Equal([40f, 2f, float.NaN, float.NaN], rows.Features.AsSpan(4, 4).ToArray());
        Assert.Equal([float.NaN, 9f, 1f, 0f], rows.Features.AsSpan(8, 4).ToArray());
        Assert.Equal(encoding.ToJson(), TableEncoding.FromJson<TableEncoding>(encoding.ToJson()).ToJson());
        Assert.Contains("\"kind\":\"categorical\",\"categories\":[\"Lyon\",\"Paris\"],\"mostFrequent\":\"Paris\"", encoding.ToJson());
    }

    [Theory]
    [InlineData(MissingValueStrategy.Mean, 30f, 4f)]
    [InlineData(MissingValueStrategy.Median, 30f, 2f)]
    public void A_job_fills_kept_gaps_with_its_choice_and_the_most_frequent_category(MissingValueStrategy choice, float age, float income)
    {
        var (rows, encoding) = Kept();
        var matrix = new Matrix(rows.Features, rows.Rows, rows.ItemSize);

        var table = TablePreprocessing.Fit(encoding, choice, matrix, "id", "label");
        table.Impute(matrix);

        Assert.Equal(choice, table.Missing);
        Assert.Equal([age, null, income], table.Columns.Select(c => c.Fill));
        Assert.Equal([40f, 2f, 0f, 1f], matrix.Row(1).ToArray());
        Assert.Equal([age, 9f, 1f, 0f], matrix.Row(2).ToArray());
        Assert.Equal([30f, income, 0f, 1f], matrix.Row(3).ToArray());
    }

    [Fact]
    public void A_job_that_refuses_gaps_names_the_line_row_and_column_of_the_first()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Fitted(MissingValueStrategy.Refuse));

        Assert.StartsWith("Line 3 (counting the header as line 1), row 'b', column 'city': the value is missing", error.Message);
        Assert.Equal((3L, "city"), (error.Row, error.Column));
    }

    [Fact]
    public void Gaps_the_upload_filled_keep_the_uploads_fill_values_whatever_the_job_chooses()
    {
        using var reader = CsvTableReader.Open(Csv.Utf8(Text), new CsvTableOptions("id", "label", MissingValueStrategy.Mean, ["city"]));
        var rows = reader.ReadAll();

        var table = TablePreprocessing.Fit(reader.Encoding, MissingValueStrategy.Median, new Matrix(rows.Features, rows.Rows, rows.ItemSize), "id", "label");

        Assert.Equal(MissingValueStrategy.Mean, table.Missing);
        Assert.Equal([30f, null, 4f], table.Columns.Select(c => c.Fill));
        Assert.Equal([30f, 9f, 1f, 0f], rows.Features.AsSpan(8, 4).ToArray());
    }

    [Fact]
    public void Fill_values_a_refusing_upload_did_not_record_are_computed_from_the_rows()
    {
        using var reader = CsvTableReader.Open(Csv.Utf8("x\n1\n7\n2\n"), new CsvTableOptions());
        var rows = reader.ReadAll();

        var table = TablePreprocessing.Fit(reader.Encoding, MissingValueStrategy.Median, new Matrix(rows.Features, rows.Rows, 1), null, null);

        Assert.Null(reader.Encoding.Columns[0].Median);
        Assert.Equal(2f, table.Columns[0].Fill);
    }

    [Fact]
    public void A_raw_row_is_encoded_as_the_training_rows_were_gaps_filled_and_categories_one_hot()
    {
        var table = Fitted(MissingValueStrategy.Median);
        var features = new float[table.Width];

        table.EncodeRow([float.NaN, 5f], ["Lyon"], features, "Row 0");
        Assert.Equal([30f, 5f, 1f, 0f], features);
        table.EncodeRow([31f, float.NaN], [null], features, "Row 1");
        Assert.Equal([31f, 2f, 0f, 1f], features);
    }

    [Fact]
    public void An_unknown_category_is_refused_naming_the_row_column_and_value()
    {
        var table = Fitted(MissingValueStrategy.Median);

        var error = Assert.Throws<DatasetFormatException>(() => table.EncodeRow([1f, 1f], ["Berlin"], new float[table.Width], "Row 7 ('q')"));

        Assert.StartsWith("Row 7 ('q'), column 'city': 'Berlin' is not a category this model was trained with ('Lyon', 'Paris')", error.Message);
        Assert.Equal("city", error.Column);
    }

    [Fact]
    public void A_model_whose_job_refused_gaps_refuses_a_raw_row_with_one()
    {
        var (rows, encoding) = Kept("id,age,city,label\na,1,p,x\nb,2,q,y\n");
        var table = TablePreprocessing.Fit(encoding, MissingValueStrategy.Refuse, new Matrix(rows.Features, rows.Rows, rows.ItemSize), "id", null);

        var error = Assert.Throws<DatasetFormatException>(() => table.EncodeRow([float.NaN], ["p"], new float[table.Width], "Row 0 ('z')"));

        Assert.StartsWith("Row 0 ('z'), column 'age': the value is missing", error.Message);
    }

    [Fact]
    public void A_raw_csv_with_columns_in_another_order_and_the_id_and_label_columns_reads_like_the_rows()
    {
        var table = Fitted(MissingValueStrategy.Median);

        var read = RawTableReader.Read(Csv.Utf8("label,city,income,id,age\nx,Lyon,,n1,\ny,Paris,3,n2,50\n"), table, null, 100);

        Assert.Equal(["n1", "n2"], read.Ids);
        Assert.Equal([30f, 2f, 1f, 0f, 50f, 3f, 0f, 1f], read.Features.Values);
    }

    [Theory]
    [InlineData("age,city\n1,Paris\n", "The columns must be the model's raw columns: age, city, income (an empty cell is a gap, filled with the model's value). Missing: income.")]
    [InlineData("age,city,income,extra\n1,Paris,2,3\n", "Not columns of this model (or repeated): extra.")]
    [InlineData("age,city,income\n1,Rome,2\n", "Line 2 (counting the header as line 1), column 'city': 'Rome' is not a category")]
    [InlineData("age,city,income\n1,Paris,abc\n", "Line 2 (counting the header as line 1), column 'income': 'abc' is not a number")]
    public void A_raw_csv_that_does_not_fit_the_model_is_refused_saying_where(string csv, string problem)
    {
        var table = Fitted(MissingValueStrategy.Median);

        var error = Assert.Throws<DatasetFormatException>(() => RawTableReader.Read(Csv.Utf8(csv), table, null, 100));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void The_model_file_carries_the_table_preprocessing()
    {
        var table = Fitted(MissingValueStrategy.Median);
        var (data, _) = TestData.Blobs(5, 2, 4);
        using var model = AutoencoderFactory.Create(ModelTestData.Dense(4));

        var loaded = ModelFile.Load(new MemoryStream(ModelFile.Save(new TrainedModel(model, Scaler.Fit(data, ScalingKind.None), table))));

        Assert.Equal(table.ToJson(), loaded.Table!.ToJson());
        Assert.Equal(30f, loaded.Table.Columns[0].Fill);
        Assert.Null(ModelFile.Load(new MemoryStream(ModelFile.Save(new TrainedModel(model, Scaler.Fit(data, ScalingKind.None))))).Table);
    }
}
