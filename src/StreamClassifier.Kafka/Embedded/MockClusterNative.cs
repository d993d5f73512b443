using System.Runtime.InteropServices;

namespace StreamClassifier.Kafka.Embedded;

/// <summary>
/// P/Invoke declarations for librdkafka's mock cluster (rdkafka_mock.h) and the few core calls needed
/// to host it. "librdkafka" resolves through the app's deps.json to the same native file Confluent.Kafka
/// loads (runtimes/linux-x64/native/librdkafka.so), so both share one library instance.
/// </summary>
internal static partial class MockClusterNative
{
    private const string Library = "librdkafka";

    /// <summary>rd_kafka_type_t: RD_KAFKA_PRODUCER.</summary>
    public const int ProducerType = 0;

    /// <summary>rd_kafka_conf_res_t: RD_KAFKA_CONF_OK.</summary>
    public const int ConfOk = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(IntPtr conf, string name, string value, byte[] errorText, UIntPtr errorTextSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_opaque")]
    public static partial void ConfSetOpaque(IntPtr conf, IntPtr opaque);

    /// <summary>rd_kafka_conf_set_log_cb; <paramref name="callback"/> is an unmanaged <c>void (*)(const rd_kafka_t *, int, const char *, const char *)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_log_cb")]
    public static partial void ConfSetLogCallback(IntPtr conf, IntPtr callback);

    [LibraryImport(Library, EntryPoint = "rd_kafka_opaque")]
    public static partial IntPtr Opaque(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "rd_kafka_name")]
    public static partial IntPtr Name(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static partial IntPtr KafkaNew(int type, IntPtr conf, byte[] errorText, UIntPtr errorTextSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void KafkaDestroy(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    public static partial IntPtr ErrorToString(int error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial IntPtr ClusterNew(IntPtr handle, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void ClusterDestroy(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial IntPtr ClusterBootstraps(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicCreate(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int BrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int BrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int BrokerSetRtt(IntPtr cluster, int brokerId, int rttMs);

    // The varargs rd_kafka_mock_push_request_errors cannot be P/Invoked portably; the _array form is equivalent.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void PushRequestErrorsArray(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void ClearRequestErrors(IntPtr cluster, short apiKey);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_coordinator_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CoordinatorSet(IntPtr cluster, string keyType, string key, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void GroupInitialRebalanceDelayMs(IntPtr cluster, int delayMs);
}
