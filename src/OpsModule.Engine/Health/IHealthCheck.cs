using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Health;

/// <summary>
/// One kind of health check. A check reads its settings when it is created (a bad setting is a
/// <see cref="HealthDefinitionException"/>), and each run is one attempt; the runner adds the timeout and the retries.
/// </summary>
internal interface IHealthCheck
{
    /// <summary>The kind's name as results show it: Http, Tcp, Dns, ...</summary>
    string Kind { get; }

    /// <summary>What is checked, with secrets redacted.</summary>
    string Target { get; }

    /// <summary>Runs one attempt. A finding (down, slow, too full) is an outcome, never an exception.</summary>
    Task<CheckOutcome> RunAsync(CancellationToken cancellationToken);
}
