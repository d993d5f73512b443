namespace StreamClassifier.Core.Ecg;

/// <summary>
/// The inter-patient protocol of the MIT-BIH Arrhythmia Database (de Chazal et al. 2004, AAMI EC57):
/// the paced records are left out, models train on DS1 and are measured once on DS2, patients the
/// training never saw. Model selection, thresholds and alert policies are chosen on
/// <see cref="Validation"/>, whole DS1 records held out of training.
/// </summary>
public static class InterPatientSplit
{
    /// <summary>Name of the protocol, as model cards state it.</summary>
    public const string Protocol = "MIT-BIH inter-patient (de Chazal 2004 DS1/DS2, AAMI EC57 classes; paced records 102, 104, 107, 217 left out)";

    /// <summary>Records with paced beats, excluded by AAMI EC57.</summary>
    public static IReadOnlyList<string> Paced { get; } = ["102", "104", "107", "217"];

    /// <summary>DS1: the training patients.</summary>
    public static IReadOnlyList<string> Ds1 { get; } =
        ["101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122", "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230"];

    /// <summary>DS2: the test patients, scored once per model.</summary>
    public static IReadOnlyList<string> Ds2 { get; } =
        ["100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210", "212", "213", "214", "219", "221", "222", "228", "231", "232", "233", "234"];

    /// <summary>
    /// DS1 records held out of training for early stopping, threshold and alert policy: four with
    /// ventricular beats of different morphologies (106 bigeminy, 119 trigeminy, 201 and 215 multiform)
    /// and one with frequent supraventricular beats and none ventricular (220).
    /// </summary>
    public static IReadOnlyList<string> Validation { get; } = ["106", "119", "201", "215", "220"];

    /// <summary>DS1 minus <see cref="Validation"/>: the records the weights are fitted on.</summary>
    public static IReadOnlyList<string> Training { get; } = [.. Ds1.Except(Validation, StringComparer.Ordinal)];
}
