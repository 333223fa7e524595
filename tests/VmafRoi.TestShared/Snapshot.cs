using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace VmafRoi.TestShared;

/// <summary>
/// Snapshot assertions following Verify's file conventions: <c>&lt;Class&gt;.&lt;Method&gt;.verified.&lt;ext&gt;</c> beside the
/// test source is the accepted text. A mismatch writes <c>*.received.&lt;ext&gt;</c> and fails with a line diff;
/// accept by renaming it (or run with <c>VMAFROI_ACCEPT_SNAPSHOTS=1</c>).
/// </summary>
public static class Snapshot
{
    /// <summary>Compares <paramref name="actual"/> with the verified snapshot of the calling test.</summary>
    public static void Verify(
        string actual,
        string extension = "json",
        string? name = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string method = "")
    {
        string directory = Path.GetDirectoryName(SourcePath(sourceFile))!;
        string stem = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{name ?? method}";
        string verified = Path.Combine(directory, $"{stem}.verified.{extension}");
        string received = Path.Combine(directory, $"{stem}.received.{extension}");
        string normalized = Normalize(actual);

        if (Environment.GetEnvironmentVariable("VMAFROI_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, normalized, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }

        if (!File.Exists(verified))
        {
            File.WriteAllText(received, normalized, new UTF8Encoding(false));
            throw new XunitException($"No verified snapshot {verified}. Review {received} and rename it to accept.");
        }

        string expected = Normalize(File.ReadAllText(verified));
        if (expected == normalized)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, normalized, new UTF8Encoding(false));
        throw new XunitException($"Snapshot mismatch for {verified} (received: {received}):\n{Diff(expected, normalized)}");
    }

    /// <summary>Where the caller's source file really is, also when the build mapped source paths.</summary>
    internal static string SourcePath(string callerFile)
    {
        // A ContinuousIntegrationBuild (CI=true) compiles with the repository root mapped to "/_/".
        const string MappedRoot = "/_/";
        if (callerFile.StartsWith(MappedRoot, StringComparison.Ordinal) && !File.Exists(callerFile))
        {
            return Path.Combine(SharedData.RepoRoot, callerFile[MappedRoot.Length..]);
        }

        return callerFile;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        var output = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.Max(a.Length, b.Length) && shown < 40; i++)
        {
            string? left = i < a.Length ? a[i] : null;
            string? right = i < b.Length ? b[i] : null;
            if (left == right)
            {
                continue;
            }

            output.Append("line ").Append(i + 1).Append('\n');
            if (left is not null)
            {
                output.Append("- ").Append(left).Append('\n');
            }

            if (right is not null)
            {
                output.Append("+ ").Append(right).Append('\n');
            }

            shown++;
        }

        return output.ToString();
    }
}
