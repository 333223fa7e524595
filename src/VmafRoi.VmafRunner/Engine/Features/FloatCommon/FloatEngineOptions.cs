namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>The float extractors' option tables as the engine lists them (text options are parsed by <see cref="FloatOptions"/> only).</summary>
internal static class FloatEngineOptions
{
    public static IReadOnlyList<FeatureOption> Of(IReadOnlyList<FloatOptionRow> table) =>
        table.Select(r => r.AsFeatureOption()).OfType<FeatureOption>().ToArray();
}

/// <summary>A kernel's per-frame result (a struct) boxed once per frame slot.</summary>
internal sealed class FrameBox<T>
    where T : struct
{
    public T Value;
}
