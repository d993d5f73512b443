using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamClassifier.Kafka.Clients;

namespace StreamClassifier.Kafka.Embedded;

/// <summary>
/// The log callback of the librdkafka handle that hosts the embedded broker: that handle is created
/// through the C API (Confluent.Kafka's builders cannot host a mock cluster), so its lines arrive
/// here and go through <see cref="LibrdkafkaLog"/>, the same events (id 121, level, facility, client)
/// as every other client's. The logger travels as the handle's opaque pointer (a GC handle).
/// </summary>
internal static class EmbeddedBrokerLog
{
    /// <summary>Installs the callback on <paramref name="conf"/>; free the returned handle after the librdkafka handle is destroyed.</summary>
    public static unsafe GCHandle Attach(IntPtr conf, ILogger logger)
    {
        var handle = GCHandle.Alloc(logger);
        MockClusterNative.ConfSetOpaque(conf, GCHandle.ToIntPtr(handle));
        MockClusterNative.ConfSetLogCallback(conf, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, IntPtr, void>)&OnLog);
        return handle;
    }

    /// <summary>librdkafka's <c>log_cb</c>: called on librdkafka's threads, so it never throws.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(IntPtr kafka, int level, IntPtr facility, IntPtr text)
    {
        try
        {
            var opaque = MockClusterNative.Opaque(kafka);
            if (opaque == IntPtr.Zero || GCHandle.FromIntPtr(opaque).Target is not ILogger logger)
            {
                return;
            }

            var name = Marshal.PtrToStringUTF8(MockClusterNative.Name(kafka)) ?? string.Empty;
            LibrdkafkaLog.Write(logger, new LogMessage(name, (SyslogLevel)level, Marshal.PtrToStringUTF8(facility) ?? string.Empty, Marshal.PtrToStringUTF8(text) ?? string.Empty));
        }
#pragma warning disable CA1031 // An exception must not unwind into librdkafka's native thread.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
