using System.Globalization;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>The telemetry listener's <c>host:port</c> (topology key <c>telemetry.listen</c>).</summary>
/// <param name="Host">Host as HttpListener wants it: an address or name, or <c>+</c> for every interface.</param>
/// <param name="Port">TCP port.</param>
internal sealed record ListenAddress(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>; <c>0.0.0.0</c>, <c>*</c> and an empty host mean every interface (containers).</summary>
    /// <exception cref="FormatException">Not <c>host:port</c> with a port in 1..65535; the message says what was expected.</exception>
    public static ListenAddress Parse(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var colon = listen.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(listen.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"telemetry.listen: '{listen}' is not host:port with a port in 1..65535 (e.g. 127.0.0.1:9464, or 0.0.0.0:9464 in a container).");
        }

        var host = listen[..colon].Trim('[', ']');
        // HttpListener matches requests by the Host header unless the prefix is a wildcard, so "every
        // interface" must be "+" for a scrape of http://worker:9464/ to be answered.
        host = host is "" or "0.0.0.0" or "*" or "+" or "::" ? "+" : host;
        return new ListenAddress(host, port);
    }

    /// <summary>The URL prefix of <paramref name="path"/> (ending in '/').</summary>
    public string Prefix(string path) => $"http://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{path.Trim('/')}{(path.Trim('/').Length > 0 ? "/" : string.Empty)}";

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
