using System.Globalization;
using Microsoft.Build.Framework;

namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>Reads typed item metadata, collecting a coded problem for each bad value instead of throwing.</summary>
public sealed class MetadataReader
{
    private readonly ITaskItem _item;
    private readonly string _itemType;

    public MetadataReader(ITaskItem item, string itemType)
    {
        _item = item;
        _itemType = itemType;
    }

    public List<MetadataProblem> Problems { get; } = [];

    /// <summary>How messages name the item: <c>VmafQualityGate 'clips/a.mp4'</c>.</summary>
    public string ItemName => $"{_itemType} '{_item.ItemSpec}'";

    /// <summary>The trimmed metadata value, or null when it is empty.</summary>
    public string? Text(string name)
    {
        string value = _item.GetMetadata(name).Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>A number in [0, 1], or null when the metadata is empty.</summary>
    public double? Unit(string name) => Number(name, 0, 1, MetadataProblemCode.Metadata);

    /// <summary>A bar in [0, 100], or null when the metadata is empty.</summary>
    public double? Bar(string name) => Number(name, 0, 100, MetadataProblemCode.Bar);

    /// <summary>A whole number ≥ <paramref name="min"/>, or null when the metadata is empty.</summary>
    public int? Integer(string name, int min)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min)
        {
            Add(GateCodes.MetadataInvalid, $"{name} must be a whole number of at least {min}, got '{text}'");
            return null;
        }

        return value;
    }

    /// <summary>One of <paramref name="allowed"/>, or null when the metadata is empty.</summary>
    public string? OneOf(string name, params string[] allowed)
    {
        string? text = Text(name);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Add(GateCodes.MetadataInvalid, $"{name} must be one of {string.Join(", ", allowed)}, got '{text}'");
            return null;
        }

        return text;
    }

    /// <summary>Throws the first problem's code with every problem's message, when there are any.</summary>
    public void ThrowIfProblems()
    {
        if (Problems.Count > 0)
        {
            throw new MetadataException(Problems[0].Code, string.Join("; ", Problems.Select(p => p.Message)));
        }
    }

    /// <summary>The metadata's value, or a <see cref="MetadataException"/> with <paramref name="code"/> when it is empty.</summary>
    public string Required(string name, string code, string why) =>
        Text(name) ?? throw new MetadataException(code, $"{ItemName}: has no {name} metadata ({why})");

    /// <summary>Records a problem about this item.</summary>
    public void Add(string code, string detail) => Problems.Add(new MetadataProblem(code, $"{ItemName}: {detail}"));

    private double? Number(string name, double min, double max, MetadataProblemCode kind)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        string code = kind == MetadataProblemCode.Bar ? GateCodes.BarInvalid : GateCodes.MetadataInvalid;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            Add(code, $"{name} must be a number in [{Format(min)}, {Format(max)}], got '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Add(code, $"{name} must be in [{Format(min)}, {Format(max)}], got {Format(value)}");
            return null;
        }

        return value;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private enum MetadataProblemCode
    {
        Metadata,
        Bar,
    }
}
