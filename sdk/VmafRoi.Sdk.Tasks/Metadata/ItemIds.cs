using System.Security.Cryptography;
using System.Text;

namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>
/// Stable, file-name-safe ids for results: the distorted clip's name plus a short hash of the (project-relative) pair,
/// so the same item keeps its result across builds and two clips with one file name never share it.
/// </summary>
public static class ItemIds
{
    /// <summary>The id of the pair <paramref name="distorted"/> / <paramref name="reference"/> (paths as the tool gets them).</summary>
    public static string For(string distorted, string reference) =>
        $"{Safe(Path.GetFileName(distorted))}-{ShortHash(distorted + "\n" + reference)}";

    /// <summary>The id of a reference clip's saliency sidecar for one saliency model.</summary>
    public static string ForSidecar(string reference, string saliencyModel) =>
        $"{Safe(Path.GetFileName(reference))}-{ShortHash(reference + "\n" + saliencyModel)}";

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    private static string Safe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return safe.Length == 0 ? "clip" : safe.ToString();
    }
}
