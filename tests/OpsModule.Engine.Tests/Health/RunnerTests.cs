using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Health;
using Xunit;

namespace OpsModule.Engine.Tests.Health;

[Collection(TimedTests.Name)]
public class RunnerTests
{
    [Fact]
    public async Task The_timeout_holds_even_when_a_check_ignores_its_cancellation_token()
    {
        var spec = new HealthCheckSpec { Name = "stuck", Kind = "Test", Target = "t", Timeout = TimeSpan.FromSeconds(1), Check = new IgnoresTokenCheck() };

        Stopwatch clock = Stopwatch.StartNew();
        HealthCheckResult result = await HealthRunner.RunOneAsync(spec, NullObserver.Instance, CancellationToken.None);

        // The check blocks for 5 s; the runner gives up after its 1 s timeout (room for a loaded machine, far below 5 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), $"took {clock.Elapsed}");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("No answer within the timeout of 1 s", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_checks_are_not_retried_and_Unknown_specs_never_run()
    {
        var flaky = new CountingCheck(HealthStatus.Degraded);
        var degraded = new HealthCheckSpec { Name = "d", Kind = "Test", Target = "t", RetryCount = 3, RetryInterval = TimeSpan.Zero, Check = flaky };
        var unknown = new HealthCheckSpec { Name = "u", Kind = "Test", Problem = "bad definition" };

        HealthCheckResult first = await HealthRunner.RunOneAsync(degraded, NullObserver.Instance, CancellationToken.None);
        HealthCheckResult second = await HealthRunner.RunOneAsync(unknown, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(1, first.Attempts);
        Assert.Equal(1, flaky.Runs);
        Assert.Equal(HealthStatus.Unknown, second.Status);
        Assert.Equal(0, second.Attempts);
        Assert.Equal(Severity.Warning, second.Severity);
    }

    [Fact]
    public void The_summary_takes_the_worst_status()
    {
        HealthCheckResult[] results =
        [
            new() { Name = "a", Status = HealthStatus.Healthy },
            new() { Name = "b", Status = HealthStatus.Degraded },
            new() { Name = "c", Status = HealthStatus.Unknown },
        ];

        HealthCheckResult summary = HealthRunner.Summarize(results);
        HealthCheckResult withUnhealthy = HealthRunner.Summarize([.. results, new() { Name = "d", Status = HealthStatus.Unhealthy }]);

        Assert.Equal(HealthStatus.Unknown, summary.Status);
        Assert.Equal(1, summary.Data["Degraded"]);
        Assert.Equal(HealthStatus.Unhealthy, withUnhealthy.Status);
        Assert.Contains("d (Unhealthy)", withUnhealthy.Message, StringComparison.Ordinal);
    }

    private sealed class IgnoresTokenCheck : IHealthCheck
    {
        public string Kind => "Test";

        public string Target => "t";

        public Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
        {
            Thread.Sleep(TimeSpan.FromSeconds(5));
            return Task.FromResult(new CheckOutcome());
        }
    }

    private sealed class CountingCheck(HealthStatus status) : IHealthCheck
    {
        public int Runs { get; private set; }

        public string Kind => "Test";

        public string Target => "t";

        public Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
        {
            Runs++;
            var outcome = new CheckOutcome();
            outcome.Report(status, "measured");
            return Task.FromResult(outcome);
        }
    }
}
