using System.Diagnostics;

namespace WebClustering.ServingBench;

/// <summary>Downloads a job's NPY export, timing it and sampling the server's resident memory meanwhile.</summary>
public static class ExportRunner
{
    public static async Task RunAsync(string baseUrl, Guid jobId, int serverPid)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
        long before = ResidentBytes(serverPid), peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes(serverPid));
                await Task.Delay(50);
            }
        });

        var stopwatch = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/api/jobs/{jobId}/embeddings/export?format=npy", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) total += read;
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;

        Console.WriteLine($"NPY export of job {jobId}: {total / 1e6:F1} MB in {stopwatch.Elapsed.TotalSeconds:F2} s = " +
            $"{total / 1e6 / stopwatch.Elapsed.TotalSeconds:F0} MB/s; server RSS {before / 1e6:F0} MB before, peak {peak / 1e6:F0} MB " +
            $"(+{(peak - before) / 1e6:F0} MB)");
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }
}
