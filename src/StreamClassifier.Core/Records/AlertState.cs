namespace StreamClassifier.Core.Records;

/// <summary>The two alert events a sensor can emit.</summary>
public enum AlertState
{
    /// <summary>The alert condition started.</summary>
    Raised,

    /// <summary>The alert condition ended.</summary>
    Cleared,
}
