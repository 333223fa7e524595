using VmafRoi.VmafRunner.Engine.Features.Common;

namespace VmafRoi.VmafRunner.Engine.Features.Ssim;

/// <summary>
/// libvmaf's <c>picture_copy</c> of the luma plane with offset 0: every float feature sees 8-bit-scaled samples
/// (<c>v</c>, or <c>v / 4, v / 16, v / 256</c> in binary32 at 10, 12, 16 bits).
/// </summary>
internal static unsafe class LumaFloats
{
    /// <summary>Writes the luma plane as packed rows of floats to <paramref name="dst"/>.</summary>
    public static void Copy(in PictureView picture, float* dst)
    {
        PictureGeometry g = picture.Geometry;
        int w = g.Width;
        if (g.BitDepth == 8)
        {
            for (int i = 0; i < g.Height; i++)
            {
                ReadOnlySpan<byte> row = picture.Row8(0, i);
                float* o = dst + ((long)i * w);
                for (int j = 0; j < w; j++)
                {
                    o[j] = row[j];
                }
            }

            return;
        }

        float scaler = g.BitDepth switch
        {
            10 => 4.0f,
            12 => 16.0f,
            _ => 256.0f,
        };
        for (int i = 0; i < g.Height; i++)
        {
            ReadOnlySpan<ushort> row = picture.Row16(0, i);
            float* o = dst + ((long)i * w);
            for (int j = 0; j < w; j++)
            {
                o[j] = row[j] / scaler;
            }
        }
    }
}
