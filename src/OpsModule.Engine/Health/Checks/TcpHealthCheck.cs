using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Health.Checks;

/// <summary>TCP: the port accepts a connection; the connect time against the ResponseTime thresholds.</summary>
internal sealed class TcpHealthCheck : IHealthCheck
{
    private readonly string _host;
    private readonly int _port;
    private readonly Threshold _responseTime;

    internal TcpHealthCheck(HealthOptions options)
    {
        string address = options.Target("Address", "Tcp");
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new HealthDefinitionException($"'{address}' is not host:port (e.g. db.internal:5432 or [::1]:6379).");
        }

        string host = address[..colon];
        bool bracketed = host.Length > 2 && host[0] == '[' && host[^1] == ']';
        if (!bracketed && host.Contains(':', System.StringComparison.Ordinal))
        {
            // '::1' would read as host ':' and port 1, '::1:6379' as host '::1': an IPv6 address needs brackets to end.
            throw new HealthDefinitionException($"'{address}' is not host:port: write an IPv6 address in brackets with a port, e.g. [::1]:6379.");
        }

        _host = bracketed ? host[1..^1] : host;
        _port = port;
        Target = address;
        _responseTime = Threshold.Duration(options, "ResponseTime", "connect time");
    }

    public string Kind => "Tcp";

    public string Target { get; }

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        Stopwatch clock = Stopwatch.StartNew();
        try
        {
            await client.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return CheckOutcome.Failed($"Cannot connect to {Target}: {ex.Message}");
        }

        System.TimeSpan elapsed = clock.Elapsed;
        var outcome = new CheckOutcome { ResponseTime = elapsed };
        outcome.Measure("ConnectTimeMs", System.Math.Round(elapsed.TotalMilliseconds, 1), elapsed.TotalSeconds, _responseTime);
        outcome.Summary = $"{Target} accepted a connection in {Threshold.FormatSeconds(elapsed.TotalSeconds)}";
        return outcome;
    }
}
