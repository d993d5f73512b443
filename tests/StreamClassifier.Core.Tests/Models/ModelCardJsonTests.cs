using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Models;

public class ModelCardJsonTests
{
    // Non-default layout and output so the test sees their spellings, not the defaults'.
    private static readonly ModelCard Card = EcgDemoCard.Card with
    {
        Version = "3",
        InputLayout = InputLayout.NLC,
        Channels = 2,
        Output = OutputKind.Softmax2,
        Threshold = 0.42,
    };

    [Fact]
    public void Cards_use_the_documented_spellings_and_round_trip()
    {
        var json = Card.ToJson();

        Assert.Contains("\"input_layout\": \"NLC\"", json, StringComparison.Ordinal);
        Assert.Contains("\"normalize\": \"zscore\"", json, StringComparison.Ordinal);
        Assert.Contains("\"output\": \"softmax2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"bandpass\"", json, StringComparison.Ordinal);
        Assert.Contains("\"low_hz\": 0.5", json, StringComparison.Ordinal);
        var back = ModelCard.Parse(json, "test");
        Assert.Equal(Card.Preprocessing.Filters, back.Preprocessing.Filters);
        Assert.Equal((Card.InputLayout, Card.Output, Card.Preprocessing.Normalize, Card.Threshold), (back.InputLayout, back.Output, back.Preprocessing.Normalize, back.Threshold));
    }

    [Fact]
    public void Cards_written_with_the_earlier_lower_case_spellings_still_read()
    {
        var json = Card.ToJson().Replace("\"NLC\"", "\"nlc\"", StringComparison.Ordinal).Replace("\"zscore\"", "\"z_score\"", StringComparison.Ordinal);

        var back = ModelCard.Parse(json, "old.card.json");

        Assert.Equal(InputLayout.NLC, back.InputLayout);
        Assert.Equal(NormalizationKind.ZScore, back.Preprocessing.Normalize);
    }

    [Fact]
    public void A_bad_value_names_the_source_and_the_json_path()
    {
        var json = Card.ToJson().Replace("\"zscore\"", "\"minmax\"", StringComparison.Ordinal);

        var error = Assert.Throws<ModelCardException>(() => ModelCard.Parse(json, "models/x.card.json"));

        Assert.Contains("models/x.card.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.preprocessing.normalize", error.Message, StringComparison.Ordinal);
    }
}
