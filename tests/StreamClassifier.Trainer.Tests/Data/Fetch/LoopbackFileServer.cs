using System.Net;
using System.Net.Sockets;

namespace StreamClassifier.Trainer.Tests.Data.Fetch;

/// <summary>
/// An HTTP server on 127.0.0.1 (a free port) serving files from memory with Range support. A file
/// registered as cut is sent with its full Content-Length but only its first bytes on the first
/// request, then the connection is dropped, as an interrupted download looks to the client.
/// </summary>
internal sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> cutAfter = new(StringComparer.Ordinal);
    private readonly Task loop;

    public LoopbackFileServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>The Range header of every request, by path ("" when none).</summary>
    public List<(string Path, string Range)> Requests { get; } = [];

    public void Add(string path, byte[] content, int? cutFirstResponseAfter = null)
    {
        files[path] = content;
        if (cutFirstResponseAfter is { } cut)
        {
            cutAfter[path] = cut;
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was stopped under a pending GetContextAsync.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Serve(context);
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        var range = context.Request.Headers["Range"] ?? string.Empty;
        lock (Requests)
        {
            Requests.Add((path, range));
        }

        var response = context.Response;
        if (!files.TryGetValue(path, out var content))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        var from = range.StartsWith("bytes=", StringComparison.Ordinal) ? long.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (from >= content.Length && from > 0)
        {
            response.StatusCode = 416;
            response.Close();
            return;
        }

        response.StatusCode = from > 0 ? 206 : 200;
        if (from > 0)
        {
            response.AddHeader("Content-Range", $"bytes {from}-{content.Length - 1}/{content.Length}");
        }

        response.ContentLength64 = content.Length - from;
        if (cutAfter.Remove(path, out var cut))
        {
            response.OutputStream.Write(content, (int)from, cut);
            response.OutputStream.Flush();
            response.Abort();
            return;
        }

        response.OutputStream.Write(content, (int)from, (int)(content.Length - from));
        response.Close();
    }
}
