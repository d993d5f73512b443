using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Models;

/// <summary>
/// The card the trainer announces for the ECG demo stream (topologies/ecg-demo.yaml, <c>TopologyYaml.Valid</c>):
/// one NCL channel of 720 samples at 360 Hz, bandpass 0.5–40 Hz (order 4) and 60 Hz notch (q 30), hop 90,
/// z-score, P(class 1). Tests vary it with <c>with</c> so each says only what it changes.
/// </summary>
internal static class EcgDemoCard
{
    public static ModelCard Card => new()
    {
        Name = "ecg-pvc",
        Version = "1",
        InputLayout = InputLayout.NCL,
        Channels = 1,
        WindowLength = 720,
        SampleRateHz = 360,
        Output = OutputKind.Probability,
        Preprocessing = new PreprocessingCard
        {
            Filters = [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)],
            WindowHop = 90,
            Normalize = NormalizationKind.ZScore,
        },
    };
}
