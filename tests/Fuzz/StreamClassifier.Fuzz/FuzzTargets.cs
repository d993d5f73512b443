using StreamClassifier.Fuzz.Targets;

namespace StreamClassifier.Fuzz;

/// <summary>Every fuzz target by name.</summary>
public static class FuzzTargets
{
    /// <summary>Targets by <see cref="FuzzTarget.Name"/>.</summary>
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new FuzzTarget[]
    {
        new JsonRecordTarget(),
        new ProtobufRecordTarget(),
        new SensorCsvTarget(),
        new WfdbHeaderTarget(),
        new WfdbSignalTarget(),
        new WfdbAnnotationTarget(),
        new TopologyTarget(),
        new ModelCardTarget(),
        new OnnxInspectionTarget(),
    }.ToDictionary(target => target.Name, StringComparer.Ordinal);
}
