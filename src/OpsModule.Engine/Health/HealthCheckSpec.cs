using System;
using System.Collections.Generic;

namespace OpsModule.Engine.Health;

/// <summary>One check ready to run: its name, tags, timeout and retries, and the check itself, or the reason it cannot run.</summary>
internal sealed class HealthCheckSpec
{
    internal string Name { get; init; } = string.Empty;

    internal string Kind { get; init; } = string.Empty;

    internal string Target { get; init; } = string.Empty;

    internal IReadOnlyList<string> Tags { get; init; } = [];

    internal TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    internal int RetryCount { get; init; }

    internal TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The check; null when its definition is unusable (see <see cref="Problem"/>).</summary>
    internal IHealthCheck? Check { get; init; }

    /// <summary>Why the check cannot run; it is then reported as Unknown.</summary>
    internal string? Problem { get; init; }
}

/// <summary>Settings every check of a call shares unless its definition says otherwise.</summary>
internal sealed class HealthDefaults
{
    internal TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    internal int RetryCount { get; init; }

    internal TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
