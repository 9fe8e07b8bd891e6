using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Serving;

namespace WebClustering.Api.Tests.Serving;

public sealed class BatchReadTurnsTests
{
    private static BatchReadTurns Turns(int concurrency) => new(Options.Create(new ServingSettings { BatchReadConcurrency = concurrency }));

    [Fact]
    public async Task Requests_past_the_limit_wait_and_go_in_the_order_they_came()
    {
        var turns = Turns(1);
        var first = await turns.TakeAsync(CancellationToken.None);
        var order = new List<int>();
        var second = turns.TakeAsync(CancellationToken.None).ContinueWith(t => { lock (order) order.Add(2); return t.Result; });
        await Task.Delay(20);
        var third = turns.TakeAsync(CancellationToken.None).ContinueWith(t => { lock (order) order.Add(3); return t.Result; });
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        first.Dispose();
        (await second).Dispose();
        (await third).Dispose();

        Assert.Equal([2, 3], order);
    }

    [Fact]
    public async Task A_request_waiting_for_the_database_lets_the_next_one_in_and_then_takes_a_turn_again()
    {
        var turns = Turns(1);
        var turn = await turns.TakeAsync(CancellationToken.None);
        var database = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = turn.WhileAwaiting(database.Task);
        var next = await turns.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)); // let in meanwhile
        database.SetResult(42);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted); // the answer is in, but the turn is the other request's
        next.Dispose();

        Assert.Equal(42, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        var after = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(after.IsCompleted); // the first request holds its turn again
        turn.Dispose();
        (await after.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_turn_disposed_twice_lets_only_one_request_in_and_no_limit_means_no_waiting()
    {
        var turns = Turns(1);
        var turn = await turns.TakeAsync(CancellationToken.None);
        turn.Dispose();
        turn.Dispose();
        var one = await turns.TakeAsync(CancellationToken.None);
        var two = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(two.IsCompleted);
        one.Dispose();
        (await two).Dispose();

        var unlimited = Turns(0);
        var many = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => unlimited.TakeAsync(CancellationToken.None)));
        Assert.Equal(100, many.Length);
    }

    [Fact]
    public async Task A_request_cancelled_while_waiting_stops_waiting()
    {
        var turns = Turns(1);
        using var held = await turns.TakeAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turns.TakeAsync(cancel.Token));
    }
}
