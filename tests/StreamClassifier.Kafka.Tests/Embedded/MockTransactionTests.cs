using System.Text;
using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Embedded;

/// <summary>
/// What librdkafka 2.16's mock broker does with transactions; the exactly-once mode's behaviour on
/// the mock depends on exactly this (docs/kafka.md, "Exactly-once on the mock broker"). In the mock's
/// source (src/rdkafka_mock_handlers.c) EndTxn only validates the producer id and epoch and writes
/// no commit/abort marker, and Fetch ignores the isolation level: it answers LastStableOffset = the
/// high watermark and an empty aborted-transactions list. So every record that reached the mock is
/// visible to read_committed readers at once, whatever becomes of its transaction. What the mock does
/// not enforce either is fencing: a second producer with the same transactional id gets a new producer
/// id instead of bumping the first one's epoch. If a test here starts failing, the mock gained real
/// transactions: the worker's read-back (KafkaWorker.ReadBackOutputs) then finds nothing, as on a real broker.
/// </summary>
public class MockTransactionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_read_committed_reader_sees_committed_records_and_not_aborted_ones_that_never_left_the_client()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("txn", 1);
        using (var producer = Transactional(cluster, "probe"))
        {
            producer.InitTransactions(Timeout);
            producer.BeginTransaction();
            // Aborted before it was sent: the client purges it, so it never reaches the broker.
            producer.Produce("txn", Record("aborted"));
            producer.AbortTransaction(Timeout);
            producer.BeginTransaction();
            producer.Produce("txn", Record("committed"));
            producer.CommitTransaction(Timeout);
        }

        Assert.Equal(["committed"], ReadCommittedToEnd(cluster, "txn"));
    }

    [Fact]
    public void On_the_mock_an_aborted_transactions_delivered_records_surface_to_read_committed()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("txn", 1);
        using (var producer = Transactional(cluster, "probe"))
        {
            producer.InitTransactions(Timeout);
            producer.BeginTransaction();
            producer.Produce("txn", Record("delivered-then-aborted"));
            Assert.Equal(0, producer.Flush(Timeout));
            producer.AbortTransaction(Timeout);
        }

        // A real broker writes an abort marker and lists the transaction as aborted in Fetch; the mock does neither.
        Assert.Equal(["delivered-then-aborted"], ReadCommittedToEnd(cluster, "txn"));
    }

    [Fact]
    public void On_the_mock_an_open_transactions_records_are_visible_to_read_committed_before_it_ends()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("txn", 1);
        using var producer = Transactional(cluster, "probe");
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        producer.Produce("txn", Record("open"));
        Assert.Equal(0, producer.Flush(Timeout));

        // A real broker holds read_committed readers at the last stable offset, before the open transaction.
        Assert.Equal(["open"], ReadCommittedToEnd(cluster, "txn"));
        producer.AbortTransaction(Timeout);
    }

    /// <summary>
    /// The kill -9 case: a producer dies inside a transaction. A real broker aborts its open transaction
    /// when the successor's InitTransactions bumps the epoch; the mock neither aborts it nor lets the
    /// successor's own aborted transaction over the same partition hide it.
    /// </summary>
    [Fact]
    public void On_the_mock_a_fenced_producers_open_transaction_surfaces_to_read_committed_even_after_the_successor_aborts_over_its_partition()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("txn", 1);
        var dead = Transactional(cluster, "probe");
        dead.InitTransactions(Timeout);
        dead.BeginTransaction();
        dead.Produce("txn", Record("dangling"));
        Assert.Equal(0, dead.Flush(Timeout));

        using (var successor = Transactional(cluster, "probe"))
        {
            successor.InitTransactions(Timeout);
            successor.BeginTransaction();
            successor.Produce("txn", Record("successor-aborted"));
            Assert.Equal(0, successor.Flush(Timeout));
            successor.AbortTransaction(Timeout);
            successor.BeginTransaction();
            successor.Produce("txn", Record("committed"));
            successor.CommitTransaction(Timeout);
        }

        Assert.Equal(["dangling", "successor-aborted", "committed"], ReadCommittedToEnd(cluster, "txn"));
        dead.Dispose();
    }

    /// <summary>
    /// The mock does not fence either: InitProducerId without a current producer id (a new process)
    /// always gets a fresh producer id at epoch 0 (rdkafka_mock_handlers.c, rd_kafka_mock_pid_new),
    /// so the "fenced" producer keeps producing and committing. A real broker bumps the epoch of the
    /// transactional id and answers the old producer PRODUCER_FENCED. After kill -9 the predecessor
    /// cannot send anyway, which is all the worker's read-back needs on the mock.
    /// </summary>
    [Fact]
    public void On_the_mock_a_second_producer_with_the_same_transactional_id_does_not_fence_the_first()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("txn", 1);
        using var first = Transactional(cluster, "probe");
        first.InitTransactions(Timeout);
        first.BeginTransaction();
        first.Produce("txn", Record("before"));
        Assert.Equal(0, first.Flush(Timeout));

        using var successor = Transactional(cluster, "probe");
        successor.InitTransactions(Timeout);
        first.Produce("txn", Record("after-successor-initialised"));
        first.CommitTransaction(Timeout);

        Assert.Equal(["before", "after-successor-initialised"], ReadCommittedToEnd(cluster, "txn"));
    }

    private static IProducer<byte[]?, byte[]?> Transactional(EmbeddedKafkaCluster cluster, string transactionalId) =>
        new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, TransactionalId = transactionalId, LingerMs = 1 }).Build();

    private static Message<byte[]?, byte[]?> Record(string text) => new() { Value = Encoding.UTF8.GetBytes(text) };

    /// <summary>Every value a read_committed reader sees up to the partition's end, in order.</summary>
    private static List<string> ReadCommittedToEnd(EmbeddedKafkaCluster cluster, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "probe-reader-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"reading {topic} to its end took over {Timeout.TotalSeconds:0} s");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                return values;
            }

            values.Add(Encoding.UTF8.GetString(result.Message.Value!));
        }
    }
}
