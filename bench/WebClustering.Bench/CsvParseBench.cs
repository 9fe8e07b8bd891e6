using System.Diagnostics;
using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;
using WebClustering.Core.Datasets;

/// <summary>
/// Our CSV reader against Sep and Sylvan.Data.Csv on the same generated file, in one process: an id, M numeric
/// columns (every tenth row's first number quoted) and a quoted label holding the separator.
///   dotnet run -c Release --project bench/WebClustering.Bench -- csv-parse [--rows N] [--cols M] [--repeats R]
/// Two workloads per reader. "split": records into cells, each cell touched, nothing parsed (the reader alone;
/// ours is CsvRecordReader). "upload": what a table upload does per row: field count checked, id trimmed and
/// refused when empty, label pooled, every number parsed as a finite float (ours is CsvTableReader, the service's
/// path, with all its checks). "Sylvan +lines" adds what Sylvan would need to name lines as our messages do.
/// Every reader gets the same StreamReader (strict UTF-8, 64 KiB), so decoding costs
/// the same. Allocated bytes are this thread's (GC.GetAllocatedBytesForCurrentThread); run 0 is the JIT warm-up.
/// </summary>
internal static class CsvParseBench
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static void Run(string[] args)
    {
        int rows = Option(args, "--rows", 1_000_000), cols = Option(args, "--cols", 20), repeats = Option(args, "--repeats", 3);
        string path = Path.Combine(Path.GetTempPath(), $"csv-parse-{rows}x{cols}.csv");
        try
        {
            Write(path, rows, cols);
            Console.WriteLine($"CPU: {Cpu()}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
            Console.WriteLine($"file: {rows:N0} rows x ({cols} numbers + id + quoted label), {new FileInfo(path).Length / 1e6:F1} MB");
            (string Name, Func<string, double> Parse)[] readers =
            [
                ("ours split", SplitOurs), ("Sep split", SplitSep), ("Sylvan split", SplitSylvan),
                ("ours upload", UploadOurs), ("Sep upload", UploadSep), ("Sylvan upload", path => UploadSylvan(path, false)),
                ("Sylvan +lines", path => UploadSylvan(path, true)),
            ];
            // CPU seconds rank the readers: on a shared machine the wall time also measures the neighbours.
            var best = readers.ToDictionary(r => r.Name, _ => (Cpu: double.MaxValue, Wall: 0.0, Bytes: 0L, Check: 0.0));
            var process = Process.GetCurrentProcess();
            for (int run = 0; run <= repeats; run++)
                foreach (var (name, parse) in readers)
                {
                    GC.Collect();
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    var watch = Stopwatch.StartNew();
                    double check = parse(path);
                    double wall = watch.Elapsed.TotalSeconds;
                    long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                    process.Refresh();
                    double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                    Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run}"),-8} {name,-14} {wall,7:F3} s wall {cpu,7:F3} s CPU {rows / cpu,12:N0} rows/CPU-s " +
                                      $"{bytes / 1e6,9:F1} MB allocated  checksum {check:R}");
                    if (run > 0 && cpu < best[name].Cpu) best[name] = (cpu, wall, bytes, check);
                }
            Console.WriteLine("best of the runs after warm-up (by CPU time):");
            foreach (var (name, (cpu, wall, bytes, check)) in best)
                Console.WriteLine($"  {name,-14} {rows / cpu,12:N0} rows/CPU-s {rows / wall,12:N0} rows/s wall {bytes / 1e6,9:F1} MB allocated " +
                                  $"({bytes / (double)rows:F1} B/row)  checksum {check:R}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // --- ours -------------------------------------------------------------------------------------------------

    private static double SplitOurs(string path)
    {
        using var text = Open(path);
        var records = new CsvRecordReader(text, ',');
        double check = 0;
        while (records.Read())
            for (int c = 0; c < records.FieldCount; c++)
                check += records[c].Length;
        return check;
    }

    private static double UploadOurs(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = CsvTableReader.Open(file, new CsvTableOptions(IdColumn: "id", LabelColumn: "label", CheckUniqueIds: false, Separator: ','));
        var item = new float[reader.ItemSize];
        double check = 0;
        while (reader.Read(item, out string id, out string? label))
        {
            // In file order (id, numbers, label), as the other readers add them, so the checksums match exactly.
            check += id.Length;
            foreach (float value in item) check += value;
            check += label!.Length;
        }
        return check;
    }

    // --- Sep ---------------------------------------------------------------------------------------------------

    private static double SplitSep(string path)
    {
        using var text = Open(path);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
        double check = 0;
        foreach (var row in reader)
            for (int c = 0; c < row.ColCount; c++)
                check += row[c].Span.Length;
        return check + reader.Header.ColNames.Sum(n => n.Length);
    }

    private static double UploadSep(string path)
    {
        using var text = Open(path);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
        var header = reader.Header.ColNames;
        var upload = new CsvUploadRow(header);
        foreach (var row in reader)
        {
            upload.CheckCount(row.ColCount, row.LineNumberFrom);
            for (int c = 0; c < header.Count; c++) upload.Cell(c, row[c].Span, row.LineNumberFrom);
        }
        return upload.Check;
    }

    // --- Sylvan ------------------------------------------------------------------------------------------------

    private static double SplitSylvan(string path)
    {
        using var text = Open(path);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { Delimiter = ',', HasHeaders = true, BufferSize = 1 << 16 });
        double check = 0;
        while (reader.Read())
            for (int c = 0; c < reader.RowFieldCount; c++)
                check += reader.GetFieldSpan(c).Length;
        for (int c = 0; c < reader.FieldCount; c++) check += reader.GetName(c).Length;
        return check;
    }

    /// <param name="lines">
    /// Also do what keeping our messages would add: Sylvan counts records, not lines, so count the line breaks
    /// inside each cell to name the editor's line, and check each cell against our 1 Mi limit.
    /// </param>
    private static double UploadSylvan(string path, bool lines)
    {
        using var text = Open(path);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { Delimiter = ',', HasHeaders = true, BufferSize = 1 << 16 });
        var upload = new CsvUploadRow([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)]);
        long line = 2;
        while (reader.Read())
        {
            long next = line + 1;
            upload.CheckCount(reader.RowFieldCount, line);
            for (int c = 0; c < upload.Columns; c++)
            {
                var cell = reader.GetFieldSpan(c);
                if (lines)
                {
                    if (cell.Length > CsvRecordReader.MaxFieldLength) throw new InvalidDataException($"Line {line}: value {c + 1} is too long.");
                    if (cell.IndexOfAny('\r', '\n') >= 0) next += LineBreaks(cell);
                }
                upload.Cell(c, cell, line);
            }
            line = lines ? next : reader.RowNumber + 1;
        }
        return upload.Check;
    }

    private static int LineBreaks(ReadOnlySpan<char> cell)
    {
        int count = 0;
        for (int i = 0; i < cell.Length; i++)
            if (cell[i] == '\n' ? i == 0 || cell[i - 1] != '\r' : cell[i] == '\r') count++;
        return count;
    }

    // --- the file ----------------------------------------------------------------------------------------------

    private static StreamReader Open(string path) => new(File.OpenRead(path), StrictUtf8, true, 1 << 16);

    private static void Write(string path, int rows, int cols)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(path, false, StrictUtf8, 1 << 16);
        writer.Write("id");
        for (int c = 0; c < cols; c++) writer.Write($",x{c}");
        writer.Write(",label\n");
        for (int r = 0; r < rows; r++)
        {
            writer.Write("row");
            writer.Write(r);
            for (int c = 0; c < cols; c++)
            {
                string number = ((float)(random.NextDouble() * 200 - 100)).ToString("R", CultureInfo.InvariantCulture);
                writer.Write(c == 0 && r % 10 == 0 ? $",\"{number}\"" : $",{number}");
            }
            writer.Write($",\"class, {r % 7}\"\n");
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
}
