using System.Diagnostics;

namespace VmafRoi.Cli.Tests;

/// <summary>Runs one of our commands as a child process (<c>dotnet tool.dll</c>), for what only a fresh process shows.</summary>
internal static class ChildTool
{
    /// <summary>Environment variables that switch ONNX Runtime's telemetry off by themselves; a child gets none of them.</summary>
    public static readonly string[] TelemetryOptOuts = ["ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED", "TF_BUILD", "GITHUB_ACTIONS"];

    public static (int Code, string Stdout, string Stderr) Run(
        string appFolder,
        string tool,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? appFolder,
        };
        start.ArgumentList.Add(Path.Combine(appFolder, tool + ".dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in TelemetryOptOuts)
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} ran over 3 minutes");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
