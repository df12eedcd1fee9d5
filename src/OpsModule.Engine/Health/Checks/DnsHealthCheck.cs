using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;

namespace OpsModule.Engine.Health.Checks;

/// <summary>
/// DNS: the name resolves (to the expected addresses, when given). Without DnsServer it asks the system resolver
/// (as applications do, /etc/hosts included); with DnsServer it asks that server directly, without a cache.
/// </summary>
internal sealed class DnsHealthCheck : IHealthCheck
{
    private readonly string _hostName;
    private readonly IPEndPoint? _server;
    private readonly IReadOnlyList<IPAddress> _expected;
    private readonly QueryType _recordType;
    private readonly Threshold _responseTime;

    internal DnsHealthCheck(HealthOptions options)
    {
        _hostName = options.Target("HostName", "Dns");
        string? server = options.String("DnsServer");
        if (server is not null)
        {
            if (!IPEndPoint.TryParse(server, out IPEndPoint? endpoint))
            {
                throw new HealthDefinitionException($"DnsServer '{server}' is not an IP address or address:port.");
            }

            _server = endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
        }

        _expected = options.Strings("ExpectedAddress").Select(text => IPAddress.TryParse(text, out IPAddress? address)
            ? address
            : throw new HealthDefinitionException($"ExpectedAddress '{text}' is not an IP address.")).ToList();
        string type = options.String("RecordType") ?? "A";
        _recordType = type.ToUpperInvariant() switch
        {
            "A" => QueryType.A,
            "AAAA" => QueryType.AAAA,
            _ => throw new HealthDefinitionException($"RecordType '{type}' is not supported; use A or AAAA."),
        };
        Target = _server is null ? _hostName : $"{_hostName} @{_server}";
        _responseTime = Threshold.Duration(options, "ResponseTime", "lookup time");
    }

    public string Kind => "Dns";

    public string Target { get; }

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        IReadOnlyList<IPAddress> addresses;
        if (_server is null)
        {
            try
            {
                AddressFamily family = _recordType == QueryType.AAAA ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                addresses = await Dns.GetHostAddressesAsync(_hostName, family, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                return CheckOutcome.Failed($"'{_hostName}' does not resolve: {ex.Message}");
            }
        }
        else
        {
            var lookup = new LookupClient(new LookupClientOptions(new NameServer(_server))
            {
                UseCache = false,
                Retries = 0,
                Timeout = TimeSpan.FromSeconds(30),
                ThrowDnsErrors = false,
                ContinueOnDnsError = false,
                UseTcpFallback = true,
            });
            IDnsQueryResponse response;
            try
            {
                response = await lookup.QueryAsync(_hostName, _recordType, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            }
            catch (DnsResponseException ex)
            {
                return CheckOutcome.Failed($"{_server} did not answer for '{_hostName}': {ex.Message}");
            }
            catch (DnsXidMismatchException ex)
            {
                return CheckOutcome.Failed(
                    $"{_server} answered the query for '{_hostName}' with transaction id {ex.ResponseXid} instead of {ex.RequestXid}: " +
                    "the answer was not for this query (a stray or spoofed packet, or a broken server), so it is not trusted");
            }

            if (response.HasError)
            {
                return CheckOutcome.Failed($"{_server} answered {response.ErrorMessage} for '{_hostName}'");
            }

            addresses = _recordType == QueryType.A
                ? response.Answers.ARecords().Select(r => r.Address).ToList()
                : response.Answers.AaaaRecords().Select(r => r.Address).ToList();
        }

        TimeSpan elapsed = clock.Elapsed;
        var outcome = new CheckOutcome { ResponseTime = elapsed };
        outcome.Data["Addresses"] = addresses.Select(a => a.ToString()).ToArray();
        if (addresses.Count == 0)
        {
            outcome.Report(HealthStatus.Unhealthy, $"'{_hostName}' has no {_recordType} record");
            return outcome;
        }

        IPAddress[] missing = _expected.Where(e => !addresses.Contains(e)).ToArray();
        if (missing.Length > 0)
        {
            outcome.Report(HealthStatus.Unhealthy, $"'{_hostName}' resolves to {string.Join(", ", addresses)}, not to {string.Join(", ", missing.Select(m => m.ToString()))}");
        }

        outcome.Measure("LookupTimeMs", Math.Round(elapsed.TotalMilliseconds, 1), elapsed.TotalSeconds, _responseTime);
        outcome.Summary = $"'{_hostName}' resolves to {string.Join(", ", addresses)} in {Threshold.FormatSeconds(elapsed.TotalSeconds)}";
        return outcome;
    }
}
