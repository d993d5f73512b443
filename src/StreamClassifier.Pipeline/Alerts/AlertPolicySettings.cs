using System.Globalization;

using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Pipeline.Alerts;

/// <summary>
/// A stream's alert policy with every default resolved: the threshold comes from the topology, else
/// the model card's calibrated threshold, else 0.5; the clear level defaults to the threshold.
/// </summary>
/// <param name="Threshold">Scores at or above it count towards raising.</param>
/// <param name="RaiseAfter">Raise when this many of the last <paramref name="OfLast"/> scores reach the threshold.</param>
/// <param name="OfLast">How many recent scores the raise rule looks at.</param>
/// <param name="ClearBelow">Scores below it count towards clearing.</param>
/// <param name="ClearAfter">Clear after this many consecutive scores below <paramref name="ClearBelow"/>.</param>
/// <param name="CooldownS">After a clear, no raise until this many seconds of window time have passed.</param>
public sealed record AlertPolicySettings(double Threshold, int RaiseAfter, int OfLast, double ClearBelow, int ClearAfter, double CooldownS)
{
    /// <summary>The threshold used when neither the topology nor a model card gives one.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Resolves and validates a stream's policy.</summary>
    /// <param name="spec">The topology's <c>alert</c> block, or null for defaults.</param>
    /// <param name="card">The scoring model's card, if it has one.</param>
    /// <param name="streamName">Stream name, for error messages.</param>
    /// <exception cref="ArgumentException">The policy is impossible; the message names the key and the fix.</exception>
    public static AlertPolicySettings Resolve(AlertPolicySpec? spec, ModelCard? card, string streamName)
    {
        ArgumentNullException.ThrowIfNull(streamName);
        spec ??= new AlertPolicySpec();
        var threshold = spec.Threshold ?? card?.Threshold ?? DefaultThreshold;
        var settings = new AlertPolicySettings(
            threshold,
            spec.RaiseAfter,
            spec.OfLast,
            spec.ClearBelow ?? threshold,
            spec.ClearAfter,
            spec.CooldownS);
        settings.Validate(streamName);
        return settings;
    }

    /// <summary>Checks that the policy can work.</summary>
    /// <exception cref="ArgumentException">The policy is impossible; the message names the key and the fix.</exception>
    public void Validate(string streamName)
    {
        string Where(string key) => string.Create(CultureInfo.InvariantCulture, $"stream '{streamName}': alert.{key}");
        if (!double.IsFinite(Threshold) || Threshold < 0 || Threshold > 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Where("threshold")} is {Threshold}; scores are probabilities, so use a value in [0, 1]."));
        }

        if (RaiseAfter < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Where("raise_after")} is {RaiseAfter}; it must be at least 1."));
        }

        if (OfLast < RaiseAfter)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Where("of_last")} is {OfLast} but raise_after is {RaiseAfter}; of_last must be at least raise_after (k of the last n scores)."));
        }

        if (!double.IsFinite(ClearBelow) || ClearBelow < 0 || ClearBelow > Threshold)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Where("clear_below")} is {ClearBelow}; it must be in [0, threshold = {Threshold}] so that a clear needs scores no higher than a raise."));
        }

        if (ClearAfter < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Where("clear_after")} is {ClearAfter}; it must be at least 1."));
        }

        if (!double.IsFinite(CooldownS) || CooldownS < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Where("cooldown_s")} is {CooldownS}; use 0 or a positive number of seconds."));
        }
    }
}
