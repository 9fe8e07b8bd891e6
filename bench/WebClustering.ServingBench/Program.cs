using WebClustering.ServingBench;

// Usage: serving-bench search [rows] [dims]            time the in-process search
//        serving-bench seed <connection> <rows> <dims>  store a synthetic succeeded job, print its id
//        serving-bench load <baseUrl> <jobId> <seconds> <clients>   similar-items and batch-read load, percentiles
//        serving-bench export <baseUrl> <jobId> <serverPid>          NPY export throughput and server memory
var command = args.FirstOrDefault() ?? "search";
switch (command)
{
    case "search":
        SearchMicrobench.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 32);
        break;
    default:
        Console.Error.WriteLine($"Unknown command '{command}'.");
        return 2;
}
return 0;
