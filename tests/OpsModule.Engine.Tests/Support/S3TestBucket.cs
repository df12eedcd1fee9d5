using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage.S3;
using Xunit;

namespace OpsModule.Engine.Tests.Support;

/// <summary>
/// A fresh bucket on the Test task's s3rver (OPS_TEST_S3_*), emptied and removed on dispose. Records every
/// request the SDK is about to send, so a test can assert on headers s3rver itself drops.
/// </summary>
internal sealed class S3TestBucket : IDisposable
{
    internal S3TestBucket(string? endpoint = null)
    {
        Endpoint = endpoint ?? RequireEndpoint();
        Options = new S3Options
        {
            EndpointUrl = Endpoint,
            AccessKey = Environment.GetEnvironmentVariable("OPS_TEST_S3_ACCESS_KEY") ?? "S3RVER",
            SecretKey = Environment.GetEnvironmentVariable("OPS_TEST_S3_SECRET_KEY") ?? "S3RVER",
            PartSize = S3Options.MinimumPartSize,
        };
        Client = S3ClientFactory.Create(Options);
        Client.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs web)
            {
                Requests.Enqueue((web.Request.GetType().Name, new Dictionary<string, string>(web.Headers, StringComparer.OrdinalIgnoreCase)));
            }
        };
        Name = "ops-" + Guid.NewGuid().ToString("N")[..20];
        Client.PutBucketAsync(Name).GetAwaiter().GetResult();
    }

    internal string Endpoint { get; }

    internal string Name { get; }

    internal S3Options Options { get; }

    internal AmazonS3Client Client { get; }

    /// <summary>Every request sent: the SDK request type's name and its HTTP headers.</summary>
    internal ConcurrentQueue<(string Request, Dictionary<string, string> Headers)> Requests { get; } = new();

    internal static string RequireEndpoint()
    {
        string? endpoint = Environment.GetEnvironmentVariable("OPS_TEST_S3_ENDPOINT");
        Skip.If(string.IsNullOrEmpty(endpoint), "OPS_TEST_S3_ENDPOINT is not set");
        return endpoint!;
    }

    /// <summary>A store on this bucket under <paramref name="prefix"/>, sharing the recording client.</summary>
    internal S3BackupStore Store(string prefix = "backups", Action<S3Options>? configure = null)
    {
        var options = new S3Options
        {
            EndpointUrl = Options.EndpointUrl,
            AccessKey = Options.AccessKey,
            SecretKey = Options.SecretKey,
            PartSize = Options.PartSize,
        };
        configure?.Invoke(options);
        return new S3BackupStore(S3BackupLocation.Parse($"s3://{Name}/{prefix}"), options, Client, ownsClient: false, CancellationToken.None);
    }

    internal List<string> Keys() =>
        Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name }).GetAwaiter().GetResult().S3Objects?.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal).ToList() ?? [];

    internal byte[] Get(string key)
    {
        using GetObjectResponse response = Client.GetObjectAsync(Name, key).GetAwaiter().GetResult();
        using var copy = new MemoryStream();
        response.ResponseStream.CopyTo(copy);
        return copy.ToArray();
    }

    internal void Put(string key, byte[] content) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = Name, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false }).GetAwaiter().GetResult();

    public void Dispose()
    {
        try
        {
            foreach (string key in Keys())
            {
                Client.DeleteObjectAsync(Name, key).GetAwaiter().GetResult();
            }

            Client.DeleteBucketAsync(Name).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or AmazonClientException)
        {
            // The server may be gone (a test killed its own s3rver); its folder is removed with it.
        }

        Client.Dispose();
    }
}

/// <summary>An s3rver of the test's own (so the test may kill it), on a free port and a temp folder.</summary>
internal sealed class DedicatedS3rver : IDisposable
{
    private readonly TempFolder _folder = new();
    private ChildProcess? _process;

    internal DedicatedS3rver()
    {
        S3TestBucket.RequireEndpoint();
        string node = Tools.Require("node");
        Script = FindScript();
        Node = node;
        Port = FreePort();
        Start();
    }

    internal string Endpoint => $"http://127.0.0.1:{Port}";

    private string Node { get; }

    private string Script { get; }

    private int Port { get; }

    /// <summary>Starts s3rver (again) on the same port and data folder.</summary>
    internal void Start()
    {
        Directory.CreateDirectory(_folder.Combine("data"));
        _process?.Dispose();
        _process = ChildProcess.Start(Node, [Script, "-d", _folder.Combine("data"), "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        // Its log lines are not needed, but must be read: a full pipe would stall the server.
        _ = _process.StandardOutput.CopyToAsync(Stream.Null);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(1) };
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                http.GetAsync(Endpoint).GetAwaiter().GetResult().Dispose();
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Threading.Tasks.TaskCanceledException && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>SIGKILL, as a crashed or unplugged server.</summary>
    internal void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        _process?.Dispose();
        _folder.Dispose();
    }

    private static string FindScript()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "services", "node_modules", "s3rver", "bin", "s3rver.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/services/node_modules/s3rver is not installed (the Test task runs npm ci there).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
