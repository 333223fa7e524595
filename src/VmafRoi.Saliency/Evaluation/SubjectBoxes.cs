using System.Text.Json;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Evaluation;

/// <summary>A subject box in luma pixels: corners, <c>[X0, X1) × [Y0, Y1)</c>.</summary>
public readonly record struct SubjectBox(double X0, double Y0, double X1, double Y1)
{
    /// <summary>True when the centre of pixel (x, y) lies in the box.</summary>
    public bool Contains(int x, int y) => x + 0.5 >= X0 && x + 0.5 < X1 && y + 0.5 >= Y0 && y + 0.5 < Y1;
}

/// <summary>
/// Per-frame subject boxes of one clip, in the format of <c>shared/saliency/eval/*.boxes.json</c>: an object with
/// <c>width</c>, <c>height</c> and <c>boxes</c>, where <c>boxes[frame]</c> is a list of <c>[x0, y0, x1, y1]</c> or
/// <c>null</c> (no box for that frame). Other keys are ignored.
/// </summary>
public sealed class SubjectBoxes
{
    private readonly IReadOnlyList<SubjectBox>?[] _frames;

    private SubjectBoxes(int width, int height, IReadOnlyList<SubjectBox>?[] frames)
    {
        Width = width;
        Height = height;
        _frames = frames;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Frames the file covers (with or without a box).</summary>
    public int FrameCount => _frames.Length;

    /// <summary>The boxes of <paramref name="frame"/>; null when it has none or lies beyond the file.</summary>
    public IReadOnlyList<SubjectBox>? this[int frame] => frame >= 0 && frame < _frames.Length ? _frames[frame] : null;

    /// <summary>Indices of the frames that have at least one box.</summary>
    public IEnumerable<int> FramesWithBoxes => Enumerable.Range(0, _frames.Length).Where(i => _frames[i] is { Count: > 0 });

    /// <exception cref="InvalidInputException">The file is missing or not in this format.</exception>
    public static SubjectBoxes Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"subject boxes not found: {path}", path);
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            int width = root.GetProperty("width").GetInt32();
            int height = root.GetProperty("height").GetInt32();
            JsonElement boxes = root.GetProperty("boxes");
            var frames = new IReadOnlyList<SubjectBox>?[boxes.GetArrayLength()];
            int i = 0;
            foreach (JsonElement frame in boxes.EnumerateArray())
            {
                if (frame.ValueKind != JsonValueKind.Null)
                {
                    frames[i] = [.. frame.EnumerateArray().Select(b => new SubjectBox(b[0].GetDouble(), b[1].GetDouble(), b[2].GetDouble(), b[3].GetDouble()))];
                }

                i++;
            }

            return new SubjectBoxes(width, height, frames);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new InvalidInputException($"'{path}' is not a subject-box file (width, height, boxes[frame] = [[x0, y0, x1, y1], …] or null): {e.Message}", path, e);
        }
    }

    /// <summary>Marks the pixels inside any of <paramref name="boxes"/> (pixel centres) in a <paramref name="width"/>×<paramref name="height"/> region.</summary>
    public static void Rasterise(IReadOnlyList<SubjectBox> boxes, int width, int height, Span<bool> inside)
    {
        inside[..(width * height)].Clear();
        foreach (SubjectBox box in boxes)
        {
            int x0 = Math.Max(0, (int)Math.Ceiling(box.X0 - 0.5));
            int x1 = Math.Min(width, (int)Math.Ceiling(box.X1 - 0.5));
            int y0 = Math.Max(0, (int)Math.Ceiling(box.Y0 - 0.5));
            int y1 = Math.Min(height, (int)Math.Ceiling(box.Y1 - 0.5));
            for (int y = y0; y < y1; y++)
            {
                inside.Slice((y * width) + x0, Math.Max(0, x1 - x0)).Fill(true);
            }
        }
    }
}
