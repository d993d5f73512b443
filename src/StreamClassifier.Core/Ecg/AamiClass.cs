namespace StreamClassifier.Core.Ecg;

/// <summary>The AAMI EC57 heartbeat classes that MIT-BIH beat annotations group into.</summary>
public enum AamiClass
{
    /// <summary>Normal and bundle-branch-block beats, nodal/atrial escape (N, L, R, e, j).</summary>
    N,

    /// <summary>Supraventricular ectopic beats (A, a, J, S).</summary>
    S,

    /// <summary>Ventricular ectopic beats (V, E): the positive class of the ventricular models.</summary>
    V,

    /// <summary>Fusion of ventricular and normal beats (F).</summary>
    F,

    /// <summary>Paced, fusion of paced and normal, unclassifiable (/, f, Q).</summary>
    Q,
}

/// <summary>Maps WFDB beat mnemonics to <see cref="AamiClass"/>.</summary>
public static class AamiClasses
{
    /// <summary>The class of a beat annotated <paramref name="symbol"/>, or null for symbols AAMI EC57 does not classify (non-beats, rhythm marks).</summary>
    public static AamiClass? Of(char symbol) => symbol switch
    {
        'N' or 'L' or 'R' or 'e' or 'j' => AamiClass.N,
        'A' or 'a' or 'J' or 'S' => AamiClass.S,
        'V' or 'E' => AamiClass.V,
        'F' => AamiClass.F,
        '/' or 'f' or 'Q' => AamiClass.Q,
        _ => null,
    };
}
