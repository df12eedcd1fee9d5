using System;
using System.Management.Automation;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// Lets a TimeSpan parameter take what users type: '5s', '90d', '1h30m', an unquoted 90d (PowerShell's decimal
/// literal 90, read as days), a plain number of seconds (a bare
/// [TimeSpan] would read 1 as one tick), or a TimeSpan itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationArgumentAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            TimeSpan span => span,
            int or long or short or byte => TimeSpan.FromSeconds(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            // PowerShell reads an unquoted 30d as the decimal literal 30 (the d suffix), so a decimal means days.
            decimal days => TimeSpan.FromDays((double)days),
            double or float => TimeSpan.FromSeconds(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            string text when Duration.TryParse(text, out TimeSpan parsed) => parsed,
            string text => throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a duration. Use a number of seconds, a value with a unit (250ms, 5s, 15m, 26h, 90d, 2w, or combined: 1h30m), or hh:mm:ss."),
            _ => inputData,
        };
    }
}
