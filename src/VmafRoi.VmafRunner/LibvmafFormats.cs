using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner;

/// <summary>
/// The sample depths libvmaf takes (8, 10, 12, 16). <see cref="YuvFormat"/> also reads 9/11/13/14/15-bit names, but
/// no VMAF route scores them: libvmaf's CLI, its ffmpeg filter and the managed engine all reject them.
/// </summary>
public static class LibvmafFormats
{
    /// <summary>True for a bit depth libvmaf scores.</summary>
    public static bool IsSupportedBitDepth(int bitDepth) => bitDepth is 8 or 10 or 12 or 16;

    /// <summary>Fails, naming the file and a format to convert to, when libvmaf cannot score <paramref name="format"/>.</summary>
    /// <exception cref="UnsupportedFormatException">The bit depth is not 8, 10, 12 or 16.</exception>
    public static void Check(YuvFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (IsSupportedBitDepth(format.BitDepth))
        {
            return;
        }

        string target = YuvFormat.From(format.Chroma, format.BitDepth < 10 ? 10 : format.BitDepth < 12 ? 12 : 16).Name;
        throw new UnsupportedFormatException(
            $"'{path}' is {format.BitDepth}-bit ({format.Name}); libvmaf scores only 8, 10, 12 or 16 bits per sample: convert it first (e.g. ffmpeg -pix_fmt {target})");
    }
}
