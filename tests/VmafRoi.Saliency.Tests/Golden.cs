using System.Text.Json;
using VmafRoi.TestShared;

namespace VmafRoi.Saliency.Tests;

/// <summary>Reads shared/saliency/models/golden_outputs.json.</summary>
internal sealed class Golden
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(SharedData.File("saliency", "models", "golden_outputs.json"))));

    private readonly JsonElement _entry;

    private Golden(JsonElement entry) => _entry = entry;

    /// <summary>Model keys: <c>classic_saliency_v1</c>, <c>deeplabv3_mnv2_objectness</c>; case: <c>pattern</c> or a clip file name.</summary>
    public static Golden For(string model, string caseName, string? frame = null)
    {
        JsonElement entry = Document.Value.RootElement.GetProperty("results").GetProperty(model).GetProperty(caseName);
        return new Golden(frame is null ? entry : entry.GetProperty(frame));
    }

    public double Mean => _entry.GetProperty("mean").GetDouble();

    public double Min => _entry.GetProperty("min").GetDouble();

    public double Max => _entry.GetProperty("max").GetDouble();

    public (int Y, int X) ArgMax => (_entry.GetProperty("argmax_yx")[0].GetInt32(), _entry.GetProperty("argmax_yx")[1].GetInt32());

    public double Value(string key) => _entry.GetProperty(key).GetDouble();

    public double[,] Blocks8
    {
        get
        {
            var blocks = new double[8, 8];
            JsonElement rows = _entry.GetProperty("blocks8");
            for (int i = 0; i < 8; i++)
            {
                for (int j = 0; j < 8; j++)
                {
                    blocks[i, j] = rows[i][j].GetDouble();
                }
            }

            return blocks;
        }
    }

    /// <summary>Largest absolute difference between our block means and the golden ones.</summary>
    public double MaxBlockError(ReadOnlySpan<float> map, int width, int height)
    {
        double[,] ours = TestImages.Blocks8(map, width, height);
        double[,] golden = Blocks8;
        double worst = 0;
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                worst = Math.Max(worst, Math.Abs(ours[i, j] - golden[i, j]));
            }
        }

        return worst;
    }
}
