using System;
using System.Globalization;
using System.Management.Automation;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// Lets a TimeSpan parameter take what users type: '5s', '90d', '1h30m', an unquoted 90d (PowerShell's decimal
/// literal 90, read as days), a plain number of seconds (a bare [TimeSpan] would read 1 as one tick), or a TimeSpan
/// itself. With <see cref="RequireUnit"/> (ages that decide what is deleted) a number without a unit is refused.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>
    /// Refuse a number without a unit (30, 30.5, '30'): for an age that decides what is deleted, next to counts such as
    /// -Keep 30, a bare 30 reads as 30 days but would mean 30 seconds; for a limit such as -MaxBackupAge 26, it reads as
    /// 26 hours. An unquoted 30d (a decimal) and TimeSpans stay.
    /// </summary>
    public bool RequireUnit { get; set; }

    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not (TimeSpan or string or decimal or int or long or short or byte or sbyte or ushort or uint or ulong or double or float or System.Numerics.BigInteger))
        {
            return inputData;
        }

        if (!TryConvert(value, RequireUnit, out TimeSpan span, out string? error))
        {
            throw new ArgumentTransformationMetadataException(error);
        }

        // An age or limit that needs a unit is never negative: -OlderThan (-1d) would take every backup as old enough.
        return RequireUnit && span < TimeSpan.Zero
            ? throw new ArgumentTransformationMetadataException($"'{span}' is negative; give an age or limit of zero or more (30d, 12h).")
            : span;
    }

    /// <summary>The duration a parameter value or a definition file's value stands for: <see cref="Duration.TryFromValue"/>.</summary>
    internal static bool TryConvert(object? value, bool requireUnit, out TimeSpan span, out string? error) =>
        Duration.TryFromValue(value, requireUnit, out span, out error);
}
