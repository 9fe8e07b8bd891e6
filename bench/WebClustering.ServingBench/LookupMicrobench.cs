using System.Diagnostics;
using System.Text;
using WebClustering.Core.Search;

namespace WebClustering.ServingBench;

/// <summary>
/// Times looking up a batch read's 1,000 random ids among 100,000, in process, three ways side by side: a
/// Dictionary of strings (what the service used, with the ids already strings), the UTF-8 table one id at a time,
/// and its batched lookup over the ids as they sit in a request body.
/// </summary>
public static class LookupMicrobench
{
    public static void Run(int rows, int rounds)
    {
        var ids = Enumerable.Range(0, rows).Select(r => $"item-{r}").ToArray();
        var dictionary = new Dictionary<string, int>(rows, StringComparer.Ordinal);
        for (int r = 0; r < rows; r++) dictionary[ids[r]] = r;
        var table = new ItemIdTable(ids);
        var random = new Random(5);
        var batches = Enumerable.Range(0, 500).Select(_ => Enumerable.Range(0, 1000).Select(_ => $"item-{random.Next(rows)}").ToArray()).ToArray();
        var bodies = batches.Select(Body).ToArray();
        var found = new int[1000];
        long sum = 0;
        // A server's caches also hold other requests' data: "cold" runs sweep 64 MB between batches (not timed).
        var sweep = new long[8 << 20];
        foreach (bool cold in new[] { false, true })
            for (int round = 0; round <= rounds; round++)
            {
                double dictionaryUs = 0, oneByOneUs = 0, batchedUs = 0;
                for (int b = 0; b < batches.Length; b++)
                {
                    var (body, slices) = bodies[b];
                    dictionaryUs += Time(cold, () => { foreach (var id in batches[b]) sum += dictionary[id]; });
                    oneByOneUs += Time(cold, () => { for (int i = 0; i < 1000; i++) sum += table.Find(body.AsSpan(slices[2 * i], slices[2 * i + 1])); });
                    batchedUs += Time(cold, () => { table.FindMany(body, slices, found); sum += found[0]; });
                }
                Console.WriteLine($"{(cold ? "cold" : "warm")} {(round == 0 ? "warm-up" : $"round {round}")}: 1,000 ids among {rows}: " +
                    $"Dictionary<string, int> {dictionaryUs / batches.Length:F0} us, UTF-8 table one by one {oneByOneUs / batches.Length:F0} us, " +
                    $"batched {batchedUs / batches.Length:F0} us");
            }

        double Time(bool cold, Action lookup)
        {
            if (cold) for (int i = 0; i < sweep.Length; i += 8) sweep[i]++;
            long start = Stopwatch.GetTimestamp();
            lookup();
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        GC.KeepAlive(sum);
    }

    private static (byte[] Body, int[] Slices) Body(string[] batch)
    {
        var body = new List<byte>();
        var slices = new int[2 * batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            body.AddRange("\",\""u8.ToArray());
            (slices[2 * i], slices[2 * i + 1]) = (body.Count, Encoding.UTF8.GetByteCount(batch[i]));
            body.AddRange(Encoding.UTF8.GetBytes(batch[i]));
        }
        return (body.ToArray(), slices);
    }
}
