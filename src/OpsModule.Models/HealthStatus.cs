namespace OpsModule;

/// <summary>The verdict of one health check, from best to worst as a summary ranks them: Healthy, Degraded, Unknown, Unhealthy.</summary>
public enum HealthStatus
{
    /// <summary>Every measured value is inside its thresholds.</summary>
    Healthy = 0,

    /// <summary>A value crossed its warning threshold: working, but needs attention soon.</summary>
    Degraded = 1,

    /// <summary>A value crossed its critical threshold, the check failed, or it timed out.</summary>
    Unhealthy = 2,

    /// <summary>The check could not run (bad configuration, unsupported on this platform, missing permission).</summary>
    Unknown = 3,
}
