using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine;

public static partial class VmafEngine
{
    /// <summary>libvmaf's input rules, checked before any frame is read.</summary>
    private static LumaGeometry Validate(FrameSource reference, FrameSource distorted, IReadOnlyList<VmafModel> models, VmafEngineOptions options)
    {
        FrameGeometry r = reference.Geometry, d = distorted.Geometry;
        if (r.Width != d.Width || r.Height != d.Height || !r.Format.Equals(d.Format))
        {
            throw new InvalidInputException(
                $"reference and distorted differ: '{reference.Path}' is {r}, '{distorted.Path}' is {d}; both must have the same size and pixel format");
        }

        if (r.Format.BitDepth is not (8 or 10 or 12 or 16))
        {
            throw new UnsupportedFormatException(
                $"{r.Format.BitDepth}-bit input ({r.Format.Name}) is not supported; libvmaf's integer features take 8, 10, 12 or 16 bits per sample");
        }

        if (r.Width <= 32 || r.Height <= 32)
        {
            throw new InvalidInputException(
                $"frame size {r.Width}x{r.Height} is too small: libvmaf's ADM needs width and height greater than 32", reference.Path);
        }

        ThreadLimit.Check(options.Threads, "threads");
        if (options.Subsample < 1)
        {
            throw new InvalidInputException($"subsample must be at least 1, got {options.Subsample}");
        }

        if (options.FrameCount is < 0 || options.SkipReferenceFrames < 0 || options.SkipDistortedFrames < 0)
        {
            throw new InvalidInputException("frame count and skip counts must not be negative");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (VmafModel model in models)
        {
            if (!names.Add(model.Name))
            {
                throw new VmafModelException($"two models are named '{model.Name}'; give each a distinct name");
            }
        }

        return new LumaGeometry(r.Width, r.Height, r.Format.BitDepth) { Chroma = r.Format.Chroma };
    }
}
