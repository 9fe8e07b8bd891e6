using WebClustering.Api.Progress;

namespace WebClustering.Api.Tests.Progress;

public class TimeLeftTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_quarter_done_after_ten_seconds_has_thirty_seconds_left()
    {
        Assert.Equal(30.0, TimeLeft.Estimate(Start, 0.25, Start.AddSeconds(10)));
    }

    [Fact]
    public void There_is_no_estimate_before_progress_or_once_done()
    {
        Assert.Null(TimeLeft.Estimate(Start, 0, Start.AddSeconds(10)));
        Assert.Null(TimeLeft.Estimate(Start, 1, Start.AddSeconds(10)));
        Assert.Null(TimeLeft.Estimate(null, 0.5, Start));
    }
}
