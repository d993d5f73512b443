using StreamClassifier.Core.Models;
using StreamClassifier.Core.Tests.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Topology;

public class TopologyModelCheckTests
{
    private const string TopologySource = "topologies/ecg-demo.yaml";
    private const string CardSource = "models/ecg.card.json";

    private static readonly StreamSpec Stream = TopologyYaml.Load(TopologyYaml.Valid).Streams[0];

    // The card the trainer writes for the stream above, as JSON, so the test also covers the card contract.
    private static ModelCard MatchingCard()
    {
        var card = EcgDemoCard.Card with { Version = "3", Threshold = 0.62 };
        return ModelCard.Parse(card.ToJson(), CardSource);
    }

    [Fact]
    public void A_card_with_the_same_preprocessing_passes()
    {
        TopologyModelCheck.Check(Stream, MatchingCard(), TopologySource, CardSource);

        Assert.Empty(TopologyModelCheck.FindDifferences(Stream, MatchingCard(), TopologySource, CardSource));
    }

    [Fact]
    public void A_different_parameter_names_both_values_and_both_sources()
    {
        var card = MatchingCard() with { Preprocessing = MatchingCard().Preprocessing with { Filters = [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 25)] } };

        var exception = Assert.Throws<TopologyException>(() => TopologyModelCheck.Check(Stream, card, TopologySource, CardSource));

        Assert.StartsWith($"Stream 'ecg' of topology '{TopologySource}' does not match model card '{CardSource}' (1 difference).", exception.Message, StringComparison.Ordinal);
        Assert.Contains("\n  - streams[0].filters[1].q: topology 'topologies/ecg-demo.yaml' has 30, model card 'models/ecg.card.json' has 25", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_difference_is_listed()
    {
        var card = MatchingCard() with
        {
            SampleRateHz = 250,
            Channels = 2,
            WindowLength = 500,
            InputLayout = InputLayout.NLC,
            Output = OutputKind.Logit,
            Preprocessing = new PreprocessingCard
            {
                Filters = [FilterSpec.Bandpass(1, 45, 2), FilterSpec.Lowpass(50, 4)],
                Normalize = NormalizationKind.Fixed,
                Mean = [0, 0],
                Std = [1, 1],
            },
        };

        var differences = TopologyModelCheck.FindDifferences(Stream, card, TopologySource, CardSource).Select(difference => difference.ToString()).ToArray();

        Assert.Equal(
            [
                "streams[0].sample_rate_hz: topology 'topologies/ecg-demo.yaml' has 360, model card 'models/ecg.card.json' has sample_rate_hz 250",
                "streams[0].channels: topology 'topologies/ecg-demo.yaml' has 1 channel [0], model card 'models/ecg.card.json' has channels 2",
                "streams[0].window.size: topology 'topologies/ecg-demo.yaml' has 720, model card 'models/ecg.card.json' has window_length 500",
                "streams[0].filters[0].order: topology 'topologies/ecg-demo.yaml' has 4, model card 'models/ecg.card.json' has 2",
                "streams[0].filters[0].low_hz: topology 'topologies/ecg-demo.yaml' has 0.5, model card 'models/ecg.card.json' has 1",
                "streams[0].filters[0].high_hz: topology 'topologies/ecg-demo.yaml' has 40, model card 'models/ecg.card.json' has 45",
                "streams[0].filters[1].type: topology 'topologies/ecg-demo.yaml' has notch (notch 60 Hz q 30), model card 'models/ecg.card.json' has lowpass (lowpass 50 Hz order 4)",
                "streams[0].normalize: topology 'topologies/ecg-demo.yaml' has zscore, model card 'models/ecg.card.json' has fixed (mean [0, 0], std [1, 1])",
                "streams[0].model.input_layout: topology 'topologies/ecg-demo.yaml' has NCL, model card 'models/ecg.card.json' has NLC",
                "streams[0].model.output: topology 'topologies/ecg-demo.yaml' has probability, model card 'models/ecg.card.json' has logit",
            ],
            differences);
        var message = Assert.Throws<TopologyException>(() => TopologyModelCheck.Check(Stream, card, TopologySource, CardSource)).Message;
        Assert.Contains("(10 differences)", message, StringComparison.Ordinal);
        Assert.All(differences, difference => Assert.Contains(difference, message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_different_filter_count_lists_both_chains()
    {
        var card = MatchingCard() with
        {
            Preprocessing = new PreprocessingCard { Filters = [FilterSpec.Bandpass(0.5, 40, 4)] },
        };

        var difference = Assert.Single(TopologyModelCheck.FindDifferences(Stream, card, TopologySource, CardSource));

        Assert.Equal("streams[0].filters: topology 'topologies/ecg-demo.yaml' has 2 filters (bandpass 0.5-40 Hz order 4; notch 60 Hz q 30), model card 'models/ecg.card.json' has 1 filter (bandpass 0.5-40 Hz order 4)", difference.ToString());
    }

    [Fact]
    public void Fixed_normalisation_is_compared_value_by_value()
    {
        var stream = Stream with { Normalize = new NormalizationSpec(NormalizationKind.Fixed, [0.1], [2.0]) };
        var card = MatchingCard() with { Preprocessing = MatchingCard().Preprocessing with { Normalize = NormalizationKind.Fixed, Mean = [0.1], Std = [2.5] } };
        var agreeing = MatchingCard() with { Preprocessing = MatchingCard().Preprocessing with { Normalize = NormalizationKind.Fixed, Mean = [0.1], Std = [2.0] } };

        var difference = Assert.Single(TopologyModelCheck.FindDifferences(stream, card, TopologySource, CardSource));

        Assert.Equal("streams[0].normalize.std[0]: topology 'topologies/ecg-demo.yaml' has 2, model card 'models/ecg.card.json' has 2.5", difference.ToString());
        Assert.Empty(TopologyModelCheck.FindDifferences(stream, agreeing, TopologySource, CardSource));
    }

    [Fact]
    public void A_card_without_a_sample_rate_and_a_topology_without_layout_are_not_differences()
    {
        var stream = Stream with { Model = new ModelSpec { Path = "m.onnx" } };
        var card = MatchingCard() with { SampleRateHz = null, InputLayout = InputLayout.NLC, Output = OutputKind.Softmax2 };

        Assert.Empty(TopologyModelCheck.FindDifferences(stream, card, TopologySource, CardSource));
    }

    [Fact]
    public void A_clear_level_above_the_cards_threshold_is_reported_when_the_stream_uses_that_threshold()
    {
        var stream = Stream with { Alert = new AlertPolicySpec { Threshold = null, ClearBelow = 0.7 } };

        var difference = Assert.Single(TopologyModelCheck.FindDifferences(stream, MatchingCard(), TopologySource, CardSource));

        Assert.Equal("streams[0].alert.clear_below: topology 'topologies/ecg-demo.yaml' has 0.7, above the calibrated threshold 0.62 of model card 'models/ecg.card.json' that the stream uses (alert.threshold is not set); expected clear_below at most the threshold", difference.ToString());
    }

    [Fact]
    public void A_stream_built_in_code_is_named_by_its_name()
    {
        var stream = Stream with { Index = null, Window = new WindowSpec(100, 10) };

        var difference = Assert.Single(TopologyModelCheck.FindDifferences(stream, MatchingCard(), TopologySource, CardSource));

        Assert.StartsWith("streams[name=ecg].window.size:", difference.ToString(), StringComparison.Ordinal);
    }
}
