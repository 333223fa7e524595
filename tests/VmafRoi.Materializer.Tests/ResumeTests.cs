using System.Diagnostics;
using VmafRoi.TestShared;

namespace VmafRoi.Materializer.Tests;

/// <summary>Results committed per clip survive a SIGKILL; <c>--resume</c> then finishes the table exactly as an uninterrupted run.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ResumeTests(Corpus corpus) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("vmafroi-mat-resume-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void A_run_killed_mid_way_resumes_to_the_uninterrupted_output()
    {
        // 24 distinct container clips, each decoded by its own ffmpeg: a run of a few seconds on one job.
        string clips = Path.Combine(_out, "clips");
        Directory.CreateDirectory(clips);
        var lines = new List<string>();
        for (int i = 0; i < 24; i++)
        {
            (string name, _, _) = corpus.Containers[(i % 3) * 3 % corpus.Containers.Count];
            string copy = $"c{i:D2}{Path.GetExtension(name)}";
            File.Copy(Path.Combine(corpus.ClipFolder, name), Path.Combine(clips, copy));
            lines.Add($"{{\"src\": \"{copy}\", \"row\": {i}}}");
            lines.Add($"{{\"src\": \"{copy}\", \"row\": {i}.5}}");
        }

        string input = Path.Combine(_out, "table.jsonl");
        File.WriteAllLines(input, lines);
        string model = Tool.ConstantModel(_out, 0.125f);
        string[] args = ["--input", input, "--root", clips, "--model-path", model, "--jobs", "1"];
        string reference = Path.Combine(_out, "reference.jsonl");
        Tool.Expect(0, [.. args, "--output", reference]);

        string output = Path.Combine(_out, "killed.jsonl");
        string wal = SaliencyMaterializer.DefaultCacheFile(output) + ".wal";
        string tmp = Directory.CreateDirectory(Path.Combine(_out, "tmp")).FullName;

        // A shell starts the run and SIGKILLs it once a few clips are committed (each commit adds about 390 bytes to the
        // cache's write-ahead log), then reports the run's exit status; 137 is death by SIGKILL, 0 would mean it finished first.
        (int shell, string status, string shellErrors) = KillMidway([.. args, "--output", output], wal, tmp, "KILL");

        Assert.True(shell == 0, shellErrors);
        Assert.Equal("137", status.Trim());
        Assert.False(File.Exists(output));
        string stderr = Tool.Expect(0, [.. args, "--output", output, "--resume"]);

        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        System.Text.RegularExpressions.Match counts = System.Text.RegularExpressions.Regex.Match(stderr, "24 clips: (\\d+) computed, (\\d+) from the result cache");
        Assert.True(counts.Success, stderr);
        Assert.InRange(int.Parse(counts.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 23);
    }

    [Fact]
    public void Resume_reuses_unchanged_clips_and_recomputes_a_clip_whose_file_changed()
    {
        string input = corpus.WriteJsonl("resume.jsonl");
        string output = Path.Combine(_out, "resume.out.jsonl");
        string clip = Path.Combine(_out, "mine.mkv");
        File.Copy(Path.Combine(corpus.ClipFolder, corpus.Containers[1].Name), clip);
        File.AppendAllLines(input, [$"{{\"src\": \"{clip}\"}}"]);
        string[] args = ["--input", input, "--output", output, "--root", corpus.ClipFolder, "--model-path", Tool.ConstantModel(_out)];
        Tool.Expect(1, args);
        byte[] first = File.ReadAllBytes(output);
        File.SetLastWriteTimeUtc(clip, DateTime.UtcNow.AddMinutes(5));

        string stderr = Tool.Expect(1, [.. args, "--resume"]);

        Assert.Contains($"{corpus.DistinctClips + 1} clips: 1 computed, {corpus.DistinctClips} from the result cache", stderr);
        Assert.Equal(first, File.ReadAllBytes(output));
    }

    [Fact]
    public void SIGTERM_mid_run_exits_143_keeps_the_committed_clips_and_leaves_no_temporary_file()
    {
        string clips = Path.Combine(_out, "clips");
        Directory.CreateDirectory(clips);
        var lines = new List<string>();
        for (int i = 0; i < 16; i++)
        {
            File.Copy(Path.Combine(corpus.ClipFolder, corpus.Containers[0].Name), Path.Combine(clips, $"t{i:D2}.mp4"));
            lines.Add($"{{\"src\": \"t{i:D2}.mp4\"}}");
        }

        string input = Path.Combine(_out, "term-in.jsonl");
        File.WriteAllLines(input, lines);
        string output = Path.Combine(_out, "term.jsonl");
        string tmp = Directory.CreateDirectory(Path.Combine(_out, "tmp-term")).FullName;
        string[] args = ["--input", input, "--root", clips, "--model-path", Tool.ConstantModel(_out), "--jobs", "1", "--output", output];

        (int shell, string status, string shellErrors) = KillMidway(args, SaliencyMaterializer.DefaultCacheFile(output) + ".wal", tmp, "TERM");
        string stderr = Tool.Expect(0, [.. args, "--resume"]);

        Assert.True(shell == 0, shellErrors);
        Assert.Equal("143", status.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
        Assert.Empty(Directory.EnumerateFiles(_out, ".term.jsonl.*"));
        Assert.Matches("16 clips: \\d+ computed, [1-9]\\d* from the result cache", stderr);
    }

    private static (int Code, string Stdout, string Stderr) KillMidway(IEnumerable<string> args, string wal, string tmp, string signal)
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string tool = Path.Combine(SharedData.RepoRoot, "src", "tools", "vmaf-saliency-materialize", "bin", configuration, "net10.0", "vmaf-saliency-materialize.dll");
        Assert.True(File.Exists(tool), $"{tool} is not built");
        const string Script = """
            signal="$1"; wal="$2"; shift 2
            dotnet "$@" >/dev/null 2>&1 &
            run=$!
            for _ in $(seq 1 6000); do
              size=$(stat -c %s "$wal" 2>/dev/null || echo 0)
              if [ "$size" -gt 1400 ] || ! kill -0 "$run" 2>/dev/null; then break; fi
              sleep 0.01
            done
            kill -"$signal" "$run" 2>/dev/null
            wait "$run"
            echo "$?"
            """;
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in (string[])["-c", Script, "kill-midway", signal, wal, tool, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TMPDIR"] = tmp;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        using Process shell = Process.Start(start)!;
        Task<string> stderr = shell.StandardError.ReadToEndAsync();
        string stdout = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        return (shell.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

}
