using Xunit;

namespace OpsModule.Engine.Tests.Health;

/// <summary>Tests that assert (loosely) on elapsed time run alone, not beside the other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedTests
{
    public const string Name = "Timing";
}
