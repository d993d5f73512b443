using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Models;

public class ModelCardJsonTests
{
    private static readonly ModelCard Card = new()
    {
        Name = "ecg-pvc",
        Version = "3",
        InputLayout = InputLayout.NLC,
        Channels = 2,
        WindowLength = 720,
        SampleRateHz = 360,
        Output = OutputKind.Softmax2,
        Threshold = 0.42,
        Preprocessing = new PreprocessingCard
        {
            Filters = [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)],
            WindowHop = 90,
            Normalize = NormalizationKind.ZScore,
        },
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
