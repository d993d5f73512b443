using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>
/// Scrapes the /metrics of a worker process started with <c>--listen</c> <see cref="Listen"/> and
/// waits, bounded, for a condition on its latest scrapes: tests synchronise on what the worker says it
/// is doing (records in flight, windows scored), never on sleeps.
/// </summary>
public sealed class WorkerMetricsProbe : IDisposable
{
    /// <summary>How many consecutive scrapes a condition sees.</summary>
    public const int History = 100;

    private readonly HttpClient http;

    /// <summary>Picks a free loopback port for the worker's endpoint.</summary>
    public WorkerMetricsProbe()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The value for <c>run --listen</c>.</summary>
    public string Listen => $"127.0.0.1:{Port}";

    /// <summary>Scrapes once; null while the endpoint does not answer (not started yet, or gone).</summary>
    public MetricsScrape? TryScrape()
    {
        var startedAt = Stopwatch.GetTimestamp();
        string text;
        try
        {
            text = http.GetStringAsync("metrics").GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        return new MetricsScrape(Totals(text), startedAt, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Scrapes every 20 ms until <paramref name="condition"/> holds for the consecutive answered scrapes
    /// so far (latest last, at most <see cref="History"/>; an unanswered scrape starts the sequence again), and returns the
    /// latest; throws with the last scrape and the worker's log when <paramref name="timeout"/> passes or
    /// the worker exits first.
    /// </summary>
    public MetricsScrape WaitUntil(Func<IReadOnlyList<MetricsScrape>, bool> condition, TimeSpan timeout, string what, WorkerProcess worker)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(worker);
        var deadline = DateTime.UtcNow + timeout;
        var recent = new List<MetricsScrape>();
        MetricsScrape? latest = null;
        while (DateTime.UtcNow < deadline && !worker.HasExited)
        {
            if (TryScrape() is { } scrape)
            {
                latest = scrape;
                recent.Add(scrape);
                if (recent.Count > History)
                {
                    recent.RemoveAt(0);
                }

                if (condition(recent))
                {
                    return scrape;
                }
            }
            else
            {
                recent.Clear();
            }

            Thread.Sleep(20); // the polling interval of a bounded wait
        }

        var why = worker.HasExited ? "the worker exited first" : $"not within {timeout.TotalSeconds:0} s";
        throw new TimeoutException($"Waiting for {what} on http://{Listen}/metrics: {why}. Last scrape: {latest?.ToString() ?? "the endpoint never answered"}.\nworker stderr:\n{worker.Errors}");
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    /// <summary>Each metric's value summed over its series (Prometheus text exposition).</summary>
    private static Dictionary<string, double> Totals(string exposition)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.LastIndexOf('}') is var labelsEnd and >= 0 ? labelsEnd + 1 : nameEnd;
            if (nameEnd <= 0 || valueStart < 0)
            {
                continue;
            }

            var value = line[valueStart..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                var name = line[..nameEnd];
                totals[name] = totals.GetValueOrDefault(name) + number;
            }
        }

        return totals;
    }
}

/// <summary>One scrape of a worker's /metrics: each metric summed over its series, and when it was taken.</summary>
/// <param name="Totals">Metric name (as exported) to the sum of its series.</param>
/// <param name="StartedAt"><see cref="Stopwatch"/> timestamp of the request.</param>
/// <param name="EndedAt"><see cref="Stopwatch"/> timestamp of the response.</param>
public sealed record MetricsScrape(IReadOnlyDictionary<string, double> Totals, long StartedAt, long EndedAt)
{
    /// <summary>A metric's total; 0 when it has no series yet (nothing attached to it yet).</summary>
    public double this[string name] => Totals.GetValueOrDefault(name);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Totals
        .Where(total => total.Key.StartsWith("streamclassifier_records", StringComparison.Ordinal) || total.Key.StartsWith("streamclassifier_windows", StringComparison.Ordinal) || total.Key.StartsWith("messaging_client", StringComparison.Ordinal))
        .OrderBy(total => total.Key, StringComparer.Ordinal)
        .Select(total => string.Create(CultureInfo.InvariantCulture, $"{total.Key}={total.Value}")));
}
