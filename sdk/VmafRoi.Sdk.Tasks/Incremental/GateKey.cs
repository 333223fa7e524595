using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VmafRoi.Sdk.Tasks.Metadata;

namespace VmafRoi.Sdk.Tasks.Incremental;

/// <summary>
/// The key that decides whether a gate item must be rescored: SHA-256 over the scorer's fingerprint, the contents of
/// both clips (and of any model file) and every setting that changes the score. Bars are not in it: a new bar
/// re-judges the stored score without rescoring.
/// </summary>
public static class GateKey
{
    /// <summary>Bumped when what goes into the key changes, so old stamps never match.</summary>
    public const string Version = "vmafroi-gate-key/1";

    /// <summary>The canonical text the key hashes; one <c>name=value</c> line each, empty metadata as <c>default</c>.</summary>
    public static string Text(RoiItem item, string scorerFingerprint, ContentHashCache hashes, string? modelDirectory = null)
    {
        var lines = new StringBuilder();
        void Line(string name, string? value) => lines.Append(name).Append('=').Append(value ?? "default").Append('\n');

        Line("key", Version);
        Line("scorer", scorerFingerprint);
        Line("reference", hashes.Sha256(item.ReferenceFullPath));
        Line("distorted", hashes.Sha256(item.DistortedFullPath));
        Line("weight", Number(item.Weight));
        Line("threshold", Number(item.Threshold));
        Line("fade", Number(item.Fade));
        Line("model_directory", string.IsNullOrWhiteSpace(modelDirectory) ? null : modelDirectory.Trim());
        Line("model", item.ModelFile is { } modelFile ? "sha256:" + hashes.Sha256(modelFile) : item.Model);
        Line("engine", item.Engine);
        Line("saliency_model", item.SaliencyModelFile is { } saliencyFile ? "sha256:" + hashes.Sha256(saliencyFile) : item.SaliencyModel);
        Line("width", item.Width?.ToString(CultureInfo.InvariantCulture));
        Line("height", item.Height?.ToString(CultureInfo.InvariantCulture));
        Line("pix_fmt", item.PixFmt);
        return lines.ToString();
    }

    /// <summary>The hex SHA-256 of <see cref="Text"/>.</summary>
    public static string Compute(RoiItem item, string scorerFingerprint, ContentHashCache hashes, string? modelDirectory = null) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(item, scorerFingerprint, hashes, modelDirectory))));

    /// <summary>
    /// What the scorer is: the contents of every managed assembly beside it (the command and the libraries doing the
    /// scoring), so a new engine or saliency build rescores while a repack of the same bits does not.
    /// </summary>
    public static string ScorerFingerprint(string toolPath, ContentHashCache hashes)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(toolPath));
        if (folder is null || !Directory.Exists(folder))
        {
            return "missing";
        }

        var text = new StringBuilder();
        foreach (string dll in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetFileName(dll)).Append(' ').Append(hashes.Sha256(dll)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
