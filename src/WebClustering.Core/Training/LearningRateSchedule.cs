using System.Text.Json.Serialization;
namespace WebClustering.Core.Training;

[JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
public enum ScheduleKind
{
    [JsonStringEnumMemberName("step")] Step,
    [JsonStringEnumMemberName("cosine")] Cosine,
}

/// <summary>
/// The learning rate of each epoch. <c>step</c>: multiplied by <see cref="Gamma"/> every <see cref="StepSize"/>
/// epochs. <c>cosine</c>: annealed from the base rate in epoch 1 towards <see cref="MinLearningRate"/> along half a
/// cosine over the run (PyTorch's CosineAnnealingLR with T_max = epochs).
/// </summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, int StepSize = 10, double Gamma = 0.1, double MinLearningRate = 0)
{
    /// <param name="baseRate">The options' learning rate.</param>
    /// <param name="epoch">1-based epoch.</param>
    /// <param name="epochs">Epochs in the run.</param>
    public double RateAt(double baseRate, int epoch, int epochs) => Kind switch
    {
        ScheduleKind.Step => baseRate * Math.Pow(Gamma, (epoch - 1) / StepSize),
        ScheduleKind.Cosine => MinLearningRate + (baseRate - MinLearningRate) * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs)) / 2,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    internal void CollectProblems(double baseRate, Action<string, string> add)
    {
        if (Kind == ScheduleKind.Step)
        {
            if (StepSize < 1) add("schedule.stepSize", $"must be at least 1 (got {StepSize}).");
            if (!(Gamma is >= 0 and <= 1)) add("schedule.gamma", $"must be in [0, 1] (got {Gamma}).");
        }
        else if (!(MinLearningRate >= 0 && MinLearningRate <= baseRate))
            add("schedule.minLearningRate", $"must be in [0, learningRate] (got {MinLearningRate}).");
    }
}
