using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Training;

public class ModelTrainerTests
{
    private static TrainingOptions Small(Architecture architecture) => new()
    {
        Architecture = architecture,
        WidthScale = 0.25,
        Epochs = 6,
        BatchSize = 16,
        LearningRate = 3e-3,
        Patience = 0,
        Seed = 11,
        Threads = 1,
    };

    [Fact]
    public void The_same_seed_gives_the_same_model_and_another_seed_does_not()
    {
        var train = SyntheticWindows.Bumps(48, 1, 40, seed: 1);
        var validation = SyntheticWindows.Bumps(16, 1, 40, seed: 2);
        var options = Small(Architecture.ConvBatchNorm) with { Epochs = 3 };

        using var first = ModelTrainer.Train(train, validation, options);
        using var second = ModelTrainer.Train(train, validation, options);
        using var other = ModelTrainer.Train(train, validation, options with { Seed = 12 });

        Assert.Equal(first.History, second.History);
        Assert.Equal(first.PredictProbabilities(validation), second.PredictProbabilities(validation));
        Assert.NotEqual(first.PredictProbabilities(validation), other.PredictProbabilities(validation));
    }

    [Fact]
    public void An_easy_problem_is_learned_to_high_held_out_accuracy()
    {
        var train = SyntheticWindows.Bumps(160, 1, 64, seed: 3);
        var validation = SyntheticWindows.Bumps(40, 1, 64, seed: 4);
        var test = SyntheticWindows.Bumps(100, 1, 64, seed: 5);
        var reports = new List<EpochReport>();

        using var model = ModelTrainer.Train(train, validation, Small(Architecture.MultiKernelConv) with
        {
            Epochs = 25,
            Patience = 8,
            Progress = new SynchronousProgress<EpochReport>(reports.Add),
        });

        var probabilities = model.PredictProbabilities(test);
        var accuracy = probabilities.Zip(test.Labels, (p, label) => (p >= 0.5f ? 1 : 0) == label).Average(ok => ok ? 1.0 : 0.0);
        Assert.True(accuracy >= 0.9, $"held-out accuracy {accuracy:F3}");
        Assert.Equal(model.History, reports);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void The_best_validation_checkpoint_is_restored_and_patience_stops_training()
    {
        // Labels independent of the signal: validation loss cannot keep improving.
        var train = SyntheticWindows.Bumps(48, 1, 40, seed: 6);
        var shuffled = new Random(9);
        var noiseLabels = train.Labels.Select(_ => shuffled.Next(2)).ToArray();
        var noisyTrain = new StreamClassifier.Trainer.Data.LabelledWindows(train.Values, noiseLabels, 1, 40);
        var validation = SyntheticWindows.Bumps(24, 1, 40, seed: 7);

        using var model = ModelTrainer.Train(noisyTrain, validation, Small(Architecture.ConvDense) with { Epochs = 60, Patience = 3, LearningRate = 1e-2 });

        Assert.True(model.History.Count < 60, $"expected early stopping, ran {model.History.Count} epochs");
        var best = model.History.Where(r => r.Improved).Last();
        Assert.Equal(model.History.Min(r => r.ValidationLoss), best.ValidationLoss);
        Assert.Equal(3, model.History.Count - best.Epoch);

        var probabilities = model.PredictProbabilities(validation);
        var positiveWeight = (double)noiseLabels.Count(l => l == 0) / noiseLabels.Count(l => l == 1);
        var loss = probabilities.Zip(validation.Labels, (p, y) => -((positiveWeight * y * Math.Log(p)) + ((1 - y) * Math.Log(1 - p)))).Average();
        Assert.Equal(best.ValidationLoss, loss, 4);
    }

    [Fact]
    public void An_ensemble_averages_its_members()
    {
        var train = SyntheticWindows.Bumps(40, 2, 32, seed: 8);
        var validation = SyntheticWindows.Bumps(12, 2, 32, seed: 9);

        using var ensemble = ModelTrainer.Train(train, validation, Small(Architecture.Fcn) with { Epochs = 2, EnsembleSize = 2 });

        Assert.Equal(2, ensemble.Members.Count);
        Assert.Equal([0, 1], ensemble.History.Select(r => r.Member).Distinct());
        var probabilities = ensemble.PredictProbabilities(validation);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        var input = TorchSharp.torch.tensor(validation.Values, [validation.Count, 2, 32]);
        var mean = ensemble.Members.Select(m => TorchSharp.torch.sigmoid(m.forward(input))).Aggregate((a, b) => a + b) / 2;
        var expected = mean.flatten().data<float>().ToArray();
        for (var index = 0; index < expected.Length; index++)
        {
            Assert.Equal(expected[index], probabilities[index], 6);
        }
    }

    [Fact]
    public void Tensors_left_after_training_do_not_grow_with_the_number_of_epochs()
    {
        var train = SyntheticWindows.Bumps(40, 1, 32, seed: 10);
        var validation = SyntheticWindows.Bumps(10, 1, 32, seed: 11);
        static long LiveTensors() => TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        (long WhileAlive, long AfterDispose) Run(int epochs)
        {
            var start = LiveTensors();
            long whileAlive;
            using (var model = ModelTrainer.Train(train, validation, Small(Architecture.ConvBatchNorm) with { Epochs = epochs, EnsembleSize = 2 }))
            {
                model.PredictProbabilities(validation);
                whileAlive = LiveTensors() - start;
            }

            return (whileAlive, LiveTensors() - start);
        }

        var oneEpoch = Run(1);
        var sixEpochs = Run(6);

        // Batches, evaluations and checkpoints are all released; what stays is per network, not per epoch
        // (its parameters while alive; TorchSharp's statistics count about one tensor per BatchNorm layer
        // outliving a disposed network, a constant not traced further).
        Assert.Equal(oneEpoch, sixEpochs);
        Assert.InRange(oneEpoch.AfterDispose, 0, 4);
    }

    [Fact]
    public void Bad_options_and_mismatched_data_are_refused_clearly()
    {
        var train = SyntheticWindows.Bumps(8, 1, 32, seed: 1);
        var validation = SyntheticWindows.Bumps(4, 2, 32, seed: 1);

        var shape = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(train, validation, Small(Architecture.Fcn)));
        Assert.Contains("2×32", shape.Message, StringComparison.Ordinal);
        var epochs = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(train, train, Small(Architecture.Fcn) with { Epochs = 0 }));
        Assert.Contains("Epochs must be at least 1", epochs.Message, StringComparison.Ordinal);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
