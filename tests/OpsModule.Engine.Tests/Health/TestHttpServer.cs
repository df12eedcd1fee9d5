using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Tests.Health;

/// <summary>
/// What the test server answers for one request; <paramref name="Headers"/> are extra response headers (Location, ...);
/// <paramref name="BodyBytes"/>, when given, are sent as they are instead of <paramref name="Body"/> in UTF-8.
/// </summary>
internal sealed record TestResponse(int Status, string Body = "", TimeSpan Delay = default, bool Hang = false, string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null, byte[]? BodyBytes = null);

/// <summary>One request as the server read it: the path with its query, the request headers (names case-insensitive) and the method.</summary>
internal sealed record TestRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Method = "GET");

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (a TcpListener, optionally TLS with SslStream), one connection per request,
/// each answered concurrently by the test's handler.
/// </summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<TestRequest, TestResponse> _handler;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;
    private int _inFlight;
    private int _mostInFlight;

    internal TestHttpServer(Func<string, TestResponse> handler, X509Certificate2? certificate = null)
        : this(certificate, request => handler(request.Path))
    {
    }

    private TestHttpServer(X509Certificate2? certificate, Func<TestRequest, TestResponse> handler)
    {
        _handler = handler;
        _certificate = certificate;
        _listener.Start(2048);
        int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUri = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
        _ = AcceptLoopAsync();
    }

    internal Uri BaseUri { get; }

    /// <summary>A server whose handler sees the request's headers too (an echo of Authorization, ...).</summary>
    internal static TestHttpServer ForRequests(Func<TestRequest, TestResponse> handler) => new(null, handler);

    internal int Requests => Volatile.Read(ref _requests);

    /// <summary>The most requests the server held at one time (read, not yet answered).</summary>
    internal int MostInFlight => Volatile.Read(ref _mostInFlight);

    internal Uri At(string path) => new(BaseUri, path);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate);
                    stream = tls;
                }

                await using (stream)
                {
                    TestRequest request = await ReadRequestAsync(stream);
                    Interlocked.Increment(ref _requests);
                    TestResponse response = _handler(request);
                    int inFlight = Interlocked.Increment(ref _inFlight);
                    for (int most = Volatile.Read(ref _mostInFlight); inFlight > most; most = Volatile.Read(ref _mostInFlight))
                    {
                        Interlocked.CompareExchange(ref _mostInFlight, inFlight, most);
                    }

                    try
                    {
                        if (response.Hang)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        if (response.Delay > TimeSpan.Zero)
                        {
                            await Task.Delay(response.Delay, _stop.Token);
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _inFlight);
                    }

                    byte[] body = response.BodyBytes ?? Encoding.UTF8.GetBytes(response.Body);
                    var head = new StringBuilder(FormattableString.Invariant($"HTTP/1.1 {response.Status} {(response.Status < 400 ? "OK" : "Error")}\r\nContent-Type: {response.ContentType}\r\n"));
                    foreach (KeyValuePair<string, string> header in response.Headers ?? new Dictionary<string, string>())
                    {
                        head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
                    }

                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\nX-Test-Server: yes\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // The client went away (a timed-out check) or the server stopped.
            }
        }
    }

    private static async Task<TestRequest> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before the request ended.");
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        string[] lines = head.ToString().Split("\r\n\r\n")[0].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines[1..])
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        string[] requestLine = lines[0].Split(' ');
        return new TestRequest(requestLine[1], headers, requestLine[0]);
    }
}
