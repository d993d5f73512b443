using System.Globalization;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads the process-level sections: <c>batching</c>, <c>telemetry</c> and <c>worker</c>.</summary>
internal static class RuntimeSettingsReader
{
    public static BatchingSpec? ReadBatching(LoadContext context, MappingReader root) =>
        ReadOptionalSection<BatchingSpec>(context, root, "batching", static (batching, defaults) =>
        {
            var maxBatch = batching.Int("max_batch", required: false, 1, 65_536, "a whole number of windows from 1 to 65536");
            var maxDelay = batching.Double("max_delay_ms", required: false, value => value is >= 0 and <= 60_000, "a number of milliseconds from 0 to 60000 (0 scores every window at once)");
            return defaults with { MaxBatch = maxBatch ?? defaults.MaxBatch, MaxDelayMs = maxDelay ?? defaults.MaxDelayMs };
        });

    public static TelemetrySpec? ReadTelemetry(LoadContext context, MappingReader root) =>
        ReadOptionalSection<TelemetrySpec>(context, root, "telemetry", static (telemetry, defaults) =>
        {
            const string ListenExpectation = "host:port with a port from 1 to 65535, e.g. 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464";
            var listen = telemetry.String("listen", required: false, ListenExpectation);
            if (listen is not null && !IsListenAddress(listen))
            {
                telemetry.Invalid("listen", $"got {LoadContext.Quote(listen)}, expected {ListenExpectation}");
                listen = null;
            }

            const string OtlpExpectation = "an absolute http:// or https:// URL such as http://otel-collector:4317, or empty to disable OTLP";
            var otlp = telemetry.String("otlp_endpoint", required: false, OtlpExpectation);
            if (otlp is not null && !(Uri.TryCreate(otlp, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                telemetry.Invalid("otlp_endpoint", $"got {LoadContext.Quote(otlp)}, expected {OtlpExpectation}");
                otlp = null;
            }

            return defaults with { Listen = listen ?? defaults.Listen, OtlpEndpoint = otlp };
        });

    public static WorkerSpec? ReadWorker(LoadContext context, MappingReader root) =>
        ReadOptionalSection<WorkerSpec>(context, root, "worker", static (worker, defaults) =>
        {
            var timeout = worker.Double("shutdown_timeout_s", required: false, value => value is > 0 and <= 3600, "a number of seconds above 0 and at most 3600");
            var scoring = worker.Choice("scoring", required: false, TopologySchema.ScoringPlaces);
            var readyMaxLag = worker.Double("ready_max_lag_s", required: false, value => value is >= 0 and <= 86_400, "a number of seconds from 0 (never not ready for lag) to 86400");
            return defaults with
            {
                ShutdownTimeoutS = timeout ?? defaults.ShutdownTimeoutS,
                Scoring = scoring ?? defaults.Scoring,
                ReadyMaxLagS = readyMaxLag ?? defaults.ReadyMaxLagS,
            };
        });

    // A top-level section may be left out: absent, it is its defaults; not a mapping, it is null (the error is
    // already recorded); otherwise read turns its keys into the spec, starting from the defaults.
    private static TSpec? ReadOptionalSection<TSpec>(LoadContext context, MappingReader root, string name, Func<MappingReader, TSpec, TSpec> read)
        where TSpec : class, new()
    {
        var defaults = new TSpec();
        var node = root.Get(name);
        if (node is null)
        {
            return defaults;
        }

        var section = MappingReader.Open(context, node, name, name);
        return section is null ? null : read(section, defaults);
    }

    private static bool IsListenAddress(string listen)
    {
        string host, portText;
        if (listen.StartsWith('['))
        {
            var close = listen.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = listen[1..close];
            portText = listen[(close + 2)..];
            if (!System.Net.IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = listen.LastIndexOf(':');
            if (colon <= 0)
            {
                return false;
            }

            host = listen[..colon];
            portText = listen[(colon + 1)..];
            if (host is not ("*" or "+") && Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return false;
            }
        }

        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;
    }
}
