using System.Net;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// The worker's HTTP endpoint and exporters: <c>/metrics</c> in the Prometheus text format (the
/// OpenTelemetry Prometheus HttpListener exporter), <c>/healthz</c> and <c>/readyz</c>, answered by a
/// <see cref="HttpListener"/> of ours that owns every path of the port and allows only GET and HEAD
/// (<see cref="TelemetryRoutes"/>; .NET's managed listener shares one socket per port and routes each
/// request to the longest matching prefix, so the exporter keeps only its own hidden path), and the
/// OTLP exporter for metrics and traces when <c>telemetry.otlp_endpoint</c> is set. It listens on
/// loopback unless <c>telemetry.listen</c> says otherwise. See docs/operations.md and docs/security.md.
/// </summary>
internal sealed class TelemetryEndpoint : IDisposable
{
    private readonly MeterProvider meterProvider;
    private readonly TracerProvider? tracerProvider;
    private readonly HttpListener listener;
    private readonly TelemetryRoutes routes;
    private readonly Thread serveThread;

    private TelemetryEndpoint(ListenAddress address, MeterProvider meterProvider, TracerProvider? tracerProvider, HttpListener listener, TelemetryRoutes routes)
    {
        Address = address;
        this.meterProvider = meterProvider;
        this.tracerProvider = tracerProvider;
        this.listener = listener;
        this.routes = routes;
        serveThread = new Thread(Serve) { Name = "telemetry-http", IsBackground = true };
        serveThread.Start();
    }

    /// <summary>Where the endpoint listens.</summary>
    public ListenAddress Address { get; }

    /// <summary>Base URL for clients (<c>+</c> shown as 127.0.0.1).</summary>
    public Uri BaseUri => BaseUriOf(Address);

    /// <summary>Starts the exporters and the listener.</summary>
    /// <param name="metrics">The instruments to export.</param>
    /// <param name="health">What <c>/readyz</c> checks.</param>
    /// <param name="spec">The topology's telemetry section.</param>
    /// <param name="serviceInstance">Names this worker in OTLP resources (e.g. the instance id).</param>
    /// <exception cref="FormatException"><c>telemetry.listen</c> or <c>telemetry.otlp_endpoint</c> is malformed.</exception>
    /// <exception cref="InvalidOperationException">The port cannot be listened on; the message names it.</exception>
    public static TelemetryEndpoint Start(WorkerMetrics metrics, HealthState health, TelemetrySpec spec, string serviceInstance = "local")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(spec);
        var address = ListenAddress.Parse(spec.Listen);
        var otlp = OtlpEndpoint(spec.OtlpEndpoint);
        var resource = ResourceBuilder.CreateDefault().AddService("streamclassifier", serviceInstanceId: serviceInstance);
        var exporterPath = TelemetryRoutes.ExporterPath();
        HttpListener? listener = null;
        MeterProvider? meterProvider = null;
        TracerProvider? tracerProvider = null;
        try
        {
            meterProvider = BuildMeters(resource, address, exporterPath, otlp);
            tracerProvider = otlp is null ? null : Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(TelemetryNames.Source).AddOtlpExporter(options => options.Endpoint = otlp).Build();

            // Created only once the exporter holds the port: closing a listener that never bound tries to bind.
            listener = new HttpListener();
            listener.Prefixes.Add(address.Prefix(string.Empty));
            listener.Start();
            return new TelemetryEndpoint(address, meterProvider, tracerProvider, listener, new TelemetryRoutes(health, new Uri(BaseUriOf(address), exporterPath + "/")));
        }
        catch (Exception exception)
        {
            meterProvider?.Dispose();
            tracerProvider?.Dispose();
            CloseQuietly(listener);

            // The Prometheus exporter wraps a bind failure in InvalidOperationException; ours throws HttpListenerException.
            if (exception is HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException($"telemetry.listen: cannot listen on {address} ({(exception.InnerException ?? exception).Message}); choose a free port (telemetry.listen, or run --listen host:port).", exception);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        listener.Close();
        serveThread.Join(TimeSpan.FromSeconds(2));
        routes.Dispose();
        meterProvider.Dispose();
        tracerProvider?.Dispose();
    }

    private static Uri BaseUriOf(ListenAddress address) => new($"http://{(address.Host == "+" ? "127.0.0.1" : address.Host)}:{address.Port}/");

    private static Uri? OtlpEndpoint(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? null
        : Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new FormatException($"telemetry.otlp_endpoint: '{configured}' is not an http(s) URL (e.g. http://otel-collector:4317); leave it empty to disable OTLP.");

    // The Prometheus exporter serves exporterPath only; TelemetryRoutes answers /metrics from it.
    private static MeterProvider BuildMeters(ResourceBuilder resource, ListenAddress address, string exporterPath, Uri? otlp)
    {
        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(TelemetryNames.Source)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusHttpListener(options =>
            {
                // The exporter builds a URI from Host, which rejects the wildcard "+" (and cannot bind
                // 0.0.0.0): give it a valid host, then swap in the wildcard prefix before it starts.
                options.Host = address.Host == "+" ? "localhost" : address.Host;
                if (address.Host == "+")
                {
                    options.ConfigureHttpListener = (_, exporterListener) =>
                    {
                        exporterListener.Prefixes.Clear();
                        exporterListener.Prefixes.Add(address.Prefix(exporterPath));
                    };
                }

                options.Port = address.Port;
                options.ScrapeEndpointPath = exporterPath;
            });
        if (otlp is not null)
        {
            meters.AddOtlpExporter(options => options.Endpoint = otlp);
        }

        return meters.Build();
    }

    private static void CloseQuietly(HttpListener? listener)
    {
        try
        {
            listener?.Close();
        }
        catch (HttpListenerException)
        {
            // It never bound; nothing to release.
        }
    }

    private void Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = listener.GetContext();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            try
            {
                routes.Answer(context);
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; the next request is served normally.
            }
        }
    }
}
