using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Health;

namespace OpsModule.Engine.Tests.Health;

/// <summary>Builds checks the way the cmdlet and definition files do (settings by name) and runs them through the real runner.</summary>
internal static class HealthTestSupport
{
    internal static HealthCheckSpec Spec(params (string Key, object? Value)[] settings) =>
        HealthCheckFactory.Create(new HealthOptions(settings.Select(s => new KeyValuePair<string, object?>(s.Key, s.Value))), new HealthDefaults { Timeout = TimeSpan.FromSeconds(5), RetryInterval = TimeSpan.Zero }, strict: true, "test");

    internal static async Task<HealthCheckResult> RunAsync(params (string Key, object? Value)[] settings)
    {
        HealthCheckSpec spec = Spec(settings);
        return await HealthRunner.RunOneAsync(spec, NullObserver.Instance, CancellationToken.None);
    }

    internal static async Task<List<HealthCheckResult>> RunAllAsync(IReadOnlyList<HealthCheckSpec> specs, int throttleLimit)
    {
        var results = new List<HealthCheckResult>();
        await HealthRunner.RunAsync(specs, throttleLimit, r =>
        {
            lock (results)
            {
                results.Add(r);
            }
        }, NullObserver.Instance, CancellationToken.None);
        return results;
    }
}
