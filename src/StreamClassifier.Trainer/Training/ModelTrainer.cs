using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Native;
using StreamClassifier.Trainer.Networks;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Training;

/// <summary>
/// Trains Conv1D classifiers: Adam, learning rate halved on validation plateaus, best-on-validation
/// checkpoint kept in memory, early stopping, positive-class weighting, fixed seeds, optional ensemble.
/// Closed-form architectures (MiniRocket) are fitted by <see cref="MiniRocketFitter"/> on the training rows
/// instead; validation is then only evaluated (and later used for the threshold), not used to fit.
/// </summary>
internal static class ModelTrainer
{
    /// <summary>Windows scored per forward pass in evaluation.</summary>
    internal const int EvaluationBatch = 256;

    // libtorch has one global random generator (weight init, dropout): two trainings interleaving
    // their draws would each lose seed determinism, so a process trains one model at a time.
    private static readonly Lock TrainingGate = new();

    /// <summary>
    /// Trains <see cref="TrainingOptions.EnsembleSize"/> networks on <paramref name="train"/>, choosing each
    /// one's checkpoint by loss on <paramref name="validation"/> (which must come from the training split,
    /// never from test). With an empty validation set the training loss chooses the checkpoint.
    /// </summary>
    public static TrainedModel Train(LabelledWindows train, LabelledWindows validation, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        if (validation.Count > 0 && (validation.Channels != train.Channels || validation.Length != train.Length))
        {
            throw new ArgumentException($"Validation windows are {validation.Channels}×{validation.Length} but training windows are {train.Channels}×{train.Length}.", nameof(validation));
        }

        TorchSharpNative.EnsureLoadable();
        lock (TrainingGate)
        {
            return TrainLocked(train, validation, options);
        }
    }

    private static TrainedModel TrainLocked(LabelledWindows train, LabelledWindows validation, TrainingOptions options)
    {
        torch.set_num_threads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);

        var positives = train.Labels.Count(l => l == 1);
        var negatives = train.Count - positives;
        // pos_weight = negatives/positives balances the two classes' total weight in the loss.
        var positiveWeight = options.ClassWeights && positives > 0 && negatives > 0 ? (double)negatives / positives : 1.0;

        var members = new List<ClassifierNetwork>();
        var history = new List<EpochReport>();
        try
        {
            using var trainValues = TensorOf(train);
            using var trainTargets = TargetsOf(train);
            using var validationValues = validation.Count > 0 ? TensorOf(validation) : null;
            using var validationTargets = validation.Count > 0 ? TargetsOf(validation) : null;
            using var positiveWeightTensor = torch.tensor(new[] { (float)positiveWeight });
            var notes = new List<string>();
            for (var member = 0; member < options.EnsembleSize; member++)
            {
                if (options.Architecture.IsClosedForm())
                {
                    var seed = unchecked(options.Seed + (member * 7919));
                    var fit = MiniRocketFitter.Fit(train, options.MiniRocketFeatures, seed);
                    members.Add(fit.Network);
                    notes.Add((options.EnsembleSize > 1 ? $"member {member + 1}: " : string.Empty) + $"{fit.Network.FeatureCount} features, {RidgeClassifierCV.Describe(fit.Ridge)}");
                    ReportClosedForm(member, fit.Network, trainValues, trainTargets, validationValues, validationTargets, positiveWeightTensor, options, history);
                    continue;
                }

                var run = new MemberRun(member, options, positiveWeightTensor, history);
                members.Add(run.Fit(trainValues, trainTargets, validationValues, validationTargets, train.Channels, train.Length));
            }

            return new TrainedModel(members, history, options.Architecture, train.Channels, train.Length) { FitNotes = notes };
        }
        catch
        {
            foreach (var network in members)
            {
                network.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// A closed-form fit has no epochs: it reports once, as epoch 1, with the same weighted loss and accuracy
    /// (on the logit) the gradient-trained networks report, so histories and plots read alike.
    /// </summary>
    private static void ReportClosedForm(int member, ClassifierNetwork network, Tensor trainValues, Tensor trainTargets, Tensor? validationValues, Tensor? validationTargets, Tensor positiveWeight, TrainingOptions options, List<EpochReport> history)
    {
        var (trainLoss, trainAccuracy) = Evaluate(network, trainValues, trainTargets, positiveWeight);
        var (validationLoss, validationAccuracy) = validationValues is not null
            ? Evaluate(network, validationValues, validationTargets!, positiveWeight)
            : (double.NaN, double.NaN);
        var report = new EpochReport(member, 1, trainLoss, trainAccuracy, validationLoss, validationAccuracy, Improved: true);
        history.Add(report);
        options.Progress?.Report(report);
    }

    /// <summary>Mean loss and accuracy of a network in eval mode.</summary>
    internal static (double Loss, double Accuracy) Evaluate(ClassifierNetwork network, Tensor values, Tensor targets, Tensor positiveWeight)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var count = values.shape[0];
        double lossSum = 0;
        long correct = 0;
        for (long start = 0; start < count; start += EvaluationBatch)
        {
            var length = Math.Min(EvaluationBatch, count - start);
            var logits = network.forward(values.narrow(0, start, length));
            var batchTargets = targets.narrow(0, start, length);
            lossSum += F.binary_cross_entropy_with_logits(logits, batchTargets, reduction: nn.Reduction.Sum, pos_weights: positiveWeight).item<float>();
            correct += logits.gt(0).eq(batchTargets.gt(0.5)).sum().item<long>();
        }

        return (lossSum / count, (double)correct / count);
    }

    /// <summary>The windows as a float tensor [N, C, L].</summary>
    internal static Tensor TensorOf(LabelledWindows windows)
        => torch.tensor(windows.Values, [windows.Count, windows.Channels, windows.Length]);

    private static Tensor TargetsOf(LabelledWindows windows)
        => torch.tensor(windows.Labels.Select(l => (float)l).ToArray(), [windows.Count, 1]);

    /// <summary>One ensemble member's training run.</summary>
    private sealed class MemberRun(int member, TrainingOptions options, Tensor positiveWeight, List<EpochReport> history)
    {
        // Members differ by seed so an ensemble is not k copies of one network.
        private readonly int seed = unchecked(options.Seed + (member * 7919));

        public ClassifierNetwork Fit(Tensor values, Tensor targets, Tensor? validationValues, Tensor? validationTargets, int channels, int length)
        {
            torch.manual_seed(seed);
            var shuffler = new Random(seed);
            var network = NetworkFactory.Create(options, channels, length);
            Dictionary<string, Tensor>? best = null;
            try
            {
                RunEpochs(network, values, targets, validationValues, validationTargets, shuffler, ref best);
                if (best is not null)
                {
                    Restore(network, best);
                }

                network.eval();
                return network;
            }
            catch
            {
                network.Dispose();
                throw;
            }
            finally
            {
                DisposeAll(best);
            }
        }

        /// <summary>Trains epoch after epoch until the last, or until the monitored loss stops improving; <paramref name="best"/> keeps the best weights seen.</summary>
        private void RunEpochs(ClassifierNetwork network, Tensor values, Tensor targets, Tensor? validationValues, Tensor? validationTargets, Random shuffler, ref Dictionary<string, Tensor>? best)
        {
            using var optimizer = torch.optim.Adam(network.parameters(), lr: options.LearningRate);
            var learningRate = options.LearningRate;
            var learningRatePatience = options.LearningRatePatience != 0 ? options.LearningRatePatience : Math.Max(2, options.Patience / 2);
            var count = (int)values.shape[0];
            var batchSize = Math.Min(options.BatchSize, count);
            var order = Enumerable.Range(0, count).ToArray();
            var bestLoss = double.PositiveInfinity;
            var sinceBest = 0;
            var sincePlateauStart = 0;
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                shuffler.Shuffle(order);
                var (trainLoss, trainAccuracy) = TrainEpoch(network, optimizer, values, targets, order, batchSize);
                var (validationLoss, validationAccuracy) = validationValues is not null
                    ? Evaluate(network, validationValues, validationTargets!, positiveWeight)
                    : (double.NaN, double.NaN);
                var monitored = validationValues is not null ? validationLoss : trainLoss;
                var improved = monitored < bestLoss;
                if (improved)
                {
                    bestLoss = monitored;
                    sinceBest = 0;
                    sincePlateauStart = 0;
                    DisposeAll(best);
                    best = Snapshot(network);
                }
                else
                {
                    sinceBest++;
                    sincePlateauStart++;
                }

                var report = new EpochReport(member, epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, improved) { LearningRate = learningRate };
                history.Add(report);
                options.Progress?.Report(report);
                if (options.Patience > 0 && sinceBest >= options.Patience)
                {
                    break;
                }

                if (learningRatePatience > 0 && sincePlateauStart >= learningRatePatience)
                {
                    learningRate = HalveLearningRate(optimizer, learningRate);
                    sincePlateauStart = 0;
                }
            }
        }

        /// <summary>Halves the learning rate on a plateau, down to a thousandth of the initial one.</summary>
        private double HalveLearningRate(torch.optim.Optimizer optimizer, double learningRate)
        {
            learningRate = Math.Max(learningRate / 2, options.LearningRate / 1000);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            return learningRate;
        }

        private (double Loss, double Accuracy) TrainEpoch(ClassifierNetwork network, torch.optim.Optimizer optimizer, Tensor values, Tensor targets, int[] order, int batchSize)
        {
            network.train();
            double lossSum = 0;
            long correct = 0;
            for (var start = 0; start < order.Length; start += batchSize)
            {
                // A trailing batch of one window is fine: every BatchNorm here normalises [N, C, L]
                // over N·L values, never over N alone.
                var size = Math.Min(batchSize, order.Length - start);
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(order.AsSpan(start, size).ToArray().Select(i => (long)i).ToArray());
                var batch = values.index_select(0, index);
                var batchTargets = targets.index_select(0, index);
                optimizer.zero_grad();
                var logits = network.forward(batch);
                var loss = F.binary_cross_entropy_with_logits(logits, batchTargets, pos_weights: positiveWeight);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * size;
                using (torch.no_grad())
                {
                    correct += logits.gt(0).eq(batchTargets.gt(0.5)).sum().item<long>();
                }
            }

            return (lossSum / order.Length, (double)correct / order.Length);
        }

        private static Dictionary<string, Tensor> Snapshot(ClassifierNetwork network)
        {
            // Under no_grad a clone carries no autograd history; an intermediate detach() would leak one tensor per entry.
            using var noGrad = torch.no_grad();
            return network.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.clone().DetachFromDisposeScope());
        }

        /// <summary>
        /// Copies a snapshot back in place. (load_state_dict replaces some buffers, e.g. BatchNorm's
        /// num_batches_tracked, with new tensors and leaves the old ones undisposed.)
        /// </summary>
        private static void Restore(ClassifierNetwork network, Dictionary<string, Tensor> snapshot)
        {
            using var noGrad = torch.no_grad();
            foreach (var (name, tensor) in network.state_dict())
            {
                tensor.copy_(snapshot[name]);
            }
        }

        private static void DisposeAll(Dictionary<string, Tensor>? state)
        {
            foreach (var tensor in state?.Values ?? Enumerable.Empty<Tensor>())
            {
                tensor.Dispose();
            }
        }
    }
}
