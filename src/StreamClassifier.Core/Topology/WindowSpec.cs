namespace StreamClassifier.Core.Topology;

/// <summary>Window size and hop, in samples. A window is emitted every <see cref="Hop"/> samples once <see cref="Size"/> samples have arrived; the first starts at sample 0.</summary>
/// <param name="Size">Samples per window.</param>
/// <param name="Hop">Samples between window starts.</param>
public sealed record WindowSpec(int Size, int Hop);
