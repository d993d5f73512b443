using Microsoft.Extensions.Logging;

namespace StreamClassifier.Trainer.Native;

/// <summary>
/// What <see cref="TorchSharpNative"/> logs, as source-generated <see cref="LoggerMessage"/> methods
/// with stable event ids (the trainer's own ids start at 1, category <c>StreamClassifier.Trainer.Native</c>).
/// </summary>
internal static partial class NativeLog
{
    /// <summary>Event id of <see cref="PatchedInPlace"/>.</summary>
    public const int PatchedInPlaceId = 1;

    /// <summary>Event id of <see cref="ShadowCopyLoaded"/>.</summary>
    public const int ShadowCopyLoadedId = 2;

    [LoggerMessage(EventId = PatchedInPlaceId, Level = LogLevel.Information, Message = "streamclassifier-train: {SystemLibrary} lacks {Versions} (only link-time markers need it); marked it weak in {Bridge}.")]
    public static partial void PatchedInPlace(ILogger logger, string systemLibrary, string versions, string bridge);

    [LoggerMessage(EventId = ShadowCopyLoadedId, Level = LogLevel.Information, Message = "streamclassifier-train: {SystemLibrary} lacks {Versions} (only link-time markers need it); loading a patched copy {ShadowCopy} (original {Bridge} left untouched).")]
    public static partial void ShadowCopyLoaded(ILogger logger, string systemLibrary, string versions, string shadowCopy, string bridge);

    /// <summary>The trainer's log when the caller gives none: one line per message on standard error.</summary>
    public static ILoggerFactory CreateStandardErrorFactory() => LoggerFactory.Create(builder => builder
        .AddFilter("StreamClassifier", LogLevel.Information)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options => options.SingleLine = true));
}
