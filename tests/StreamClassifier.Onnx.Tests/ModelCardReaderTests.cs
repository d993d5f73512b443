using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Testing;

namespace StreamClassifier.Onnx.Tests;

public class ModelCardReaderTests
{
    [Fact]
    public void Sidecar_path_is_the_stem_with_card_json()
    {
        Assert.Equal(Path.Combine("models", "ecg.card.json"), ModelCardReader.SidecarPath(Path.Combine("models", "ecg.onnx")));
    }

    [Fact]
    public void A_plain_model_has_no_card()
    {
        Assert.Null(ModelCardReader.TryRead(SharedPaths.Reference("onnx", "seed_example1.onnx")));
    }

    [Fact]
    public void Card_is_read_from_the_sidecar()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).Save(path);
        ModelCardWriter.WriteSidecar(path, TestNetworks.Card(length: 8));

        var located = ModelCardReader.TryReadLocated(path)!;
        Assert.True(located.FromSidecar);
        Assert.Equal($"model card '{directory.File("m.card.json")}'", located.Source);
        Assert.Equal(8, located.Card.WindowLength);
        Assert.Equal(0.6, located.Card.Threshold);
    }

    [Fact]
    public void Card_is_read_from_the_onnx_metadata_when_there_is_no_sidecar()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).ModelCard(TestNetworks.Card()).Save(path);

        var located = ModelCardReader.TryReadLocated(path)!;
        Assert.False(located.FromSidecar);
        Assert.Equal($"ONNX metadata 'streamclassifier.card' of '{path}'", located.Source);
        Assert.Equal("small", located.Card.Name);
    }

    [Fact]
    public void Sidecar_and_metadata_that_agree_are_accepted()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).Save(path, TestNetworks.Card());
        Assert.True(File.Exists(directory.File("m.card.json")));
        Assert.True(ModelCardReader.TryReadLocated(path)!.FromSidecar);
    }

    [Fact]
    public void Sidecar_and_metadata_that_disagree_are_an_error_naming_both_and_the_fields()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).ModelCard(TestNetworks.Card(length: 8)).Save(path);
        ModelCardWriter.WriteSidecar(path, TestNetworks.Card(length: 8) with { Version = "8", Threshold = 0.7 });

        var error = Assert.Throws<ModelCardException>(() => ModelCardReader.TryRead(path));
        Assert.Contains($"model card '{directory.File("m.card.json")}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ONNX metadata 'streamclassifier.card' of '{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("version: \"8\" vs \"7\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("threshold: 0.7 vs 0.6", error.Message, StringComparison.Ordinal);
        Assert.Contains("re-export", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_sidecar_names_the_file_and_the_fix()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).Save(path);
        File.WriteAllText(directory.File("m.card.json"), "{\"name\": \"m\", \"version\": \"1\", \"input_layout\": \"sideways\"}");

        var error = Assert.Throws<ModelCardException>(() => ModelCardReader.TryRead(path));
        Assert.StartsWith($"model card '{directory.File("m.card.json")}': the model card is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_with_impossible_values_is_rejected()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).Save(path);
        ModelCardWriter.WriteSidecar(path, TestNetworks.Card() with { WindowLength = 0 });

        var error = Assert.Throws<ModelCardException>(() => ModelCardReader.TryRead(path));
        Assert.Equal($"model card '{directory.File("m.card.json")}': window_length = 0, but a window has at least one sample. Fix window_length.", error.Message);
    }

    [Fact]
    public void A_missing_model_names_the_path_and_a_fix()
    {
        var error = Assert.Throws<InvalidModelException>(() => ModelCardReader.TryRead("models/nowhere.onnx"));
        Assert.Equal("Model file 'models/nowhere.onnx' was not found: check the path (relative paths resolve against the topology's base directory) or train and export the model with streamclassifier-train.", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_names_the_path_and_a_fix()
    {
        using var directory = new TempDirectory();
        var path = directory.File("card-by-mistake.onnx");
        File.WriteAllText(path, "{\"name\": \"not a model\"}");

        var error = Assert.Throws<InvalidModelException>(() => ModelInspector.Describe(path));
        Assert.StartsWith($"Model file '{path}' is not an ONNX model:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Export the network with torch.onnx.export or streamclassifier-train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_not_onnx()
    {
        using var directory = new TempDirectory();
        var path = directory.File("empty.onnx");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<InvalidModelException>(() => ModelInspector.Describe(path));
        Assert.Contains("it holds no ONNX graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handwritten_sidecar_with_upper_case_layout_is_read()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Logit).Save(path);
        File.WriteAllText(directory.File("m.card.json"),
            "{\"name\": \"m\", \"version\": \"1\", \"input_layout\": \"NCL\", \"channels\": 2, \"window_length\": 8, \"output\": \"logit\"}");

        var card = ModelCardReader.TryRead(path)!;
        Assert.Equal((InputLayout.NCL, OutputKind.Logit, 0.5), (card.InputLayout, card.Output, card.Threshold));
        using var scorer = OnnxWindowScorer.Load(path);
        Assert.Equal("m", scorer.ModelName);
    }
}
