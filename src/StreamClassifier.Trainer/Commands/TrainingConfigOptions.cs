using System.CommandLine;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>--config FILE</c>: a <see cref="TrainingConfig"/> (e.g. the <c>best.json</c> that <c>tune</c> wrote) supplies the
/// training options; any option given on the command line as well wins over the file.
/// </summary>
internal sealed class TrainingConfigOptions
{
    /// <summary>--config.</summary>
    public Option<string> Config { get; } = new("--config") { Description = "Training config JSON (e.g. tune's best.json: network, learning rate, augmentation, window length; docs/tuning.md); options given on the command line override it. none = no file.", DefaultValueFactory = _ => "none" };

    /// <summary>The config file the command line names, or null for <c>none</c>.</summary>
    public TrainingConfig? Load(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var path = parse.GetValue(Config);
        return string.IsNullOrWhiteSpace(path) || string.Equals(path, "none", StringComparison.OrdinalIgnoreCase) ? null : TrainingConfig.Load(path);
    }

    /// <summary>The training options: the config's values, except those the command line gives explicitly.</summary>
    public static TrainingOptions Merge(ParseResult parse, TrainerOptions shared, TrainingConfig? config)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(shared);
        if (config is null)
        {
            return shared.TrainingOptions(parse);
        }

        T Pick<T>(Option<T> option, T fromConfig) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : fromConfig;
        var options = config.ToTrainingOptions(parse.GetValue(shared.Threads)) with
        {
            Architecture = Pick(shared.Architecture, config.Architecture),
            Epochs = Pick(shared.Epochs, config.Epochs),
            BatchSize = Pick(shared.BatchSize, config.BatchSize),
            LearningRate = Pick(shared.LearningRate, config.LearningRate),
            Patience = Pick(shared.Patience, config.Patience),
            Seed = Pick(shared.Seed, config.Seed),
            EnsembleSize = Pick(shared.Ensemble, config.Ensemble),
            WidthScale = Pick(shared.Width, config.WidthScale),
            ClassWeights = config.ClassWeights && !parse.GetValue(shared.NoClassWeights),
            MiniRocketFeatures = parse.GetValue(shared.MiniRocketFeatures),
        };
        if (options.Architecture != Architecture.ConfigurableConv1D)
        {
            options = options with { Network = null };
        }

        options.Validate();
        return options;
    }
}
