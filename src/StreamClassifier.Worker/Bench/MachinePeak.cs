using System.Globalization;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// The machine's nominal FP32 peak: cores × clock × FP32 operations per core and cycle, where the last
/// follows the vector units the CPU reports (Linux <c>/proc/cpuinfo</c>): two 512-bit FMA pipes for
/// Intel AVX-512 (64), two 256-bit FMA pipes for AVX2 + FMA and for AMD's AVX-512, which runs on 256-bit
/// pipes (32), one 128-bit add and one multiply otherwise (8). The clock is the reported one (no turbo).
/// </summary>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="GigaHertz">Clock, GHz.</param>
/// <param name="FlopsPerCycle">FP32 operations per core and cycle.</param>
/// <param name="Derivation">How the figure was derived, for the report.</param>
internal sealed record MachinePeak(int Cores, double GigaHertz, int FlopsPerCycle, string Derivation)
{
    /// <summary>Peak GFLOP/s.</summary>
    public double Gflops => Cores * GigaHertz * FlopsPerCycle;

    /// <summary>Reads <c>/proc/cpuinfo</c>; null where it is absent or lacks a clock.</summary>
    public static MachinePeak? Detect()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
        {
            return null;
        }

        var lines = File.ReadLines(cpuinfo).Take(64).ToList();
        string? Field(string name) => lines.FirstOrDefault(line => line.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        if (!double.TryParse(Field("cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out var megahertz) || megahertz <= 0)
        {
            return null;
        }

        var flags = (Field("flags") ?? string.Empty).Split(' ').ToHashSet(StringComparer.Ordinal);
        var amd = Field("vendor_id") == "AuthenticAMD";
        var (perCycle, units) = flags.Contains("avx512f") && !amd ? (64, "2 × 512-bit FMA")
            : flags.Contains("avx2") && flags.Contains("fma") ? (32, "2 × 256-bit FMA")
            : (8, "128-bit add + multiply");
        var cores = Environment.ProcessorCount;
        var model = Field("model name") ?? "unknown CPU";
        return new MachinePeak(cores, megahertz / 1000, perCycle, string.Create(CultureInfo.InvariantCulture,
            $"{cores} cores × {megahertz / 1000:F3} GHz × {perCycle} FP32 FLOP/cycle ({units}; {model})"));
    }
}
