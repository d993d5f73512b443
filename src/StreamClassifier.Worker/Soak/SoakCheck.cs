namespace StreamClassifier.Worker.Soak;

/// <summary>One line of the verdict.</summary>
/// <param name="Name">What is checked.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Measured">The measured figure(s).</param>
/// <param name="Bound">The bound it was held to.</param>
internal sealed record SoakCheck(string Name, bool Passed, string Measured, string Bound);
