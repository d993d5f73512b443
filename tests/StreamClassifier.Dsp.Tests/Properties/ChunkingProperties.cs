using CsCheck;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Windowing;

namespace StreamClassifier.Dsp.Tests.Properties;

/// <summary>Any cut of a signal into chunks gives bit-identical filter output and the same windows as one pass.</summary>
public class ChunkingProperties
{
    private const double RateHz = 360;

    private static readonly FilterSpec[][] Chains =
    [
        [],
        [FilterSpec.Highpass(1, 1)],
        [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)],
        [FilterSpec.Highpass(0.5, 2), FilterSpec.Lowpass(30, 4)],
    ];

    /// <summary>A signal (rows × channels), a filter chain, a window shape and chunk lengths that cover the signal.</summary>
    private static readonly Gen<(int Channels, double[] Signal, int Chain, int Size, int Hop, int[] Cuts)> Cases =
        from channels in Gen.Int[1, 3]
        from rows in Gen.Int[1, 300]
        from signal in Gen.Double[-1000, 1000].Array[rows * channels]
        from chain in Gen.Int[0, Chains.Length - 1]
        from size in Gen.Int[1, 40]
        from hop in Gen.Int[1, 50]
        from cuts in Gen.Int[1, 64].Array[1, 40]
        select (channels, signal, chain, size, hop, cuts);

    [Fact]
    public void Filtering_and_windowing_do_not_depend_on_how_the_signal_is_chunked() =>
        Cases.Sample(c =>
        {
            var chain = FilterChain.Create(Chains[c.Chain], RateHz);
            var whole = (double[])c.Signal.Clone();
            chain.CreateState(c.Channels).Process(whole);
            var wholeWindows = Windows(new SlidingWindow(new WindowSpec(c.Size, c.Hop), c.Channels), [whole]);

            var chunked = (double[])c.Signal.Clone();
            var pieces = Pieces(chunked, c.Channels, c.Cuts);
            var state = chain.CreateState(c.Channels);
            foreach (var piece in pieces)
            {
                state.Process(piece.Span);
            }

            var chunkedWindows = Windows(new SlidingWindow(new WindowSpec(c.Size, c.Hop), c.Channels), pieces);

            Assert.Equal(whole, chunked);
            Assert.Equal(wholeWindows.Count, chunkedWindows.Count);
            for (var i = 0; i < wholeWindows.Count; i++)
            {
                Assert.Equal(wholeWindows[i].Start, chunkedWindows[i].Start);
                Assert.Equal(wholeWindows[i].Values, chunkedWindows[i].Values);
            }

            // The windows are the ones the definition gives: every hop-th start whose window fits.
            var rows = c.Signal.Length / c.Channels;
            var expectedCount = rows < c.Size ? 0 : ((rows - c.Size) / c.Hop) + 1;
            Assert.Equal(expectedCount, wholeWindows.Count);
            Assert.All(wholeWindows, (window, i) => Assert.Equal((long)i * c.Hop, window.Start));
        }, iter: 300);

    /// <summary>Cuts the rows into consecutive pieces of the given lengths (cycling), the last one shorter.</summary>
    private static List<Memory<double>> Pieces(double[] signal, int channels, int[] cuts)
    {
        var pieces = new List<Memory<double>>();
        var rows = signal.Length / channels;
        for (int start = 0, k = 0; start < rows; k++)
        {
            var n = Math.Min(cuts[k % cuts.Length], rows - start);
            pieces.Add(signal.AsMemory(start * channels, n * channels));
            start += n;
        }

        return pieces;
    }

    private static List<(long Start, double[] Values)> Windows(SlidingWindow window, IEnumerable<Memory<double>> pieces)
    {
        var windows = new List<(long, double[])>();
        foreach (var piece in pieces)
        {
            var rest = piece.Span;
            while (!rest.IsEmpty)
            {
                var used = window.Append(rest);
                rest = rest[(used * window.Channels)..];
                if (window.WindowReady)
                {
                    var start = window.WindowStartIndex;
                    var values = new double[window.Channels * window.Size];
                    window.CopyWindowTo(values);
                    windows.Add((start, values));
                }
            }
        }

        return windows;
    }
}
