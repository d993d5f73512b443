using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>The schedule is a function of the seed, and every fault it draws is one the broker understands.</summary>
public class ChaosScheduleTests
{
    [Fact]
    public void The_same_seed_draws_the_same_schedule_and_another_seed_another()
    {
        Assert.Equal(ChaosSchedule.Draw(42, 50, "g", exactlyOnce: true).ToString(), ChaosSchedule.Draw(42, 50, "g", exactlyOnce: true).ToString());
        Assert.NotEqual(ChaosSchedule.Draw(42, 50, "g", exactlyOnce: true).ToString(), ChaosSchedule.Draw(43, 50, "g", exactlyOnce: true).ToString());
    }

    [Fact]
    public void Two_hundred_rounds_draw_every_fault_kind()
    {
        var schedule = ChaosSchedule.Draw(7, 200, "g", exactlyOnce: false);
        Assert.Equal(Enum.GetValues<ChaosFaultKind>().Length, schedule.Rounds.Select(r => r.Fault.Kind).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_request_error_names_a_request_type_and_an_error_code(bool exactlyOnce)
    {
        foreach (var (api, error) in ChaosSchedule.RequestErrors(exactlyOnce))
        {
            // The same parsing as the broker's fault commands.
            Assert.True(Enum.TryParse<KafkaApiKey>(api, ignoreCase: true, out _), api);
            Assert.True(Enum.TryParse<ErrorCode>(error.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out _), error);
        }
    }
}
