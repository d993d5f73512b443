namespace StreamClassifier.Core.Recordings;

/// <summary>The WFDB annotation code table (ecgcodes.h): code ↔ mnemonic, and which codes are beats.</summary>
public static class BeatSymbols
{
    /// <summary>Largest standard annotation code (ACMAX).</summary>
    public const int MaxCode = 49;

    // Index = code. Codes 15 and 17 are unused; 42..49 are user-defined and have no standard mnemonic.
    private const string Mnemonics = " NLRaVFJASEj/Q~ | sT*D\"=pB^t+u?![]en@xf()r";

    /// <summary>Normal beat (N).</summary>
    public const int Normal = 1;

    /// <summary>Premature ventricular contraction (V).</summary>
    public const int Pvc = 5;

    /// <summary>Fusion of ventricular and normal beat (F).</summary>
    public const int Fusion = 6;

    /// <summary>Ventricular escape beat (E).</summary>
    public const int VentricularEscape = 10;

    /// <summary>R-on-T premature ventricular contraction (r).</summary>
    public const int ROnT = 41;

    /// <summary>The mnemonic of <paramref name="code"/>, or <c>'#'</c> for user-defined codes (42..49) that have none.</summary>
    public static char SymbolOf(int code) =>
        code >= 0 && code < Mnemonics.Length ? Mnemonics[code] : '#';

    /// <summary>The code of <paramref name="symbol"/>, or null when it is not a standard mnemonic.</summary>
    public static int? CodeOf(char symbol)
    {
        if (symbol == ' ')
        {
            return 0;
        }

        var index = Mnemonics.IndexOf(symbol, 1);
        return index > 0 ? index : null;
    }

    /// <summary>True for QRS annotations (WFDB's <c>isqrs</c>): N L R a V F J A S E j / Q e n f r and B.</summary>
    public static bool IsBeatCode(int code) => code is (>= 1 and <= 13) or 25 or 34 or 35 or 38 or 41;

    /// <summary>True for ventricular ectopic beats in the AAMI sense: V (PVC), E (ventricular escape) and r (R-on-T PVC).</summary>
    public static bool IsVentricularCode(int code) => code is Pvc or VentricularEscape or ROnT;
}
