using System;
using System.Globalization;
using System.Management.Automation;

namespace OpsModule.Infrastructure;

/// <summary>
/// Refuses a fraction for a whole-number parameter (bytes, counts) with a message that names what was given: PowerShell
/// would round -MaxSize 0.4 to 0 first, and the range check then speaks of "the 0 argument".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class WholeNumberArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>What the number counts, for the message ("bytes").</summary>
    public string Unit { get; set; } = string.Empty;

    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        bool fraction = value switch
        {
            double d => d != Math.Floor(d),
            float f => f != MathF.Floor(f),
            decimal m => m != decimal.Floor(m),
            _ => false,
        };
        return fraction
            ? throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not a whole number{1}; give a whole number{1}.", value, Unit.Length > 0 ? " of " + Unit : string.Empty))
            : inputData;
    }
}
