using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Tests.Health;

/// <summary>
/// A tiny authoritative DNS responder on 127.0.0.1 (UDP): A records for the names it knows, NXDOMAIN for the rest; a name
/// starting with "wrongid." is answered with another transaction id than the query's.
/// </summary>
internal sealed class TestDnsResponder : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<string, IPAddress> _records;
    private readonly CancellationTokenSource _stop = new();

    internal TestDnsResponder(Dictionary<string, IPAddress> records)
    {
        _records = new Dictionary<string, IPAddress>(records, StringComparer.OrdinalIgnoreCase);
        _ = ServeAsync();
    }

    internal IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    internal int Queries { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Queries++;
            byte[] answer = Answer(request.Buffer);
            await _socket.SendAsync(answer, request.RemoteEndPoint, _stop.Token);
        }
    }

    private byte[] Answer(byte[] query)
    {
        // The question: labels from offset 12 up to the zero byte, then QTYPE and QCLASS.
        int offset = 12;
        var labels = new List<string>();
        while (query[offset] != 0)
        {
            int length = query[offset];
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, length));
            offset += length + 1;
        }

        int questionEnd = offset + 1 + 4;
        string name = string.Join('.', labels);
        bool known = _records.TryGetValue(name, out IPAddress? address);
        var response = new List<byte>();
        response.AddRange(name.StartsWith("wrongid.", StringComparison.OrdinalIgnoreCase) ? [(byte)~query[0], (byte)~query[1]] : query.AsSpan(0, 2).ToArray()); // id
        response.AddRange(new byte[] { 0x84, (byte)(known ? 0x00 : 0x03) }); // response, authoritative; NOERROR or NXDOMAIN
        response.AddRange(new byte[] { 0, 1, 0, (byte)(known ? 1 : 0), 0, 0, 0, 0 });
        response.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        if (known)
        {
            response.AddRange(new byte[] { 0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4 });
            response.AddRange(address!.GetAddressBytes());
        }

        return response.ToArray();
    }
}
