using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Jobs;

/// <summary>Approximate-search indexes stored in chunks: what is written comes back byte for byte, under the job's fence.</summary>
public sealed class VectorIndexStoreTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly VectorIndexStore store = new(database.DataSource);
    private readonly JobStore jobs = new(database.DataSource);

    private async Task<(Guid Id, int Fence)> RunningJobAsync(string name)
    {
        var dataset = await database.DatasetAsync(name, "0", "1");
        var id = (await database.QueuedJobAsync(dataset.Id)).Id;
        var started = await jobs.StartAsync(id, worker: "test");
        return (id, started!.Fence);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(10_000, 4096)]  // several chunks, the last one partial
    [InlineData(8192, 4096)]    // chunks that fill exactly
    [InlineData(100, 4096)]     // one short chunk
    public async Task Chunks_round_trip(int length, int chunkBytes)
    {
        var (id, fence) = await RunningJobAsync($"round trip {length}");
        var written = Bytes(length, length);

        Assert.True(await store.WriteAsync(id, fence, "cosine", itemCount: 7, dims: 3, new MemoryStream(written), length, 1.5, chunkBytes: chunkBytes));

        var info = await store.GetInfoAsync(id, "cosine");
        Assert.Equal(new VectorIndexInfo("cosine", 7, 3, length, (length + chunkBytes - 1) / chunkBytes, 1.5), info);
        var read = new MemoryStream();
        Assert.Equal(length, await store.ReadAsync(id, "cosine", read));
        Assert.Equal(written, read.ToArray());
        Assert.Null(await store.GetInfoAsync(id, "l2"));
    }

    [Fact]
    public async Task A_rewrite_replaces_every_chunk_and_other_metrics_stay()
    {
        var (id, fence) = await RunningJobAsync("rewrite");
        Assert.True(await store.WriteAsync(id, fence, "cosine", 7, 3, new MemoryStream(Bytes(10_000, 1)), 10_000, 1, chunkBytes: 1000));
        Assert.True(await store.WriteAsync(id, fence, "dot", 7, 3, new MemoryStream(Bytes(50, 2)), 50, 1, chunkBytes: 1000));
        var second = Bytes(2500, 3);
        Assert.True(await store.WriteAsync(id, fence, "cosine", 7, 3, new MemoryStream(second), second.Length, 2, chunkBytes: 1000));

        var read = new MemoryStream();
        await store.ReadAsync(id, "cosine", read);
        Assert.Equal(second, read.ToArray());
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(*) FROM job_vector_index_chunks WHERE job_id = @id AND metric = 'cosine'", ("id", id)));
        Assert.Equal(50, (await store.GetInfoAsync(id, "dot"))!.ByteCount);
    }

    [Fact]
    public async Task An_attempt_that_lost_its_job_writes_nothing_and_deleting_the_job_drops_its_indexes()
    {
        var (id, fence) = await RunningJobAsync("fenced index");
        Assert.False(await store.WriteAsync(id, fence - 1, "cosine", 7, 3, new MemoryStream(Bytes(10, 1)), 10, 1));
        Assert.Null(await store.GetInfoAsync(id, "cosine"));

        Assert.True(await store.WriteAsync(id, fence, "cosine", 7, 3, new MemoryStream(Bytes(10, 1)), 10, 1));
        await database.ScalarAsync<object>("DELETE FROM jobs WHERE id = @id", ("id", id));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM job_vector_index_chunks WHERE job_id = @id", ("id", id)));
    }
}
