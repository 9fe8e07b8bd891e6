using System.Diagnostics;
using System.Net.Http.Json;

namespace WebClustering.ServingBench;

/// <summary>
/// Load on loopback from N concurrent clients for a fixed time. Closed loop (rate 0): each client sends its next
/// request as soon as the last is answered, which finds the throughput. Paced: the clients together send the given
/// number of requests a second, which measures latency at that load. Prints rate, errors and latency percentiles.
/// </summary>
public static class LoadRunner
{
    public static async Task RunAsync(string baseUrl, Guid jobId, int rows, TimeSpan duration, int clients, double[] similarRates,
        double[] batchRates)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(baseUrl) };
        foreach (var rate in similarRates)
            await Measure($"similar items (top 10 of {rows}, cosine)", duration, clients, rate, http, async (client, random) =>
                await client.GetAsync($"/api/jobs/{jobId}/items/item-{random.Next(rows)}/similar?k=10&metric=cosine"));
        foreach (var rate in batchRates)
            await Measure($"batch read of 1,000 ids (of {rows})", duration, clients, rate, http, async (client, random) =>
                await client.PostAsJsonAsync($"/api/jobs/{jobId}/embeddings/batch",
                    new { itemIds = Enumerable.Range(0, 1000).Select(_ => $"item-{random.Next(rows)}").ToArray() }));
    }

    private static async Task Measure(string name, TimeSpan duration, int clients, double rate, HttpClient http,
        Func<HttpClient, Random, Task<HttpResponseMessage>> send)
    {
        // Warm up: the first similar-items request loads the job's index.
        for (int i = 0; i < 20; i++) (await send(http, new Random(i))).EnsureSuccessStatusCode();

        var latencies = new List<double>[clients];
        int errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var random = new Random(100 + c);
            var mine = latencies[c] = new List<double>();
            // Paced clients start spread over one interval and then keep to their own schedule.
            var interval = rate > 0 ? TimeSpan.FromSeconds(clients / rate) : TimeSpan.Zero;
            var next = interval * random.NextDouble();
            while (stop.Elapsed < duration)
            {
                if (rate > 0)
                {
                    if (next > stop.Elapsed) await Task.Delay(next - stop.Elapsed);
                    next += interval;
                }
                long start = Stopwatch.GetTimestamp();
                using var response = await send(http, random);
                await response.Content.LoadIntoBufferAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        var mode = rate > 0 ? $"paced at {rate:F0}/s" : "closed loop";
        Console.WriteLine($"{name}, {mode}: {clients} clients, {all.Length} requests in {stop.Elapsed.TotalSeconds:F0} s " +
            $"({all.Length / stop.Elapsed.TotalSeconds:F0}/s), {errors} errors; latency ms p50 {P(0.50):F2}, p90 {P(0.90):F2}, " +
            $"p99 {P(0.99):F2}, max {all[^1]:F2}");
    }
}
