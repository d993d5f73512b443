using static StreamClassifier.Core.Tests.Topology.TopologyYaml;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary><c>worker.ready_max_lag_s</c>: how far behind a worker may be and still report ready.</summary>
public class ReadinessSettingTests
{
    [Fact]
    public void The_lag_bound_defaults_to_30_seconds_and_is_read()
    {
        Assert.Equal(30, Load(Valid).Worker.ReadyMaxLagS);
        Assert.Equal(120, Load(Replace("delivery: at_least_once", "delivery: at_least_once\nworker: {ready_max_lag_s: 120}")).Worker.ReadyMaxLagS);
        Assert.Equal(0, Load(Replace("delivery: at_least_once", "delivery: at_least_once\nworker: {ready_max_lag_s: 0}")).Worker.ReadyMaxLagS);
    }

    [Fact]
    public void A_negative_lag_bound_is_refused_with_the_accepted_range()
    {
        var error = Error(Replace("delivery: at_least_once", "delivery: at_least_once\nworker: {ready_max_lag_s: -1}"));

        Assert.Contains("worker.ready_max_lag_s", error, StringComparison.Ordinal);
        Assert.Contains("from 0 (never not ready for lag) to 86400", error, StringComparison.Ordinal);
    }
}
