using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// A seeded, time-bounded fuzz pass over the parsers of untrusted files (Y4M headers and streams, VMAF model JSON,
/// saliency sidecars): whatever the bytes, a parser returns a value or raises our typed error (a
/// <see cref="VmafRoiException"/>) naming the file, never another exception. Each case is a valid file mutated by
/// a seeded recipe, so a failure replays exactly (FsCheck prints the recipe; the seeds below fix the run).
/// </summary>
public sealed class ParserFuzzTests : IDisposable
{
    /// <summary>Wall time each parser may take in CI; <c>VMAFROI_FUZZ_SECONDS</c> gives a longer local run.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("VMAFROI_FUZZ_SECONDS"), out int seconds) && seconds > 0 ? seconds : 5);

    /// <summary>CI replays fixed seeds; <c>VMAFROI_FUZZ_SEED</c> explores others (a failure prints the seed to replay).</summary>
    private static readonly ulong? SeedOverride =
        ulong.TryParse(Environment.GetEnvironmentVariable("VMAFROI_FUZZ_SEED"), out ulong seed) ? seed : null;

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Y4m_header_lines_parse_or_fail_naming_the_file()
    {
        string[] tokens =
        [
            "W64", "H48", "W0", "H-1", "W99999999999", "H65536", "F25:1", "F0:0", "F:", "F30000:1001", "Ip", "It", "Ix", "I", "A1:1", "A0:0", "A:1",
            "C420jpeg", "C420p10", "C444p16", "Cmono", "Cmono9", "C422p", "C411", "C", "XCOLORRANGE=FULL", "XCOLORRANGE=", "X", "W", "H", "\u0001", "\u00ff\u00fe", "YUV4MPEG2",
        ];
        Run(0x5EED_0001UL, (seed, size) =>
        {
            var random = new Random(seed);
            var line = new StringBuilder(random.Next(8) == 0 ? "YUV4MPEG" : "YUV4MPEG2");
            for (int i = 0; i < size % 12; i++)
            {
                line.Append(random.Next(10) == 0 ? "  " : " ").Append(tokens[random.Next(tokens.Length)]);
            }

            try
            {
                Y4mHeader.Parse(line.ToString(), "fuzz.y4m");
            }
            catch (VmafRoiException e)
            {
                AssertNamesFile(e, "fuzz.y4m");
            }
        });
    }

    [Fact]
    public void Y4m_streams_read_or_fail_naming_the_file()
    {
        byte[] valid = File.ReadAllBytes(_workspace.File("r.y4m"));
        string path = _workspace.File("fuzz.y4m");
        Run(0x5EED_0002UL, (seed, size) =>
        {
            File.WriteAllBytes(path, Mutate(valid, seed, 1 + (size % 6)));
            try
            {
                using FrameSource source = FrameReader.Open(path, new FrameReaderOptions { Kind = InputKind.Y4m });
                while (source.ReadNext() is { } frame)
                {
                    frame.Dispose();
                }
            }
            catch (VmafRoiException e)
            {
                AssertNamesFile(e, path);
            }
        });
    }

    [Fact]
    public void Vmaf_model_json_parses_or_fails_as_a_model_error_naming_the_file()
    {
        string valid = File.ReadAllText(_workspace.File("model.json"));
        string[] values = ["1e309", "-1e309", "NaN", "\"x\"", "null", "[]", "{}", "1e-400", "99999999999999999999", "-0", "true", "[1,2", "\"\\u0000\""];
        Run(0x5EED_0003UL, (seed, size) =>
        {
            var random = new Random(seed);
            string json = valid;
            for (int m = 0; m < 1 + (size % 4); m++)
            {
                json = random.Next(3) switch
                {
                    0 => ReplaceNumber(json, random, values[random.Next(values.Length)]),
                    1 => Encoding.Latin1.GetString(Mutate(Encoding.Latin1.GetBytes(json), random.Next(), 1)),
                    _ => json[..random.Next(json.Length)],
                };
            }

            try
            {
                VmafModelLoader.Parse(json, "fuzz.json");
            }
            catch (VmafModelException e)
            {
                AssertNamesFile(e, "fuzz.json", printable: false);
            }
        });
    }

    [Fact]
    public void Saliency_sidecars_verify_or_fail_naming_the_file()
    {
        string validPath = _workspace.File("valid.msgpack");
        WriteSidecar(validPath);
        byte[] valid = File.ReadAllBytes(validPath);
        string path = _workspace.File("fuzz.msgpack");
        Run(0x5EED_0004UL, (seed, size) =>
        {
            File.WriteAllBytes(path, Mutate(valid, seed, 1 + (size % 6)));
            try
            {
                SaliencySidecarReader.VerifyFile(path);
            }
            catch (VmafRoiException e)
            {
                AssertNamesFile(e, path, printable: false);
            }
        });
    }

    // Runs a property over (seed, size) recipes until the budget is spent; any exception but the typed one fails with the recipe.
    private static void Run(ulong replaySeed, Action<int, int> parse)
    {
        var clock = Stopwatch.StartNew();
        int cases = 0;
        Arbitrary<(int Seed, int Size)> recipes = Arb.From(Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, 1000)));
        Property property = Prop.ForAll(recipes, recipe =>
        {
            if (clock.Elapsed > Budget)
            {
                return true;
            }

            cases++;
            parse(recipe.Seed, recipe.Size);
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000_000).WithReplay(SeedOverride ?? replaySeed, 0x9E37_79B9_7F4A_7C15UL), property);
        Assert.True(cases > 50, $"only {cases} cases ran within {Budget}");
    }

    // Y4M errors escape file bytes themselves; model and sidecar messages may echo them, and CliHost escapes those at the edge.
    private static void AssertNamesFile(Exception error, string path, bool printable = true)
    {
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(printable && error.Message.Any(c => char.IsControl(c) && c != '\n'), $"raw control character in: {error.Message}");
    }

    // Flips, inserts, deletes, duplicates or truncates, as many times as asked, deterministically from the seed.
    private static byte[] Mutate(byte[] data, int seed, int count)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(data);
        for (int i = 0; i < count && bytes.Count > 0; i++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64))));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static string ReplaceNumber(string json, Random random, string value)
    {
        System.Text.RegularExpressions.MatchCollection numbers = System.Text.RegularExpressions.Regex.Matches(json, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
        if (numbers.Count == 0)
        {
            return json;
        }

        System.Text.RegularExpressions.Match pick = numbers[random.Next(numbers.Count)];
        return string.Concat(json.AsSpan(0, pick.Index), value, json.AsSpan(pick.Index + pick.Length));
    }

    // Three frames of a 16x12 sidecar written by our own writer: the valid file every mutation starts from.
    private static void WriteSidecar(string path)
    {
        FrameGeometry geometry = YuvFormat.Parse("yuv420p").WithSize(16, 12);
        SidecarHeader header = SidecarHeader.Create(
            "fuzz", new string('a', 64), new string('b', 64), geometry, VmafRoi.Yuv.ColorMatrix.Bt601, VmafRoi.Yuv.ColorRange.Limited, SidecarSampling.All, aggregator: null);
        using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(path, header);
        float[] mask = new float[geometry.Luma.Samples];
        for (int frame = 0; frame < 3; frame++)
        {
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = ((i + frame) % 17) / 16f;
            }

            writer.WriteFrame(frame, mask);
        }

        writer.Commit();
    }
}
