using StreamClassifier.Kafka.Alerts;

namespace StreamClassifier.Kafka.Publishing;

/// <summary>
/// The <see cref="AlreadyPublished{TEntry}"/> ledger for alerts: an alert found by the read-back is
/// withheld once when the restored pipeline emits it again (same id). An entry expires when its
/// sensor scores a later window (the alert would have been emitted by then) or is evicted.
/// </summary>
internal sealed class AlreadyPublishedAlerts
{
    private readonly AlreadyPublished<Entry> ledger = new();

    /// <summary>Alerts still expected to be emitted again.</summary>
    public int Count => ledger.Count;

    /// <summary>Records what the read-back of <paramref name="partition"/> (from <paramref name="watermark"/>) found.</summary>
    public void Add(int partition, IReadOnlyDictionary<int, long> watermark, IEnumerable<PublishedAlert> alerts) =>
        ledger.Add(partition, watermark, alerts.Select(alert => new Entry(alert.Sensor, alert.AlertId, alert.WindowEndMs)));

    /// <summary>True (once) if the alert is already published: do not publish it again.</summary>
    public bool TryWithhold(int partition, string sensor, string alertId) =>
        ledger.TryWithhold(partition, new Entry(sensor, alertId, 0), null);

    /// <summary>The sensor scored a window ending at <paramref name="windowEndMs"/>: its earlier entries will not come back.</summary>
    public void ScoredThrough(int partition, string sensor, long windowEndMs) =>
        ledger.Expire(partition, entry => entry.Sensor == sensor && entry.WindowEndMs < windowEndMs);

    /// <summary>The sensor was evicted: its entries will not come back.</summary>
    public void Evicted(int partition, string sensor) => ledger.Expire(partition, entry => entry.Sensor == sensor);

    /// <summary>The partition is no longer owned.</summary>
    public void Forget(int partition) => ledger.Forget(partition);

    /// <summary>The watermark to checkpoint for <paramref name="partition"/>: the read-back's while entries remain, else <paramref name="current"/>.</summary>
    public IReadOnlyDictionary<int, long> WatermarkFor(int partition, IReadOnlyDictionary<int, long> current) => ledger.WatermarkFor(partition, current);

    /// <summary>One alert; identified by sensor and id (the id embeds the window end).</summary>
    private readonly record struct Entry(string Sensor, string AlertId, long WindowEndMs)
    {
        public bool Equals(Entry other) => Sensor == other.Sensor && AlertId == other.AlertId;

        public override int GetHashCode() => HashCode.Combine(Sensor, AlertId);
    }
}
