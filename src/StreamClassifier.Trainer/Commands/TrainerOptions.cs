using System.CommandLine;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>The options the training commands share, each with a default that <c>--help</c> shows.</summary>
internal sealed class TrainerOptions
{
    private TrainerOptions(Architecture architecture, int epochs, int batchSize, double learningRate, int patience, double width)
    {
        Architecture = new Option<Architecture>("--arch")
        {
            Description = "Network: ConvDense, ConvBatchNorm, MultiKernelConv (the seed examples 1-3; their seed names SeedConv1D, SeedBatchNorm, SeedMultiKernel are accepted too), Fcn, ResNet, MiniRocket, ConfigurableConv1D (case-insensitive; its layer stack comes from --config) or BeatNet (the ecg-train network). MiniRocket is fitted in closed form: the epoch, batch, lr, patience, width and class-weight options do not apply to it.",
            DefaultValueFactory = _ => architecture,
            CustomParser = ParseArchitecture,
        };
        Epochs = new Option<int>("--epochs") { Description = "Maximum epochs per network (early stopping may end sooner).", DefaultValueFactory = _ => epochs };
        BatchSize = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => batchSize };
        LearningRate = new Option<double>("--lr") { Description = "Adam's initial learning rate (halved on validation plateaus).", DefaultValueFactory = _ => learningRate };
        Patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better validation loss (0 = never).", DefaultValueFactory = _ => patience };
        Width = new Option<double>("--width") { Description = "Multiplies every layer width (1 = published sizes).", DefaultValueFactory = _ => width };
    }

    /// <summary>--arch.</summary>
    public Option<Architecture> Architecture { get; }

    /// <summary>--epochs.</summary>
    public Option<int> Epochs { get; }

    /// <summary>--batch-size.</summary>
    public Option<int> BatchSize { get; }

    /// <summary>--lr.</summary>
    public Option<double> LearningRate { get; }

    /// <summary>--patience.</summary>
    public Option<int> Patience { get; }

    /// <summary>--seed.</summary>
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for splits, weight initialisation and batch order (same seed, same result).", DefaultValueFactory = _ => 42 };

    /// <summary>--ensemble.</summary>
    public Option<int> Ensemble { get; } = new("--ensemble") { Description = "Networks in the ensemble; their probabilities are averaged.", DefaultValueFactory = _ => 1 };

    /// <summary>--width.</summary>
    public Option<double> Width { get; }

    /// <summary>--threads.</summary>
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads (0 = all cores).", DefaultValueFactory = _ => 0 };

    /// <summary>--no-class-weights.</summary>
    public Option<bool> NoClassWeights { get; } = new("--no-class-weights") { Description = "Do not weigh the positive class by negatives/positives in the loss. [default: off, class weights on]", DefaultValueFactory = _ => false };

    /// <summary>--minirocket-features.</summary>
    public Option<int> MiniRocketFeatures { get; } = new("--minirocket-features") { Description = "MiniRocket only: features (rounded down to a multiple of 84).", DefaultValueFactory = _ => Networks.MiniRocketLayout.DefaultFeatureCount };

    /// <summary>--validation-fraction.</summary>
    public Option<double> ValidationFraction { get; } = new("--validation-fraction") { Description = "Fraction of TRAIN held out (stratified) for validation, 0 ≤ f < 1 (0 = none: then the threshold stays 0.5); UCR and CSV only.", DefaultValueFactory = _ => 0.2 };

    /// <summary>--data-root.</summary>
    public Option<string> DataRoot { get; } = new("--data-root") { Description = "Data root with ucr/ and mitbih/ (`data fetch` fills it; $STREAMCLASSIFIER_SHARED/datasets when set).", DefaultValueFactory = _ => DefaultDataRoot() };

    /// <summary>Creates the options with the given defaults.</summary>
    public static TrainerOptions Create(Architecture architecture = Training.Architecture.Fcn, int epochs = 100, int batchSize = 16, double learningRate = 1e-3, int patience = 20, double width = 1) =>
        new(architecture, epochs, batchSize, learningRate, patience, width);

    /// <summary>The --threshold-by option with a default.</summary>
    public static Option<ThresholdChoice> ThresholdBy(ThresholdChoice defaultChoice, string description) =>
        new("--threshold-by") { Description = description, DefaultValueFactory = _ => defaultChoice };

    /// <summary>Where and how to read the data: --data-root, --validation-fraction and the run's seed.</summary>
    public DatasetOptions DatasetOptions(ParseResult parse, int seed)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new DatasetOptions(parse.GetValue(DataRoot)!, parse.GetValue(ValidationFraction), seed);
    }

    /// <summary>Adds every shared option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Architecture, Epochs, BatchSize, LearningRate, Patience, Seed, Ensemble, Width, Threads, NoClassWeights, MiniRocketFeatures, ValidationFraction, DataRoot })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The training options the parsed command line asks for.</summary>
    public TrainingOptions TrainingOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var options = new TrainingOptions
        {
            Architecture = parse.GetValue(Architecture),
            Epochs = parse.GetValue(Epochs),
            BatchSize = parse.GetValue(BatchSize),
            LearningRate = parse.GetValue(LearningRate),
            Patience = parse.GetValue(Patience),
            Seed = parse.GetValue(Seed),
            EnsembleSize = parse.GetValue(Ensemble),
            WidthScale = parse.GetValue(Width),
            Threads = parse.GetValue(Threads),
            ClassWeights = !parse.GetValue(NoClassWeights),
            MiniRocketFeatures = parse.GetValue(MiniRocketFeatures),
        };
        options.Validate();
        return options;
    }

    private static Architecture ParseArchitecture(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(token => token.Value));
        if (ArchitectureNames.TryParse(text, out var parsed))
        {
            return parsed;
        }

        result.AddError($"--arch {text} is not a network; use one of {ArchitectureNames.Listed}.");
        return default;
    }

    /// <summary>The default data root: <c>$STREAMCLASSIFIER_SHARED/datasets</c> when set, else <c>../shared/datasets</c> (beside the clone).</summary>
    public static string DefaultDataRoot()
    {
        var shared = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_SHARED");
        return string.IsNullOrWhiteSpace(shared) ? Path.Combine("..", "shared", "datasets") : Path.Combine(shared, "datasets");
    }
}
