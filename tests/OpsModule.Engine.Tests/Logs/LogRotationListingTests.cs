using System;
using OpsModule.Engine.Logs;
using Xunit;

namespace OpsModule.Engine.Tests.Logs;

/// <summary>When Invoke-LogRotation may use a folder listing again instead of listing the folder once more.</summary>
public sealed class LogRotationListingTests
{
    private static readonly DateTime Modified = new DateTime(2026, 11, 29, 7, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    [Fact]
    public void A_listing_holds_while_the_folder_time_is_unchanged_and_older_than_the_margin()
    {
        Assert.True(LogRotationEngine.ListingStillHolds(Modified, Modified.AddSeconds(1), Modified));
    }

    [Fact]
    public void A_changed_folder_time_or_a_listing_taken_right_after_a_change_is_listed_again()
    {
        Assert.False(LogRotationEngine.ListingStillHolds(Modified, Modified.AddSeconds(1), Modified.AddTicks(1)));
        Assert.False(LogRotationEngine.ListingStillHolds(Modified, Modified.AddMilliseconds(20), Modified));
    }

    [Fact]
    public void A_folder_whose_file_system_keeps_whole_seconds_is_always_listed_again()
    {
        // helper-115: on ext4 with 128-byte inodes a run renumbered and pruned within one second, the folder's time did not
        // change, and the prune used the listing from before the renumbering (23 of 30 logs kept a rotation beyond -Keep).
        DateTime whole = new(2026, 11, 29, 7, 0, 0, DateTimeKind.Utc);
        Assert.False(LogRotationEngine.ListingStillHolds(whole, whole.AddMilliseconds(900), whole));
        Assert.False(LogRotationEngine.ListingStillHolds(whole, whole.AddSeconds(5), whole));
    }
}
