using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamClassifier.Kafka.Clients;

/// <summary>
/// Routes librdkafka's own log lines and client errors (connection failures, broker state, protocol
/// warnings) through the worker's <see cref="ILogger"/> instead of librdkafka's default writer on
/// stderr, so every line the process prints has the chosen format (<c>--log-format json</c>). Each
/// line keeps librdkafka's level, facility and client name as structured fields. Every consumer,
/// producer and admin client the worker builds is built through these handlers.
/// </summary>
public static partial class LibrdkafkaLog
{
    /// <summary>The builder's log handler for <paramref name="logger"/>.</summary>
    public static Action<T, LogMessage> Handler<T>(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return (_, message) => Write(logger, message);
    }

    /// <summary>Logs one line of librdkafka's log (also the embedded broker's, which has no builder).</summary>
    public static void Write(ILogger logger, LogMessage message)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(message);
        Line(logger, LevelOf(message.Level), message.Level.ToString(), message.Facility, message.Name, message.Message);
    }

    /// <summary>
    /// The builder's error handler for <paramref name="logger"/>: fatal errors at Error, the rest (retried
    /// by librdkafka) at Warning, except transport failures, which librdkafka's log already reports line
    /// by line (at Debug, so they are not printed twice).
    /// </summary>
    public static Action<T, Error> ErrorHandler<T>(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return (_, error) => ClientError(logger, LevelOf(error), error.Reason, error.Code, error.IsFatal ? ", fatal" : string.Empty);
    }

    /// <summary>The level a client error is logged at.</summary>
    public static LogLevel LevelOf(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.IsFatal ? LogLevel.Error : error.Code == ErrorCode.Local_Transport ? LogLevel.Debug : LogLevel.Warning;
    }

    /// <summary>A consumer builder with both handlers set.</summary>
    public static ConsumerBuilder<TKey, TValue> WithLogger<TKey, TValue>(this ConsumerBuilder<TKey, TValue> builder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.SetLogHandler(Handler<IConsumer<TKey, TValue>>(logger)).SetErrorHandler(ErrorHandler<IConsumer<TKey, TValue>>(logger));
    }

    /// <summary>A producer builder with both handlers set.</summary>
    public static ProducerBuilder<TKey, TValue> WithLogger<TKey, TValue>(this ProducerBuilder<TKey, TValue> builder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.SetLogHandler(Handler<IProducer<TKey, TValue>>(logger)).SetErrorHandler(ErrorHandler<IProducer<TKey, TValue>>(logger));
    }

    /// <summary>An admin client builder with both handlers set.</summary>
    public static AdminClientBuilder WithLogger(this AdminClientBuilder builder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.SetLogHandler(Handler<IAdminClient>(logger)).SetErrorHandler(ErrorHandler<IAdminClient>(logger));
    }

    /// <summary>librdkafka's syslog levels on .NET's: notices are information, its informational lines debug.</summary>
    public static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice => LogLevel.Information,
        SyslogLevel.Info => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    [LoggerMessage(EventId = KafkaLogEvents.Librdkafka, EventName = "Librdkafka", Message = "kafka: {Client} {Facility} ({SyslogLevel}): {Text}")]
    private static partial void Line(ILogger logger, LogLevel level, string syslogLevel, string facility, string client, string text);

    [LoggerMessage(EventId = KafkaLogEvents.ClientError, EventName = "KafkaClientError", Message = "kafka: {Reason} ({Code}{Fatal})")]
    private static partial void ClientError(ILogger logger, LogLevel level, string reason, ErrorCode code, string fatal);
}
