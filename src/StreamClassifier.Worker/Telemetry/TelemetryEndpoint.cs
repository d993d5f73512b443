using System.Net;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// The worker's HTTP endpoint and exporters: <c>/metrics</c> in the Prometheus text format (the
/// OpenTelemetry Prometheus HttpListener exporter), <c>/healthz</c> and <c>/readyz</c> (a small
/// <see cref="HttpListener"/> of ours on the same port: .NET's managed listener shares one socket per
/// port and routes each request to the longest matching prefix), and the OTLP exporter for metrics and
/// traces when <c>telemetry.otlp_endpoint</c> is set. See docs/operations.md.
/// </summary>
internal sealed class TelemetryEndpoint : IDisposable
{
    private readonly MeterProvider meterProvider;
    private readonly TracerProvider? tracerProvider;
    private readonly HttpListener healthListener;
    private readonly HealthState health;
    private readonly Thread healthThread;

    private TelemetryEndpoint(ListenAddress address, MeterProvider meterProvider, TracerProvider? tracerProvider, HttpListener healthListener, HealthState health)
    {
        Address = address;
        this.meterProvider = meterProvider;
        this.tracerProvider = tracerProvider;
        this.healthListener = healthListener;
        this.health = health;
        healthThread = new Thread(ServeHealth) { Name = "telemetry-health", IsBackground = true };
        healthThread.Start();
    }

    /// <summary>Where the endpoint listens.</summary>
    public ListenAddress Address { get; }

    /// <summary>Base URL for clients (<c>+</c> shown as 127.0.0.1).</summary>
    public Uri BaseUri => new($"http://{(Address.Host == "+" ? "127.0.0.1" : Address.Host)}:{Address.Port}/");

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
        Uri? otlp = null;
        if (!string.IsNullOrWhiteSpace(spec.OtlpEndpoint) && (!Uri.TryCreate(spec.OtlpEndpoint, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw new FormatException($"telemetry.otlp_endpoint: '{spec.OtlpEndpoint}' is not an http(s) URL (e.g. http://otel-collector:4317); leave it empty to disable OTLP.");
        }

        var resource = ResourceBuilder.CreateDefault().AddService("streamclassifier", serviceInstanceId: serviceInstance);
        HttpListener? healthListener = null;
        MeterProvider? meterProvider = null;
        TracerProvider? tracerProvider = null;
        try
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
                        options.ConfigureHttpListener = (_, listener) =>
                        {
                            listener.Prefixes.Clear();
                            listener.Prefixes.Add(address.Prefix(string.Empty));
                        };
                    }

                    options.Port = address.Port;
                    options.ScrapeEndpointPath = "/metrics";
                });
            if (otlp is not null)
            {
                meters.AddOtlpExporter(options => options.Endpoint = otlp);
                tracerProvider = Sdk.CreateTracerProviderBuilder()
                    .SetResourceBuilder(resource)
                    .AddSource(TelemetryNames.Source)
                    .AddOtlpExporter(options => options.Endpoint = otlp)
                    .Build();
            }

            meterProvider = meters.Build();

            // Created only once the exporter holds the port: closing a listener that never bound tries to bind.
            healthListener = new HttpListener();
            healthListener.Prefixes.Add(address.Prefix("healthz"));
            healthListener.Prefixes.Add(address.Prefix("readyz"));
            healthListener.Start();
            return new TelemetryEndpoint(address, meterProvider, tracerProvider, healthListener, health);
        }
        catch (Exception exception) when (exception is HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // The Prometheus exporter wraps a bind failure in InvalidOperationException; ours throws HttpListenerException.
            meterProvider?.Dispose();
            tracerProvider?.Dispose();
            CloseQuietly(healthListener);
            throw new InvalidOperationException($"telemetry.listen: cannot listen on {address} ({(exception.InnerException ?? exception).Message}); choose a free port (telemetry.listen, or run --listen host:port).", exception);
        }
        catch
        {
            meterProvider?.Dispose();
            tracerProvider?.Dispose();
            CloseQuietly(healthListener);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        healthListener.Close();
        healthThread.Join(TimeSpan.FromSeconds(2));
        meterProvider.Dispose();
        tracerProvider?.Dispose();
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

    private void ServeHealth()
    {
        while (healthListener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = healthListener.GetContext();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            try
            {
                Answer(context);
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; the next request is served normally.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        int status;
        string body;
        if (path == "/healthz")
        {
            (status, body) = (200, "alive\n");
        }
        else if (path == "/readyz")
        {
            var reasons = health.NotReadyReasons();
            (status, body) = reasons.Count == 0 ? (200, "ready\n") : (503, "not ready\n" + string.Concat(reasons.Select(reason => $"- {reason}\n")));
        }
        else
        {
            (status, body) = (404, "not found: try /metrics, /healthz or /readyz\n");
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }
}
