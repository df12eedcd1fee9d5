using System;

namespace OpsModule;

/// <summary>Mirrors the PowerShell error categories OpsModule uses, without depending on PowerShell.</summary>
public enum OpsErrorCategory
{
    /// <summary>Maps to ErrorCategory.NotSpecified.</summary>
    NotSpecified = 0,

    /// <summary>Maps to ErrorCategory.ObjectNotFound.</summary>
    ObjectNotFound,

    /// <summary>Maps to ErrorCategory.InvalidArgument.</summary>
    InvalidArgument,

    /// <summary>Maps to ErrorCategory.InvalidData.</summary>
    InvalidData,

    /// <summary>Maps to ErrorCategory.PermissionDenied.</summary>
    PermissionDenied,

    /// <summary>Maps to ErrorCategory.ConnectionError.</summary>
    ConnectionError,

    /// <summary>Maps to ErrorCategory.OperationTimeout.</summary>
    OperationTimeout,

    /// <summary>Maps to ErrorCategory.ResourceBusy.</summary>
    ResourceBusy,

    /// <summary>Maps to ErrorCategory.ResourceUnavailable.</summary>
    ResourceUnavailable,

    /// <summary>Maps to ErrorCategory.InvalidOperation.</summary>
    InvalidOperation,

    /// <summary>Maps to ErrorCategory.OperationStopped.</summary>
    OperationStopped,

    /// <summary>Maps to ErrorCategory.WriteError.</summary>
    WriteError,
}

/// <summary>
/// A failure the engine explains: a stable <see cref="ErrorId"/>, a category, the failing item and a
/// message that says what to do. Cmdlets turn it into an ErrorRecord without a stack trace.
/// </summary>
public sealed class OpsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpsException(string errorId, OpsErrorCategory category, object? target, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    /// <summary>Creates an exception with a generic id (prefer the full constructor).</summary>
    public OpsException()
        : this(ErrorIds.OperationFailed, OpsErrorCategory.NotSpecified, null, "The operation failed.")
    {
    }

    /// <summary>Creates an exception with a generic id (prefer the full constructor).</summary>
    public OpsException(string message)
        : this(ErrorIds.OperationFailed, OpsErrorCategory.NotSpecified, null, message)
    {
    }

    /// <summary>Creates an exception with a generic id (prefer the full constructor).</summary>
    public OpsException(string message, Exception innerException)
        : this(ErrorIds.OperationFailed, OpsErrorCategory.NotSpecified, null, message, innerException)
    {
    }

    /// <summary>The stable ErrorId (see <see cref="ErrorIds"/>).</summary>
    public string ErrorId { get; }

    /// <summary>The error category.</summary>
    public OpsErrorCategory Category { get; }

    /// <summary>The failing item: a path, a backup, a check.</summary>
    public object? Target { get; }
}
