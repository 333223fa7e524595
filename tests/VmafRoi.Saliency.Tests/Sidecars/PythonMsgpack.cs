using VmafRoi.Yuv.Tools;
using Xunit.Sdk;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>
/// Runs scripts with Debian's <c>/usr/bin/python3</c> and its <c>python3-msgpack</c> module (the pyenv python on PATH
/// may lack it), so tests can check our bytes against an independent MessagePack implementation.
/// </summary>
internal static class PythonMsgpack
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(Probe);

    public static bool IsAvailable => Available.Value;

    public static string SkipReason =>
        $"python3-msgpack is not installed: '{Interpreter} -c \"import msgpack\"' failed (install it with: apt-get install python3-msgpack)";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> as <c>sys.argv[1:]</c>; returns stdout, fails the test on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        ProcessResult result = ExternalTool.Run(Interpreter, ["-c", script, .. arguments], stderrTailLines: 40, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new XunitException($"python exited {result.ExitCode}:\n{result.StderrTail}\nstdout:\n{result.StandardOutput}");
        }

        return result.StandardOutput;
    }

    private static bool Probe()
    {
        if (!File.Exists(Interpreter))
        {
            return false;
        }

        try
        {
            return ExternalTool.Run(Interpreter, ["-c", "import msgpack"], timeout: TimeSpan.FromSeconds(30)).ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>A fact that is skipped, with the reason spelled out, only when python3-msgpack is absent.</summary>
internal sealed class PythonMsgpackFactAttribute : FactAttribute
{
    public PythonMsgpackFactAttribute()
    {
        if (!PythonMsgpack.IsAvailable)
        {
            Skip = PythonMsgpack.SkipReason;
        }
    }
}
