using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using OpsModule.Engine.Common;

namespace OpsModule.Infrastructure;

/// <summary>
/// Converts text to a Uri as PowerShell would, but refuses text that is no URI with its password and secret values
/// masked: PowerShell's own conversion error quotes the whole argument, user:password and ?token= included.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class UriArgumentAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is string text)
        {
            return ToUri(text);
        }

        if (value is IEnumerable items and not IDictionary)
        {
            var converted = new List<object?>();
            foreach (object? item in items)
            {
                object? inner = item is PSObject element ? element.BaseObject : item;
                converted.Add(inner is string one ? ToUri(one) : item);
            }

            return converted.ToArray();
        }

        return inputData;
    }

    private static Uri ToUri(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.RelativeOrAbsolute, out Uri? uri)
            ? uri
            : throw new ArgumentTransformationMetadataException(
                $"'{Redaction.Redact(text)}' is not a valid URI: give the scheme, the host and, if any, a port from 1 to 65535 (https://app.example.com:8443/healthz).");
}
