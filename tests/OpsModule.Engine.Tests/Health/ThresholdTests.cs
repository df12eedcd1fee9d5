using System.Globalization;
using OpsModule.Engine.Health;
using Xunit;

namespace OpsModule.Engine.Tests.Health;

public sealed class ThresholdTests
{
    [Fact]
    public void A_value_that_rounds_to_the_threshold_is_said_to_be_just_beyond_it_not_beyond_itself()
    {
        // helper-118: "certificate days left 5 d is below the critical threshold 5 d" for 4.99 days.
        Threshold days = Threshold.Create("certificate days left", 30, 5, lowerIsWorse: true, d => d.ToString("0.#", CultureInfo.InvariantCulture) + " d", "CertificateWarningDays", "CertificateCriticalDays");

        Assert.Equal(OpsModule.HealthStatus.Unhealthy, days.Evaluate(4.99));
        Assert.Equal("certificate days left is just below the critical threshold 5 d", days.Describe(4.99, OpsModule.HealthStatus.Unhealthy));
        Assert.Equal("certificate days left 3 d is below the critical threshold 5 d", days.Describe(3, OpsModule.HealthStatus.Unhealthy));
    }
}
