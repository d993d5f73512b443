using StreamClassifier.Core.Ecg;

namespace StreamClassifier.Core.Tests.Ecg;

public sealed class BeatMappingTests
{
    // Windows of 10 samples every 4: centres at 4.5, 8.5, 12.5, ...
    private static readonly long[] Starts = [0, 4, 8, 12];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 0)]
    [InlineData(6, 0)] // 6 is 1.5 from 4.5 and 2.5 from 8.5
    [InlineData(7, 1)]
    [InlineData(13, 2)]
    [InlineData(100, 3)]
    public void A_beat_is_decided_by_the_window_whose_centre_is_nearest(long beat, int expected) =>
        Assert.Equal(expected, BeatMapping.DecidingWindow(Starts, 10, beat));

    [Fact]
    public void A_tie_goes_to_the_earlier_window()
    {
        // Windows of 9 samples every 4: centres 4, 8; sample 6 is 2 from both.
        Assert.Equal(0, BeatMapping.DecidingWindow([0, 4], 9, 6));
        Assert.Equal(-1, BeatMapping.DecidingWindow([], 9, 6));
    }

    [Fact]
    public void Counts_give_sensitivity_predictivity_f1_and_the_confusion_by_class()
    {
        ClassifiedBeat[] beats = [new(10, AamiClass.V), new(20, AamiClass.V), new(30, AamiClass.N), new(40, AamiClass.S), new(50, AamiClass.N)];
        var counts = BeatCounts.Of(beats, [true, false, true, false, false]);

        Assert.Equal((1, 1, 1, 2), (counts.TruePositives, counts.FalsePositives, counts.FalseNegatives, counts.TrueNegatives));
        Assert.Equal(0.5, counts.Sensitivity);
        Assert.Equal(0.5, counts.PositivePredictivity);
        Assert.Equal(0.5, counts.F1);
        Assert.Equal(1.0 / 3, counts.FalsePositiveRate, 12);
        Assert.Equal(1, counts.CalledV[(int)AamiClass.N]);
        Assert.Equal(2, (counts + counts).TruePositives);
    }

    [Fact]
    public void Decisions_use_the_threshold_inclusively()
    {
        ClassifiedBeat[] beats = [new(4, AamiClass.V), new(9, AamiClass.N)];
        var decisions = BeatMapping.Decide(beats, Starts, [0.5, 0.49, 0, 0], 10, 0.5);
        Assert.Equal([true, false], decisions);
    }

    [Fact]
    public void A_window_is_labelled_by_the_beat_nearest_its_centre()
    {
        ClassifiedBeat[] beats = [new(2, AamiClass.N), new(9, AamiClass.V)];
        long[] samples = [2, 9];
        Assert.False(BeatMapping.NearestBeatIsVentricular(beats, samples, 0, 10)); // centre 4.5: 2.5 from N, 4.5 from V
        Assert.True(BeatMapping.NearestBeatIsVentricular(beats, samples, 2, 10)); // centre 6.5: 4.5 from N, 2.5 from V
    }

    [Fact]
    public void A_label_radius_makes_windows_centred_in_the_gap_between_beats_not_V()
    {
        ClassifiedBeat[] beats = [new(100, AamiClass.V), new(400, AamiClass.N)];
        long[] samples = [100, 400];
        Assert.True(BeatMapping.NearestBeatIsVentricular(beats, samples, 130, 41)); // centre 150: V 50 away, no radius
        Assert.True(BeatMapping.NearestBeatIsVentricular(beats, samples, 130, 41, maxDistance: 50)); // at the radius
        Assert.False(BeatMapping.NearestBeatIsVentricular(beats, samples, 130, 41, maxDistance: 49)); // beyond it
        Assert.True(BeatMapping.NearestBeatIsVentricular(beats, samples, 59, 82, maxDistance: 20)); // centre 99.5: V 0.5 away
    }

    [Theory]
    [InlineData('N', AamiClass.N)]
    [InlineData('R', AamiClass.N)]
    [InlineData('A', AamiClass.S)]
    [InlineData('E', AamiClass.V)]
    [InlineData('F', AamiClass.F)]
    [InlineData('/', AamiClass.Q)]
    public void Beat_symbols_map_to_AAMI_classes(char symbol, AamiClass expected) => Assert.Equal(expected, AamiClasses.Of(symbol));

    [Fact]
    public void Rhythm_marks_are_no_beats_and_the_split_keeps_patients_apart()
    {
        Assert.Null(AamiClasses.Of('+'));
        Assert.Empty(InterPatientSplit.Ds1.Intersect(InterPatientSplit.Ds2));
        Assert.Empty(InterPatientSplit.Paced.Intersect(InterPatientSplit.Ds1.Concat(InterPatientSplit.Ds2)));
        Assert.Equal(InterPatientSplit.Ds1.Order(), InterPatientSplit.Training.Concat(InterPatientSplit.Validation).Order());
    }
}
