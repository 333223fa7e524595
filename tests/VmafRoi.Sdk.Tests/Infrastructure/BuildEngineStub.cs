using System.Collections;
using Microsoft.Build.Framework;

namespace VmafRoi.Sdk.Tests.Infrastructure;

/// <summary>Records what a task logs, as MSBuild's engine would receive it; enough to run task logic in process.</summary>
public sealed class BuildEngineStub : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "/stub/Gate.proj";

    /// <summary>Error codes in the order they were logged.</summary>
    public IEnumerable<string> ErrorCodes => Errors.Select(e => e.Code);

    /// <summary>Every message at the given importance or above, as text.</summary>
    public IEnumerable<string> MessagesAtLeast(MessageImportance importance) =>
        Messages.Where(m => m.Importance <= importance).Select(m => m.Message ?? string.Empty);

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("the VmafRoi tasks never build other projects");

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
}
