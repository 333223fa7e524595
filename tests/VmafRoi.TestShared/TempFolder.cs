using VmafRoi.Yuv;

namespace VmafRoi.TestShared;

/// <summary>A temp folder for one test, removed afterwards, with helpers to make small clips and fake tools.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("vmafroi-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a raw clip of <paramref name="frames"/> frames filled with a per-frame ramp.</summary>
    public string RawClip(string name, FrameGeometry geometry, int frames, int seed = 1)
    {
        string path = File(name);
        var random = new Random(seed);
        using var file = System.IO.File.Create(path);
        byte[] frame = new byte[geometry.FrameBytes];
        for (int i = 0; i < frames; i++)
        {
            random.NextBytes(frame);
            if (geometry.Format.BytesPerSample == 2)
            {
                for (int b = 1; b < frame.Length; b += 2)
                {
                    frame[b] &= (byte)((1 << (geometry.Format.BitDepth - 8)) - 1);
                }
            }

            file.Write(frame);
        }

        return path;
    }

    /// <summary>Writes an executable shell script (only for testing our handling of a failing subprocess).</summary>
    public string Script(string name, string body)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
