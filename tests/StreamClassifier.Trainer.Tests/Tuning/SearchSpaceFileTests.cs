using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Networks;
using StreamClassifier.Trainer.Training;
using StreamClassifier.Trainer.Tuning;

namespace StreamClassifier.Trainer.Tests.Tuning;

public sealed class SearchSpaceFileTests
{
    [Fact]
    public void The_shipped_space_parses_and_every_key_of_it_is_documented()
    {
        var path = SharedPaths.Repo("src", "StreamClassifier.Trainer", "Configs", "tune-space.json");

        var space = SearchSpaceFile.Load(path);

        Assert.Equal([2, 3, 4], space.Depth.Choices);
        Assert.Equal([ConvActivation.Relu, ConvActivation.Gelu, ConvActivation.Elu], space.Activation.Choices);
        Assert.Equal(new SearchInterval(0.0003, 0.01, Log: true), space.LearningRate.Interval);
        Assert.Null(space.WindowLength);
        var docs = File.ReadAllText(SharedPaths.Repo("docs", "tuning.md"));
        Assert.All(SearchSpaceFile.Keys, key => Assert.Contains($"`{key}`", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Choices_intervals_and_single_values_are_all_accepted()
    {
        var space = SearchSpaceFile.Parse("""{ "depth": {"min": 1, "max": 3}, "dropout": 0.2, "head": ["dense"], "batch_norm": [true, false], "window_length": [360, 720] }""", "space.json");

        Assert.Equal(new SearchInterval(1, 3, Log: false), space.Depth.Interval);
        Assert.Equal([0.2], space.Dropout.Choices);
        Assert.Equal([ConvHead.Dense], space.Head.Choices);
        Assert.Equal([true, false], space.BatchNorm.Choices);
        Assert.Equal([360, 720], space.WindowLength!.Choices);
        Assert.Equal([64], space.Filters.Choices); // a key left out keeps its default
    }

    [Theory]
    [InlineData("""{ "depht": [2] }""", "space.json: unknown key 'depht'. Known keys: depth, filters,")]
    [InlineData("""{ "dropout": [0.1, "high"] }""", "space.json: dropout: choice 2 is \"high\", expected a probability from 0 up to, not including, 1; write e.g. [0, 0.1, 0.3].")]
    [InlineData("""{ "dropout": [1.5] }""", "space.json: dropout: choice 1 is 1.5, expected a probability")]
    [InlineData("""{ "filters": [] }""", "space.json: filters: the list of choices is empty; list at least one value, e.g. [16, 32, 64].")]
    [InlineData("""{ "filters": [16.5] }""", "space.json: filters: choice 1 is 16.5, expected a whole number of filters, at least 1")]
    [InlineData("""{ "activation": ["swish"] }""", "space.json: activation: choice 1 is \"swish\", expected one of relu, gelu, elu, leaky_relu, tanh")]
    [InlineData("""{ "activation": {"min": 1, "max": 2} }""", "space.json: activation: one of relu, gelu, elu, leaky_relu, tanh is chosen from a list, not an interval")]
    [InlineData("""{ "learning_rate": {"min": 0.01, "max": 0.001} }""", "space.json: learning_rate: min 0.01 is above max 0.001; swap them.")]
    [InlineData("""{ "learning_rate": {"min": 0.001} }""", "space.json: learning_rate: an interval needs both min and max")]
    [InlineData("""{ "learning_rate": {"min": 0, "max": 0.1} }""", "space.json: learning_rate: the interval 0..0.1 leaves the allowed values (a positive learning rate)")]
    [InlineData("""{ "dropout": {"min": 0, "max": 0.5, "log": true} }""", "space.json: dropout: a log interval needs min > 0; raise min or drop \"log\".")]
    [InlineData("""{ "depth": {"min": 2.2, "max": 2.8} }""", "space.json: depth: the interval 2.2..2.8 holds no whole number")]
    [InlineData("""{ "depth": {"min": 1, "max": 3, "step": 1} }""", "space.json: depth: 'step': 1 is not understood in an interval")]
    [InlineData("""[2, 3]""", "space.json: the search space must be a JSON object of parameters")]
    [InlineData("""{ "depth": [2, 3 }""", "space.json: not valid JSON (line 1)")]
    public void Mistakes_are_reported_with_file_key_and_fix(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SearchSpaceFile.Parse(json, "space.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_says_how_to_get_one()
    {
        var error = Assert.Throws<ArgumentException>(() => SearchSpaceFile.Load("/nonexistent/space.json"));

        Assert.Equal("/nonexistent/space.json: the search-space file does not exist. Use --space default or write one as in docs/tuning.md.", error.Message);
    }

    [Fact]
    public void A_seed_draws_the_same_configs_and_more_trials_extend_the_same_sequence()
    {
        var space = SearchSpaceFile.Load(SharedPaths.Repo("src", "StreamClassifier.Trainer", "Configs", "tune-space.json"));
        var template = new TrainingConfig { Seed = 5, Patience = 3 };
        List<string> Draw(int seed, int count)
        {
            var random = new SeededRandom(seed);
            return [.. space.SampleDistinct(random, template, 150, count).Select(config => config.ToJson())];
        }

        var first = Draw(7, 12);

        Assert.Equal(first, Draw(7, 12));
        Assert.Equal(first[..5], Draw(7, 5));
        Assert.NotEqual(first, Draw(8, 12));
        Assert.Equal(12, first.Distinct().Count());
    }

    [Fact]
    public void Distinct_draws_avoid_repeats_until_the_space_is_exhausted()
    {
        var space = SearchSpaceFile.Parse("""{ "depth": [1], "filters": [8, 16], "kernel_size": [3, 5] }""", "space.json");

        var four = space.SampleDistinct(new SeededRandom(1), new TrainingConfig(), 32, 4).Select(config => config.ToJson()).ToList();
        var six = space.SampleDistinct(new SeededRandom(1), new TrainingConfig(), 32, 6).Select(config => config.ToJson()).ToList();

        Assert.Equal(4, four.Distinct().Count());
        Assert.Equal(four, six[..4]);
        Assert.Equal(4, six.Distinct().Count());
    }

    [Fact]
    public void Sampled_values_stay_inside_the_space_and_keep_the_template()
    {
        var space = SearchSpaceFile.Parse("""{ "depth": {"min": 1, "max": 4}, "filters": {"min": 8, "max": 16}, "learning_rate": {"min": 0.0001, "max": 0.01, "log": true}, "pool": [4], "augmentation_copies": [1] }""", "space.json");
        var random = new SeededRandom(3);
        var configs = Enumerable.Range(0, 200).Select(_ => space.Sample(random, new TrainingConfig { Patience = 7 }, 64)).ToList();

        Assert.All(configs, config =>
        {
            Assert.Equal(Architecture.ConfigurableConv1D, config.Architecture);
            Assert.Equal(7, config.Patience);
            Assert.InRange(config.Network!.Depth, 1, 4);
            Assert.All(config.Network.Filters, filters => Assert.InRange(filters, 8, 16));
            Assert.InRange(config.LearningRate, 0.0001, 0.01);
            Assert.Equal(1, config.Augmentation!.Copies);
            Assert.True(config.Network.OutputLength(64) >= 4, "pooling must leave at least 4 samples");
        });
        Assert.Equal([1, 2, 3, 4], configs.Select(config => config.Network!.Depth).Distinct().Order());
        Assert.Equal(9, configs.SelectMany(config => config.Network!.Filters).Distinct().Count());
        Assert.Contains(configs, config => config.Network!.Pool == 4);
        Assert.Contains(configs, config => config.Network!.Pool == 1);
        Assert.True(configs.Count(config => config.LearningRate < 0.001) is > 60 and < 140, "log-uniform: about half below the geometric mean");
    }
}
