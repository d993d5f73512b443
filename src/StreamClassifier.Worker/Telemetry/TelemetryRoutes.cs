using System.Net;
using System.Text;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// Answers every request to the telemetry port: <c>GET</c> or <c>HEAD</c> of <c>/metrics</c>,
/// <c>/healthz</c> and <c>/readyz</c>; any other method on those paths is <c>405</c> (with
/// <c>Allow</c>), any other path <c>404</c>. <c>/metrics</c> is read from the Prometheus exporter,
/// which listens on the same port under a path nobody else knows (<see cref="ExporterPath"/>), so
/// the exposition format stays the maintained exporter's while methods and paths are decided here.
/// </summary>
internal sealed class TelemetryRoutes : IDisposable
{
    private const string PlainText = "text/plain; charset=utf-8";
    private static readonly string[] Paths = ["/metrics", "/healthz", "/readyz"];
    private readonly HealthState health;
    private readonly HttpClient exporter;

    /// <summary>Creates the routes of an endpoint whose exporter answers at <paramref name="exporterUri"/>.</summary>
    public TelemetryRoutes(HealthState health, Uri exporterUri)
    {
        this.health = health;
        exporter = new HttpClient { BaseAddress = exporterUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A fresh, unguessable path for the exporter (it answers any method, so it must not be a public path).</summary>
    public static string ExporterPath() => "/exporter-" + Guid.NewGuid().ToString("N");

    /// <summary>Answers one request and closes its response.</summary>
    public void Answer(HttpListenerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        var head = context.Request.HttpMethod == "HEAD";
        var (status, contentType, body) = !Paths.Contains(path, StringComparer.Ordinal) ? (404, PlainText, Text("not found: try /metrics, /healthz or /readyz\n"))
            : context.Request.HttpMethod is not ("GET" or "HEAD") ? (405, PlainText, Text("method not allowed: only GET and HEAD\n"))
            : path == "/metrics" ? Scrape()
            : path == "/healthz" ? (200, PlainText, Text("alive\n"))
            : Readiness();
        if (status == 405)
        {
            context.Response.AddHeader("Allow", "GET, HEAD");
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = body.Length;
        if (!head)
        {
            context.Response.OutputStream.Write(body);
        }

        context.Response.Close();
    }

    /// <inheritdoc />
    public void Dispose() => exporter.Dispose();

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private (int Status, string ContentType, byte[] Body) Readiness()
    {
        var reasons = health.NotReadyReasons();
        return reasons.Count == 0 ? (200, PlainText, Text("ready\n")) : (503, PlainText, Text("not ready\n" + string.Concat(reasons.Select(reason => $"- {reason}\n"))));
    }

    private (int Status, string ContentType, byte[] Body) Scrape()
    {
        try
        {
            using var response = exporter.Send(new HttpRequestMessage(HttpMethod.Get, string.Empty));
            using var content = new MemoryStream();
            response.Content.ReadAsStream().CopyTo(content);
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? PlainText, content.ToArray());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            return (503, PlainText, Text($"metrics unavailable: {exception.Message}\n"));
        }
    }
}
