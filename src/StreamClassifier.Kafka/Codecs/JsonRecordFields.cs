using System.Diagnostics.CodeAnalysis;

using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// The fields of one JSON sensor record as the decoder meets them, in any order, and the checks that
/// need them all: required fields present, then the samples' shape, the header's plausibility, and
/// last the samples' values, so the most fundamental problem is the one reported.
/// </summary>
internal struct JsonRecordFields
{
    /// <summary>The <c>sensor</c> field; null until read.</summary>
    public string? Sensor;

    /// <summary>The <c>t0_ms</c> field; null until read.</summary>
    public double? T0Ms;

    /// <summary>The <c>rate_hz</c> field; null until read.</summary>
    public double? RateHz;

    /// <summary>Whether a <c>samples</c> array was met.</summary>
    public bool SawSamples;

    /// <summary>The parsed samples (valid when <see cref="ShapeError"/> is null).</summary>
    public JsonSamples Samples;

    /// <summary>What was wrong with the shape or types of <c>samples</c>, if anything.</summary>
    public DecodeError? ShapeError;

    /// <summary>Checks the fields together; the first problem found is the one reported.</summary>
    public readonly bool TryCheck([NotNullWhen(false)] out DecodeError? error)
    {
        if (string.IsNullOrEmpty(Sensor))
        {
            error = new DecodeError(Sensor is null ? DecodeErrorKind.MissingField : DecodeErrorKind.Empty, Sensor is null ? $"no \"sensor\" field; {JsonTokenText.ExpectedRecord}" : "\"sensor\" is an empty string");
            return false;
        }

        if (T0Ms is null || RateHz is null || !SawSamples)
        {
            var missing = T0Ms is null ? "t0_ms" : RateHz is null ? "rate_hz" : "samples";
            error = new DecodeError(DecodeErrorKind.MissingField, $"no \"{missing}\" field; {JsonTokenText.ExpectedRecord}");
            return false;
        }

        if (ShapeError is not null)
        {
            error = ShapeError;
            return false;
        }

        if (!SensorRecordChecks.TryCheckHeader(T0Ms.Value, RateHz.Value, Samples.Count / Samples.Channels, out error))
        {
            return false;
        }

        error = Samples.NonFinite;
        return error is null;
    }

    /// <summary>The chunk of a record that passed <see cref="TryCheck"/>, with its own copy of the samples.</summary>
    public readonly SampleChunk ToChunk(SourcePosition? source)
    {
        // The one allocation proportional to the record: the chunk keeps its samples until the pipeline completes it.
        var samples = Samples.Values.AsSpan(0, Samples.Count).ToArray();
        return new SampleChunk(Sensor!, T0Ms!.Value, RateHz!.Value, Samples.Channels, samples, source);
    }
}
