using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Onnx.Export;
using Xunit.Abstractions;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>Model hot swap end to end: a running <c>run</c> process notices a new model version and a bad one.</summary>
public class RunHotSwapTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_running_worker_swaps_in_a_new_model_and_rejects_a_corrupt_one()
    {
        using var broker = BrokerProcess.Start(1, 4, faults: false, "sensors", "hotswap.checkpoints", "alerts", "dlq");
        using var setup = WorkerSetup.Create(broker.BootstrapServers, "hotswap");
        var model = setup.Folder.File("model.onnx");
        using var worker = WorkerProcess.Start("run", "--topology", setup.TopologyPath, "--bootstrap", broker.BootstrapServers, "--instance-id", "hotswap", "--model-poll-s", "2");
        worker.WaitForLine(line => line.StartsWith("worker: assigned", StringComparison.Ordinal), Long, "the assignment");

        // Staged beside the model and renamed into place, card first, as docs/operations.md advises.
        var staged = setup.Folder.File("staged.onnx");
        var builder = new OnnxGraphBuilder("constant");
        var x = builder.Input("windows", "batch", 1, 32);
        var pooled = builder.Flatten(builder.GlobalAveragePool(builder.Conv(x, builder.Initializer("conv.weight", [0f], 1, 1, 1))));
        builder.Output(builder.Sigmoid(builder.Gemm(pooled, builder.Initializer("dense.weight", [0f], 1, 1), builder.Initializer("dense.bias", [2f], 1)), "score"), "batch", 1);
        builder.Save(staged);
        StreamClassifier.Onnx.Cards.ModelCardWriter.WriteSidecar(staged, new StreamClassifier.Core.Models.ModelCard
        {
            Name = "constant", Version = "2", InputLayout = StreamClassifier.Core.Models.InputLayout.NCL, Channels = 1, WindowLength = 32, SampleRateHz = 250,
            Output = StreamClassifier.Core.Models.OutputKind.Probability,
            Preprocessing = new StreamClassifier.Core.Models.PreprocessingCard { Normalize = StreamClassifier.Core.Topology.NormalizationKind.None },
        });
        File.Move(setup.Folder.File("staged.card.json"), setup.Folder.File("model.card.json"));
        File.Move(staged, model, overwrite: true);
        var swapped = worker.WaitForLine(line => line.StartsWith("model: swapped in 'constant' v2", StringComparison.Ordinal), Long, "the swap");
        output.WriteLine(swapped);

        File.WriteAllBytes(model, [1, 2, 3, 4]);
        var rejected = worker.WaitForLine(line => line.StartsWith("warning: model: rejected the new version of", StringComparison.Ordinal), Long, "the rejection");
        output.WriteLine(rejected);
        Assert.Contains("Still serving 'constant' v2", rejected, StringComparison.Ordinal);

        worker.Terminate();
        Assert.Equal(0, worker.WaitForExit(Long, "the worker to stop"));
    }
}
