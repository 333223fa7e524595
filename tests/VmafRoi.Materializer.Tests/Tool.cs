using System.Text.Json;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Materialize;

namespace VmafRoi.Materializer.Tests;

/// <summary>The command in process, and helpers to read what it wrote.</summary>
internal static class Tool
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = MaterializeCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs and fails the test with stderr unless the exit code is <paramref name="expected"/>.</summary>
    public static string Expect(int expected, params string[] args)
    {
        (int code, _, string stderr) = Run(args);
        Assert.True(code == expected, $"exit {code}, expected {expected}; stderr:\n{stderr}");
        return stderr;
    }

    public static MaterializerAudit Audit(string path) => ContractJson.Deserialize<MaterializerAudit>(File.ReadAllText(path));

    /// <summary>Each output line as a JSON document (for values; byte checks read the text).</summary>
    public static List<JsonElement> JsonRows(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line.Replace("NaN", "null", StringComparison.Ordinal)).RootElement.Clone())];

    /// <summary>A constant-mask ONNX model (every pixel <paramref name="value"/>) in <paramref name="folder"/>.</summary>
    public static string ConstantModel(string folder, float value = 0.5f, string name = "constant_half")
    {
        string path = Path.Combine(folder, name + ".onnx");
        File.WriteAllBytes(path, TestModels.Constant(value));
        return path;
    }

    /// <summary>Replaces the run's variable parts (folders, hashes, the entrypoint) so JSON can be snapshot-compared.</summary>
    public static string Normalize(string json, params (string Text, string Placeholder)[] folders)
    {
        foreach ((string text, string placeholder) in folders.OrderByDescending(f => f.Text.Length))
        {
            json = json.Replace(text, placeholder, StringComparison.Ordinal);
        }

        json = System.Text.RegularExpressions.Regex.Replace(json, "\"[0-9a-f]{64}\"", "\"{sha256}\"");
        json = System.Text.RegularExpressions.Regex.Replace(json, "\"path\": \"[^\"]*(testhost|vmaf-saliency-materialize)[^\"]*\"", "\"path\": \"{entrypoint}\"");
        return json;
    }
}
