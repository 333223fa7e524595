using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace VmafRoi.Saliency;

/// <summary>
/// The process's ONNX Runtime environment as we want it: telemetry off before ORT initialises (so it writes no device
/// id, offline cache or debug log under <c>$HOME</c> or <c>$TMPDIR</c>), errors-only logging, and a clear
/// <see cref="OnnxRuntimeMissingException"/> when the native library cannot be loaded. An application that created
/// ORT's environment before us keeps its own settings; we only switch telemetry events off in it.
/// </summary>
internal static partial class OrtRuntime
{
    /// <summary>ORT's opt-out, read once when its telemetry starts (1.29+ on Linux and macOS).</summary>
    public const string TelemetryVariable = "ORT_DISABLE_TELEMETRY";

    private static readonly Lazy<OrtEnv> Environment = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The environment; created on first use.</summary>
    /// <exception cref="OnnxRuntimeMissingException">The native library is missing or cannot be loaded.</exception>
    public static OrtEnv Env => Environment.Value;

    /// <summary>The loaded library's version, e.g. <c>1.32.0</c>.</summary>
    public static string Version => Env.GetVersionString();

    /// <summary>Runs an ORT call, turning its errors into ours: <see cref="OnnxModelException"/> with the context in front.</summary>
    public static T Call<T>(Func<T> call, string context)
    {
        _ = Env;
        try
        {
            return call();
        }
        catch (OrtException e)
        {
            throw Translate(e, context);
        }
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            throw Missing(e);
        }
    }

    /// <summary>ORT's exception as ours: its message is <c>[ErrorCode:Name] text</c>, and the code enum is internal to the package.</summary>
    public static OnnxModelException Translate(OrtException error, string context)
    {
        Match match = CodePrefix().Match(error.Message);
        OrtErrorCode code = match.Success && Enum.TryParse(match.Groups[1].Value, out OrtErrorCode parsed) ? parsed : OrtErrorCode.Fail;
        string text = match.Success ? match.Groups[2].Value : error.Message;
        return new OnnxModelException(code, text.Trim(), context, error);
    }

    private static OrtEnv Create()
    {
        DisableTelemetryBeforeStart();
        try
        {
            if (OrtEnv.IsCreated)
            {
                OrtEnv existing = OrtEnv.Instance();
                existing.DisableTelemetryEvents();
                return existing;
            }

            // Errors come back as exceptions with ORT's message, so its own warnings stay off stderr.
            var options = new EnvironmentCreationOptions { logId = "vmafroi", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            OrtEnv env = OrtEnv.CreateInstanceWithOptions(ref options);
            env.DisableTelemetryEvents();
            return env;
        }
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            throw Missing(e);
        }
    }

    // DisableTelemetryEvents comes too late for ORT's POSIX telemetry, which starts with the environment; only the
    // variable, set in the native environment before that, keeps it from starting. An explicit setting is left alone.
    private static void DisableTelemetryBeforeStart()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || System.Environment.GetEnvironmentVariable(TelemetryVariable) is not null)
        {
            return;
        }

        try
        {
            _ = SetEnv(TelemetryVariable, "1", overwrite: 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc setenv: nothing more we can do; DisableTelemetryEvents still applies.
        }
    }

    private static bool IsNativeLoadFailure(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return true;
            }
        }

        return false;
    }

    private static OnnxRuntimeMissingException Missing(Exception e)
    {
        Exception cause = e;
        while (cause is TypeInitializationException { InnerException: { } inner })
        {
            cause = inner;
        }

        return new OnnxRuntimeMissingException(
            $"the ONNX Runtime native library could not be loaded ({cause.Message}); it comes with the Microsoft.ML.OnnxRuntime "
            + $"package as runtimes/{RuntimeInformation.RuntimeIdentifier}/native/: run on a platform that package supports "
            + "(linux-x64, linux-arm64, osx-arm64, win-x64, win-arm64) and deploy the application with its runtimes folder",
            e);
    }

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex CodePrefix();

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
