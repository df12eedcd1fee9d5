using System;
using System.Management.Automation;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// Lets a DateTime parameter take, besides dates and times, what journalctl's --since takes: a span ago ('24h', '7d',
/// '1h30m': that long before now) and 'today' or 'yesterday' (local midnight). Anything else is left to PowerShell's own
/// conversion, so '2026-11-27', '10:00' and DateTime objects mean what they always did.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PointInTimeArgumentAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is not string text)
        {
            return inputData;
        }

        string trimmed = text.Trim();
        if (trimmed.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            return DateTime.Today;
        }

        if (trimmed.Equals("yesterday", StringComparison.OrdinalIgnoreCase))
        {
            return DateTime.Today.AddDays(-1);
        }

        // A span with units only ('24h', '7d', '90m'), never a time of day ('10:00') or a date ('2026-11-27').
        bool spanLike = trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) && trimmed.IndexOfAny([':', '-', '/', '.', ' ', 'T']) < 0 && char.IsAsciiLetter(trimmed[^1]);
        return spanLike && Duration.TryParse(trimmed, out TimeSpan ago) ? DateTime.UtcNow - ago : inputData;
    }
}
