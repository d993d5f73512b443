using StreamClassifier.Trainer.Networks;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Training;

public sealed class TrainingConfigTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("sc-config-");

    [Fact]
    public void A_config_round_trips_through_its_file()
    {
        var config = new TrainingConfig
        {
            Network = new ConvStackSpec { Filters = [16, 32], KernelSizes = [9, 3], Activation = ConvActivation.LeakyRelu, Dropout = 0.25, BatchNorm = false, Pool = 2, Head = ConvHead.Dense },
            Epochs = 40,
            BatchSize = 32,
            LearningRate = 0.0025,
            Patience = 6,
            ClassWeights = false,
            Seed = 9,
            Augmentation = new AugmentationSpec { Copies = 2, Amplitude = 0.1, Noise = 0.05, Shift = 4 },
            WindowLength = 540,
        };
        var path = scratch.File("best.json");

        config.Save(path);
        var read = TrainingConfig.Load(path);

        Assert.Equal(config.ToJson(), read.ToJson());
        Assert.Equal(config.Network.Filters, read.Network!.Filters);
        Assert.Equal(config.Augmentation, read.Augmentation);
        var text = File.ReadAllText(path);
        Assert.Contains("\"architecture\": \"ConfigurableConv1D\"", text, StringComparison.Ordinal);
        Assert.Contains("\"activation\": \"leaky_relu\"", text, StringComparison.Ordinal);
        Assert.Contains("\"head\": \"dense\"", text, StringComparison.Ordinal);
        var options = read.ToTrainingOptions(threads: 1);
        Assert.Equal((Architecture.ConfigurableConv1D, 40, 32, 0.0025, 6, false, 9, 1), (options.Architecture, options.Epochs, options.BatchSize, options.LearningRate, options.Patience, options.ClassWeights, options.Seed, options.Threads));
        Assert.Same(read.Network, options.Network);
    }

    [Theory]
    [InlineData("""{ "epochs": 0 }""", "epochs: use at least 1.")]
    [InlineData("""{ "learning_rat": 0.1 }""", "invalid training config at $")]
    [InlineData("""{ "network": { "filters": [16, 32], "kernel_sizes": [3] } }""", "network.kernel_sizes: give one kernel size per layer (2 for filters 16, 32).")]
    [InlineData("""{ "network": { "activation": "swish" } }""", "invalid training config at $.network.activation:")]
    [InlineData("""{ "architecture": "Fcn", "network": { "filters": [8] , "kernel_sizes": [3] } }""", "network: only ConfigurableConv1D takes a layer stack")]
    [InlineData("""{ "augmentation": { "copies": 1, "amplitude": 1.5 } }""", "augmentation.amplitude: use a relative change from 0 up to, not including, 1")]
    [InlineData("""{ "network": { "dropout": 1 } }""", "network.dropout: use a probability from 0 (none) up to, not including, 1.")]
    public void Mistakes_name_the_file_and_the_key(string json, string expected)
    {
        var path = scratch.File("config.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<ArgumentException>(() => TrainingConfig.Load(path));

        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_named_with_the_place_to_look_up_the_keys()
    {
        var path = scratch.File("config.json");
        File.WriteAllText(path, """{ "learning_rat": 0.1 }""");

        var error = Assert.Throws<ArgumentException>(() => TrainingConfig.Load(path));

        Assert.Contains("'learning_rat'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("See docs/tuning.md for the keys.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Augmentation_adds_seeded_copies_of_the_training_windows_only()
    {
        var train = SyntheticWindows.Bumps(10, 2, 32, seed: 1);
        var spec = new AugmentationSpec { Copies = 2, Amplitude = 0.2, Noise = 0.1, Shift = 3 };

        var augmented = spec.Apply(train, seed: 4);

        Assert.Equal(30, augmented.Count);
        Assert.Equal(train.Values, augmented.Values[..train.Values.Length]);
        Assert.Equal([.. train.Labels, .. train.Labels, .. train.Labels], augmented.Labels);
        Assert.Equal(augmented.Values, spec.Apply(train, seed: 4).Values);
        Assert.NotEqual(augmented.Values, spec.Apply(train, seed: 5).Values);
        Assert.NotEqual(train.Values, augmented.Values[train.Values.Length..(2 * train.Values.Length)]);
        Assert.Same(train, new AugmentationSpec().Apply(train, seed: 4));
    }

    public void Dispose() => scratch.Dispose();
}
