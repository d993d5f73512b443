namespace StreamClassifier.Core.Records;

/// <summary>A scored window: the probability of the positive class (class 1).</summary>
/// <param name="Window">The window that was scored.</param>
/// <param name="Score">Probability of class 1, in [0, 1].</param>
/// <param name="ModelName">Name of the model that scored it.</param>
/// <param name="ModelVersion">Version of the model that scored it.</param>
public sealed record WindowScore(SensorWindow Window, double Score, string ModelName, string ModelVersion);
