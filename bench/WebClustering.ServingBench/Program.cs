using WebClustering.ServingBench;

// Usage (bench/serving.sh runs them all against a service it starts):
//   search [rows] [dims]                          time the in-process similar-items search
//   lookup [rows] [rounds]                        time looking up a batch read's 1,000 ids, three ways
//   seed <connection> <rows> <dims> [--hnsw]      store a synthetic succeeded job, print its id; --hnsw also stores its
//                                                 cosine HNSW index, as a job of WebClustering:ApproximateSearchMinItems items would
//   hnsw [rows] [dims] [threads]                  HNSW build time, size, recall@10 against exact search, query time
//   load <baseUrl> <jobId> <rows> <seconds> <clients> <similar rates> <batch rates> [serverPid]
//        similar items and batch reads; rates per second, comma-separated, 0 = closed loop, - = none;
//        with the server's pid, also the CPU time server and load generator spent per request;
//        load-hnsw takes the same arguments and measures once similar items are answered from the HNSW index
//   export <baseUrl> <jobId> <serverPid>          NPY export throughput and the server's memory
//   mixed <baseUrl> <rate> <seconds> <clients>    status polls and embedding reads while a job trains (bench/load.sh)
var command = args.FirstOrDefault() ?? "search";
switch (command)
{
    case "search":
        SearchMicrobench.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 32);
        break;
    case "lookup":
        LookupMicrobench.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 3);
        break;
    case "seed":
        Console.WriteLine(await Seeder.SeedAsync(args[1], int.Parse(args[2]), int.Parse(args[3]), args.Contains("--hnsw")));
        break;
    case "hnsw":
        HnswBench.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 32,
            args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount);
        break;
    case "load" or "load-hnsw":
        await LoadRunner.RunAsync(args[1], Guid.Parse(args[2]), int.Parse(args[3]), TimeSpan.FromSeconds(int.Parse(args[4])), int.Parse(args[5]),
            Rates(args, 6), Rates(args, 7), args.Length > 8 ? int.Parse(args[8]) : null, approximate: command == "load-hnsw");
        break;
    case "export":
        await ExportRunner.RunAsync(args[1], Guid.Parse(args[2]), int.Parse(args[3]));
        break;
    case "mixed":
        return await MixedLoad.RunAsync(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(args[3])), int.Parse(args[4]));
    default:
        Console.Error.WriteLine($"Unknown command '{command}'.");
        return 2;
}
return 0;

static double[] Rates(string[] args, int at) =>
    args.Length <= at ? [0] : args[at] == "-" ? [] : [.. args[at].Split(',').Select(r => double.Parse(r, System.Globalization.CultureInfo.InvariantCulture))];
