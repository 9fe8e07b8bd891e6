using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WebClustering.ServingBench;

/// <summary>
/// The operations load test: through the public API only, it trains a small job to read from, starts a long
/// training job, then sends a fixed rate of requests (half status polls of the running job, half embedding reads
/// of the finished one: single items and pages) for a fixed time while that job trains. Prints errors and latency
/// percentiles per kind and the running job's progress before and after, then cancels it.
/// </summary>
public static class MixedLoad
{
    private const int FinishedRows = 5_000;

    public static async Task<int> RunAsync(string baseUrl, double rate, TimeSpan duration, int clients)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(baseUrl) };
        if (Environment.GetEnvironmentVariable("WEBCLUSTERING_API_KEY") is { Length: > 0 } key)
            http.DefaultRequestHeaders.Add("X-Api-Key", key);

        var finished = await StartJobAsync(http, Table(FinishedRows, 20, seed: 1), "load-finished", epochs: 5);
        await WaitAsync(http, finished, "succeeded");
        var running = await StartJobAsync(http, Table(20_000, 100, seed: 2), "load-running", epochs: 500);
        await WaitAsync(http, running, "running");
        var before = await ProgressAsync(http, running);

        var polls = new Recorder();
        var reads = new Recorder();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var random = new Random(100 + c);
            var interval = TimeSpan.FromSeconds(clients / rate);
            var next = interval * random.NextDouble();
            for (long n = 0; stop.Elapsed < duration; n++)
            {
                if (next > stop.Elapsed) await Task.Delay(next - stop.Elapsed);
                next += interval;
                // Alternate: one status poll, then one embedding read (an item, or every fifth time a page of 100).
                var (recorder, url) = (n + c) % 2 == 0
                    ? (polls, $"/api/jobs/{running}")
                    : (reads, random.Next(5) == 0
                        ? $"/api/jobs/{finished}/embeddings?offset={random.Next(FinishedRows - 100)}&limit=100"
                        : $"/api/jobs/{finished}/embeddings/{random.Next(FinishedRows)}");
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(url);
                    await response.Content.LoadIntoBufferAsync();
                    recorder.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds, response.IsSuccessStatusCode);
                }
                catch (HttpRequestException)
                {
                    recorder.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds, ok: false);
                }
            }
        }));
        var seconds = stop.Elapsed.TotalSeconds;
        var after = await ProgressAsync(http, running);
        (await http.PostAsync($"/api/jobs/{running}/cancel", null)).EnsureSuccessStatusCode();

        Console.WriteLine($"mixed load, paced at {rate:F0}/s from {clients} clients for {seconds:F0} s, while job {running} trained " +
            $"(epoch {before} -> {after}):");
        polls.Print("status polls", seconds);
        reads.Print("embedding reads", seconds);
        Recorder.Combined(polls, reads).Print("all", seconds);
        return polls.Errors + reads.Errors == 0 ? 0 : 1;
    }

    private static string Table(int rows, int dims, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("f0");
        for (int d = 1; d < dims; d++) csv.Append(",f").Append(d);
        csv.Append('\n');
        for (int i = 0; i < rows; i++)
        {
            int cluster = i % 5;
            for (int d = 0; d < dims; d++)
            {
                if (d > 0) csv.Append(',');
                csv.Append((cluster * (d % 3 + 1) + random.NextDouble()).ToString("F4", CultureInfo.InvariantCulture));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static async Task<Guid> StartJobAsync(HttpClient http, string csv, string name, int epochs)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", $"{name}.csv" },
        };
        var upload = await http.PostAsync("/api/datasets", form);
        upload.EnsureSuccessStatusCode();
        var datasetId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var job = await http.PostAsJsonAsync("/api/jobs", new
        {
            datasetId,
            model = new { kind = "dense", hiddenLayers = new[] { 256, 128 }, latentDim = 10 },
            training = new { epochs, batchSize = 128, learningRate = 0.001, seed = 0 },
            clustering = new { algorithm = "kmeans", k = 5 },
        });
        job.EnsureSuccessStatusCode();
        return (await job.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task WaitAsync(HttpClient http, Guid job, string state)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(5); await Task.Delay(200))
        {
            var now = (await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}")).GetProperty("state").GetString();
            if (now == state) return;
            if (now is "failed" or "cancelled") throw new InvalidOperationException($"Job {job} ended {now}.");
        }
        throw new TimeoutException($"Job {job} did not reach {state}.");
    }

    private static async Task<int> ProgressAsync(HttpClient http, Guid job) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}")).TryGetProperty("epoch", out var epoch) && epoch.ValueKind == JsonValueKind.Number
            ? epoch.GetInt32()
            : -1;

    private sealed class Recorder
    {
        private readonly List<double> latencies = [];
        public int Errors { get; private set; }

        public void Add(double milliseconds, bool ok)
        {
            lock (latencies)
            {
                latencies.Add(milliseconds);
                if (!ok) Errors++;
            }
        }

        public static Recorder Combined(Recorder a, Recorder b)
        {
            var all = new Recorder { Errors = a.Errors + b.Errors };
            all.latencies.AddRange(a.latencies);
            all.latencies.AddRange(b.latencies);
            return all;
        }

        public void Print(string name, double seconds)
        {
            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            Console.WriteLine($"  {name}: {sorted.Length} requests ({sorted.Length / seconds:F0}/s), {Errors} errors; " +
                $"latency ms p50 {P(0.50):F2}, p99 {P(0.99):F2}, max {(sorted.Length == 0 ? double.NaN : sorted[^1]):F2}");
        }
    }
}
