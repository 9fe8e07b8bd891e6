using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;

namespace WebClustering.Api.Serving;

/// <summary>
/// Batch reads take turns, as many at once as <see cref="ServingSettings.BatchReadConcurrency"/> (the number of
/// cores by default), the others waiting oldest first. Once its body is in, a batch read is CPU work with nothing to
/// wait on: more of them at once than cores only interleaves them, and whichever the thread pool happens to leave
/// last waits longest. Taking turns cut the 99th percentile at 50 concurrent clients on two cores from 26-28 ms to
/// 22-23 ms (docs/benchmarks.md). The turn is taken once the body is in, so that a slow uploader holds none, and given
/// up while the request waits for the database or a job's vectors to load (<see cref="Turn.WhileAwaiting"/>).
/// </summary>
public sealed class BatchReadTurns(IOptions<ServingSettings> options)
{
    private readonly SemaphoreSlim? turns = options.Value.BatchReadConcurrency > 0 ? new(options.Value.BatchReadConcurrency) : null;

    public async Task<Turn> TakeAsync(CancellationToken cancellationToken)
    {
        var turn = new Turn(turns, cancellationToken);
        await turn.TakeAsync();
        return turn;
    }

    /// <summary>One request's turn; disposing it lets the next request in.</summary>
    public sealed class Turn(SemaphoreSlim? turns, CancellationToken cancellationToken) : IDisposable
    {
        private bool held;

        /// <summary>The task's result; when it is not ready, the turn goes to the next request meanwhile and is taken again after.</summary>
        public async Task<T> WhileAwaiting<T>(Task<T> task)
        {
            if (task.IsCompleted || turns is null) return await task;
            Dispose();
            try
            {
                return await task;
            }
            finally
            {
                await TakeAsync();
            }
        }

        internal async Task TakeAsync()
        {
            if (turns is null) return;
            await turns.WaitAsync(cancellationToken);
            held = true;
        }

        public void Dispose()
        {
            if (!held) return;
            held = false;
            turns!.Release();
        }
    }
}
