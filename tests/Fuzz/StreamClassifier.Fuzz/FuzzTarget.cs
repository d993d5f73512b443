namespace StreamClassifier.Fuzz;

/// <summary>
/// One parser under fuzzing. <see cref="Run"/> feeds it the bytes and swallows only the exceptions the
/// product documents for bad input (those it turns into one-line user errors); anything else escapes
/// and is a crash.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name on the command line and the corpus folder (<c>tests/Fuzz/corpus/&lt;name&gt;</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Parses <paramref name="input"/> as the target's format.</summary>
    /// <returns>True when the input was accepted, false when it was rejected with a documented error.</returns>
    public abstract bool Run(byte[] input);
}
