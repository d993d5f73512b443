namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>A chaos round violated an invariant; the message carries the seed, the schedule, the re-run command and the logs.</summary>
public sealed class ChaosFailure : Exception
{
    /// <summary>Creates it.</summary>
    public ChaosFailure()
    {
    }

    /// <summary>Creates it with the report.</summary>
    public ChaosFailure(string message)
        : base(message)
    {
    }

    /// <summary>Creates it with the report and the cause.</summary>
    public ChaosFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
