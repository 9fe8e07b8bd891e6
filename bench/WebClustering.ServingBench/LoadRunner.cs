using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebClustering.ServingBench;

/// <summary>
/// Load on loopback from N concurrent clients for a fixed time. Closed loop (rate 0): each client sends its next
/// request as soon as the last is answered, which finds the throughput. Paced: the clients together send the given
/// number of requests a second, which measures latency at that load. Prints rate, errors and latency percentiles.
/// </summary>
public static class LoadRunner
{
    public static async Task RunAsync(string baseUrl, Guid jobId, int rows, TimeSpan duration, int clients, double[] similarRates,
        double[] batchRates, int? serverPid, bool approximate = false)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(baseUrl) };
        // Built before the clock starts: the load generator should spend its CPU on HTTP, not on formatting URLs.
        var similarUris = Enumerable.Range(0, rows)
            .Select(row => new Uri($"{baseUrl}/api/jobs/{jobId}/items/item-{row}/similar?k=10&metric=cosine")).ToArray();
        if (similarRates.Length > 0 && approximate) await WaitForHnswAsync(http, similarUris[0], rows);
        else if (similarRates.Length > 0) await WaitForNeighbourListsAsync(http, similarUris[0]);
        foreach (var rate in similarRates)
            await Measure($"similar items (top 10 of {rows}, cosine)", duration, clients, rate, http, serverPid, async (client, random) =>
                await client.GetAsync(similarUris[random.Next(rows)], HttpCompletionOption.ResponseHeadersRead));
        // Binary is what a client after speed asks for; JSON, closed loop only, shows what the text costs.
        // Request bodies (1,000 random ids each) are serialised before the clock starts, like the URLs: the server
        // still parses a different body each time.
        var batchUri = new Uri($"{baseUrl}/api/jobs/{jobId}/embeddings/batch");
        var bodyRandom = new Random(7);
        var bodies = Enumerable.Range(0, 2000).Select(_ => JsonSerializer.SerializeToUtf8Bytes(
            new { itemIds = Enumerable.Range(0, 1000).Select(_ => $"item-{bodyRandom.Next(rows)}").ToArray() })).ToArray();
        foreach (var rate in batchRates)
            await Measure($"batch read of 1,000 ids (of {rows}), binary", duration, clients, rate, http, serverPid, (client, random) =>
                client.SendAsync(BatchRequest(batchUri, bodies[random.Next(bodies.Length)], "application/octet-stream"), HttpCompletionOption.ResponseHeadersRead));
        if (batchRates.Contains(0))
            await Measure($"batch read of 1,000 ids (of {rows}), JSON", duration, clients, 0, http, serverPid, (client, random) =>
                client.SendAsync(BatchRequest(batchUri, bodies[random.Next(bodies.Length)], "application/json"), HttpCompletionOption.ResponseHeadersRead));
    }

    private static HttpRequestMessage BatchRequest(Uri uri, byte[] body, string accept) => new(HttpMethod.Post, uri)
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        Headers = { { "Accept", accept } },
    };

    /// <summary>
    /// The first similar-items request loads the job's vectors and starts building every item's top 50 in the
    /// background, and the service searches meanwhile. Measure the steady state: wait while /metrics says lists are
    /// being built (a service with them turned off builds none and is measured at once).
    /// </summary>
    private static async Task WaitForNeighbourListsAsync(HttpClient http, Uri firstRequest)
    {
        var waited = Stopwatch.StartNew();
        (await http.GetAsync(firstRequest)).EnsureSuccessStatusCode();
        await Task.Delay(2000); // the index loads before the build starts
        for (; ; await Task.Delay(500))
        {
            var metrics = await ReadMetricsAsync(http);
            int Gauge(string state) => Regex.Match(metrics, $@"webclustering_similar_neighbour_lists\{{metric=""cosine"",state=""{state}""\}} (\d+)")
                is { Success: true } match ? int.Parse(match.Groups[1].Value) : 0;
            if (Gauge("building") > 0 && waited.Elapsed < TimeSpan.FromMinutes(15)) continue;
            Console.WriteLine(Gauge("ready") > 0
                ? $"similar items: neighbour lists (cosine) ready {waited.Elapsed.TotalSeconds:F0} s after the first request"
                : $"similar items: no neighbour lists after {waited.Elapsed.TotalSeconds:F0} s; measuring the search");
            return;
        }
    }

    /// <summary>/metrics with the scrape key of WEBCLUSTERING_SCRAPE_KEY, which a service outside Development requires.</summary>
    private static async Task<string> ReadMetricsAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (Environment.GetEnvironmentVariable("WEBCLUSTERING_SCRAPE_KEY") is { Length: > 0 } key) request.Headers.Add("X-Scrape-Key", key);
        using var response = (await http.SendAsync(request)).EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The service answers exactly while it loads the job's HNSW index from the database: wait for the index.</summary>
    private static async Task WaitForHnswAsync(HttpClient http, Uri request, int rows)
    {
        var waited = Stopwatch.StartNew();
        while (!(await http.GetStringAsync(request)).Contains("\"search\":\"hnsw\""))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(3)) throw new InvalidOperationException("Similar items never came from the HNSW index.");
            await Task.Delay(500);
        }
        Console.WriteLine($"similar items: answered from the HNSW index {waited.Elapsed.TotalSeconds:F0} s after the first request");
        // Recall@10 of the service's answers against its own exact search (exact=true), over 300 random items.
        var random = new Random(5);
        int hits = 0, queries = 300;
        for (int i = 0; i < queries; i++)
        {
            var uri = request.ToString().Replace("/items/item-0/", $"/items/item-{random.Next(rows)}/");
            var approximate = await http.GetFromJsonAsync<JsonElement>(uri);
            var exact = await http.GetFromJsonAsync<JsonElement>(uri + "&exact=true");
            var truth = exact.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("itemId").GetString()).ToHashSet();
            hits += approximate.GetProperty("items").EnumerateArray().Count(item => truth.Contains(item.GetProperty("itemId").GetString()));
        }
        Console.WriteLine($"similar items over HTTP: recall@10 {hits / (10.0 * queries):F4} against exact=true ({queries} random items, cosine)");
    }

    private static async Task Measure(string name, TimeSpan duration, int clients, double rate, HttpClient http, int? serverPid,
        Func<HttpClient, Random, Task<HttpResponseMessage>> send)
    {
        // The first similar-items request loads the job's index.
        for (int i = 0; i < 20; i++)
        {
            using var response = (await send(http, new Random(i))).EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(); // read to the end, so that the connection goes back to the pool
        }
        int errors = 0;
        var warmUp = await WarmUpAsync();
        errors = 0;

        var latencies = new List<double>[clients];
        var serverCpuBefore = ServerCpu(serverPid);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stop = Stopwatch.StartNew();
        await RunClients(duration, latencies);

        // A freshly started service serves its first 10-20 s of full load at a third to a half of its steady rate: the
        // JIT recompiles the hot framework code (ReadyToRun, then instrumented, then optimised with profile data) on a
        // background thread that gets little of two busy cores, and the slow phase can hold one rate for seconds.
        // Closed loop, warm up for 20 s and then until a window of 2 s runs within 5% of the rate of the one before
        // (at most 60 s in all); paced (run after the closed loop), for 5 s.
        async Task<string> WarmUpAsync()
        {
            var window = TimeSpan.FromSeconds(2);
            var clock = Stopwatch.StartNew();
            double last = 0;
            while (true)
            {
                var record = new List<double>[clients];
                await RunClients(rate > 0 ? TimeSpan.FromSeconds(5) : window, record);
                double current = record.Sum(r => r.Count) / window.TotalSeconds;
                bool steady = Math.Abs(current - last) <= 0.05 * last;
                if (rate > 0 || (steady && clock.Elapsed > TimeSpan.FromSeconds(20)) || clock.Elapsed > TimeSpan.FromSeconds(60))
                    return $"warmed up for {clock.Elapsed.TotalSeconds:F0} s" + (rate > 0 ? "" : $" (to {current:F0}/s{(steady ? "" : ", not steady")})");
                last = current;
            }
        }

        Task RunClients(TimeSpan length, List<double>[] record)
        {
            var clock = Stopwatch.StartNew();
            return Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
            {
                var random = new Random(100 + c);
                var mine = record[c] = new List<double>();
                // Each client reads every body to its end into a buffer of its own, as a consumer decoding it in
                // place would; buffering each 133 kB answer in a new MemoryStream made the load generator's GC its
                // main cost.
                var buffer = new byte[64 * 1024];
                // Paced clients start spread over one interval and then keep to their own schedule.
                var interval = rate > 0 ? TimeSpan.FromSeconds(clients / rate) : TimeSpan.Zero;
                var next = interval * random.NextDouble();
                while (clock.Elapsed < length)
                {
                    if (rate > 0)
                    {
                        if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed);
                        next += interval;
                    }
                    long start = Stopwatch.GetTimestamp();
                    using var response = await send(http, random);
                    await using (var body = await response.Content.ReadAsStreamAsync())
                        while (await body.ReadAsync(buffer) > 0) { }
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
            }));
        }
        var serverCpu = ServerCpu(serverPid) - serverCpuBefore;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        var mode = rate > 0 ? $"paced at {rate:F0}/s" : "closed loop";
        Console.WriteLine($"{name}, {mode}, {warmUp}: {clients} clients, {all.Length} requests in {stop.Elapsed.TotalSeconds:F0} s " +
            $"({all.Length / stop.Elapsed.TotalSeconds:F0}/s), {errors} errors; latency ms p50 {P(0.50):F2}, p90 {P(0.90):F2}, " +
            $"p99 {P(0.99):F2}, max {all[^1]:F2}" +
            (serverPid is null ? "" : $"; CPU per request: server {serverCpu.TotalMicroseconds / all.Length:F0} us, " +
                $"load generator {clientCpu.TotalMicroseconds / all.Length:F0} us"));
    }

    /// <summary>User and system CPU time of a process so far (/proc/PID/stat, in clock ticks of 10 ms).</summary>
    private static TimeSpan ServerCpu(int? pid)
    {
        if (pid is null) return TimeSpan.Zero;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (name) ": fields from the 3rd on
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }
}
