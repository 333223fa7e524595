using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// The hostile table: one line per input or fault. <see cref="Rows"/> run as any user; <see cref="PrivilegedRows"/>
/// need private device nodes or tmpfs mounts (root). New rows are one line each.
/// </summary>
public static class HostileTable
{
    private const int Ok = ExitCodes.Success;
    private const int Bad = ExitCodes.InvalidInput;
    private const int Usage = ExitCodes.Usage;
    private const int Mask = ExitCodes.MaskFailed;
    private const int Model = ExitCodes.ModelInvalid;
    private const int Out = ExitCodes.OutputFailed;

    /// <summary>vmaf-roi-score on the workspace pair with a synthetic mask and the managed engine.</summary>
    private static readonly string[] R = ["--reference", "{r.yuv}", "--distorted", "{d.yuv}", "--width", "64", "--height", "48", "--synthetic-mask", "0.5", "--model", "{model.json}", "--engine", "managed"];

    // The two-run path (an external route writes the masked clip to TMPDIR); the stand-in vmaf never runs in these rows.
    private static readonly string[] RTwoRun = ["--reference", "{r.yuv}", "--distorted", "{d.yuv}", "--width", "64", "--height", "48", "--synthetic-mask", "0.5", "--model", "{model.json}", "--engine", "libvmaf", "--vmaf-bin", "{fake-vmaf}"];

    private static void FakeVmaf(Workspace w)
    {
        w.Text("fake-vmaf", "#!/bin/sh\nexit 3\n");
        File.SetUnixFileMode(w.File("fake-vmaf"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>vmaf-roi-score with a real saliency model (add --saliency-model).</summary>
    private static readonly string[] RS = ["--reference", "{r.yuv}", "--distorted", "{d.yuv}", "--width", "64", "--height", "48", "--model", "{model.json}", "--engine", "managed"];

    /// <summary>dotnet-vmaf on the workspace pair.</summary>
    private static readonly string[] V = ["-r", "{r.yuv}", "-d", "{d.yuv}", "-w", "64", "-h", "48", "-p", "420", "-b", "8", "-m", "path={model.json}"];

    /// <summary>dotnet-vmaf without the reference (add -r).</summary>
    private static readonly string[] VD = ["-d", "{d.yuv}", "-w", "64", "-h", "48", "-p", "420", "-b", "8", "-m", "path={model.json}"];

    /// <summary>vmaf-roi saliency on the reference with the default model.</summary>
    private static readonly string[] S = ["saliency", "--input", "{r.yuv}", "--width", "64", "--height", "48", "--sidecar", "{s.msgpack}"];

    /// <summary>vmaf-saliency-materialize on a one-row table of the workspace's raw reference (add --output).</summary>
    private static readonly string[] M = ["--input", "{t.jsonl}", "--model-path", "{m.onnx}"];

    private static readonly string LongName = new string('n', 240) + ".json"; // 245 bytes: legal, but .NAME.<32 hex>.tmp was not

    public static IEnumerable<object[]> Rows() => Cases().Select(c => new object[] { c });

    public static IEnumerable<object[]> PrivilegedRows() => PrivilegedCases().Select(c => new object[] { c });

    public static IEnumerable<HostileCase> Cases() =>
    [
        // ---- already handled: missing, short, mismatched and corrupt inputs, bad models, bad sidecars ----
        new("score-missing-reference", Command.RoiScore, Bad, ["--reference", "{missing.yuv}", .. R[2..]], ["reference not found: {missing.yuv}"]),
        new("score-shorter-distorted", Command.RoiScore, Bad, [.. R[..2], "--distorted", "{short.yuv}", .. R[4..]], ["{r.yuv} has 3 frames", "{short.yuv} has 2"]),
        new("score-partial-frame", Command.RoiScore, Bad, [.. R[..2], "--distorted", "{partial.yuv}", .. R[4..]], ["'{partial.yuv}' is 4708 bytes", "not a whole number"], w => w.Bytes("partial.yuv", new byte[4708])),
        new("score-y4m-header-garbage", Command.RoiScore, Bad, ["--reference", "{bad.y4m}", "--distorted", "{bad.y4m}", "--synthetic-mask", "0.5"], ["'{bad.y4m}'", "Y4M tag H\\x01\\x02 is not a positive integer"], w => w.Bytes("bad.y4m", Latin1("YUV4MPEG2 W64 H\x01\x02 F25:1\n"))),
        new("score-y4m-binary-frame-marker", Command.RoiScore, Bad, ["--reference", "{r.y4m}", "--distorted", "{badframe.y4m}", "--synthetic-mask", "0.5", "--model", "{model.json}", "--engine", "managed"], ["'{badframe.y4m}'", "expected a FRAME marker", "\\x00\\xff"], BadFrameMarker),
        new("score-y4m-frame-size-limit", Command.RoiScore, Bad, ["--reference", "{huge.y4m}", "--distorted", "{huge.y4m}", "--synthetic-mask", "0.5"], ["'{huge.y4m}'", "frame size 100000x100000 is not valid", "at most 268435455"], w => w.Text("huge.y4m", "YUV4MPEG2 W100000 H100000 F25:1 C420jpeg\n")),
        new("score-model-not-json", Command.RoiScore, Model, [.. R[..10], "--model", "{bad.json}", "--engine", "managed"], ["{bad.json}", "is not valid JSON"], w => w.Text("bad.json", "{ not json")),
        new("score-model-with-escape-codes", Command.RoiScore, Model, [.. R[..10], "--model", "{esc.json}", "--engine", "managed"], ["{esc.json}", "\\x1b[31m"], w => w.Text("esc.json", "{\"model_dict\": {\"model_type\": \"X\\u001b[31m\"}}")),
        new("score-model-missing", Command.RoiScore, Model, [.. R[..10], "--model", "{none.json}", "--engine", "managed"], ["{none.json}", "not found"]),
        new("score-onnx-garbage", Command.RoiScore, Mask, [.. RS, "--saliency-model", "{bad.onnx}"], ["saliency mask failed", "{bad.onnx}"], w => w.Bytes("bad.onnx", [1, 2, 3, 4])),
        new("score-sidecar-corrupt-read-only", Command.RoiScore, Bad, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{bad.msgpack}", "--sidecar-mode", "read-only"], ["{bad.msgpack}"], w => w.Bytes("bad.msgpack", [0x81, 0xa1, 0x78, 0x01])),
        new("score-sidecar-path-holds-a-clip", Command.RoiScore, Bad, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{short.yuv}"], ["'{short.yuv}' exists and is not a saliency sidecar"]),
        new("score-weight-out-of-range", Command.RoiScore, Bad, [.. R, "--weight", "1.5"], ["--weight must be in [0, 1], got 1.5"]),
        new("score-unknown-flag", Command.RoiScore, Usage, [.. R, "--frobnicate"], ["--frobnicate"]),
        new("score-output-folder-missing", Command.RoiScore, Out, [.. R, "--output", "{nowhere/out.json}"], ["{nowhere/out.json}", "does not exist"]),
        new("vmaf-missing-distorted", Command.Vmaf, Bad, ["-r", "{r.yuv}", "-d", "{missing.yuv}", .. V[4..]], ["{missing.yuv}", "not found"]),
        new("vmaf-model-missing", Command.Vmaf, Model, [.. V[..12], "-m", "path={none.json}"], ["{none.json}", "not found"]),
        new("saliency-frame-samples-zero", Command.Roi, Bad, [.. S, "--frame-samples", "0"], ["--frame-samples must be at least 1, got 0"]),
        new("saliency-onnx-garbage", Command.Roi, Mask, [.. S, "--saliency-model", "{bad.onnx}"], ["{bad.onnx}"], w => w.Bytes("bad.onnx", [1, 2, 3, 4])),
        new("saliency-missing-input", Command.Roi, Bad, ["saliency", "--input", "{missing.yuv}", "--sidecar", "{s.msgpack}"], ["{missing.yuv}", "not found"]),

        // ---- the materializer: its table, output, cache and manifest under the same rules ----
        new("materialize-writes-output-and-cache", Command.Materialize, Ok, [.. M, "--output", "{o.jsonl}"], ["saliency materialize: total=1 ok=1"], Table, ["o.jsonl", "o.jsonl.saliency-cache.duckdb"]),
        new("materialize-output-is-input", Command.Materialize, Bad, [.. M, "--output", "{t.jsonl}"], ["--output '{t.jsonl}' is the input"], Table),
        new("materialize-output-hard-link-of-table", Command.Materialize, Bad, [.. M, "--output", "{t2.jsonl}"], ["'{t2.jsonl}' is the input"], w => { Table(w); w.HardLink("t2.jsonl", "t.jsonl"); }),
        new("materialize-cache-is-model", Command.Materialize, Bad, [.. M, "--output", "{o.jsonl}", "--cache-file", "{m.onnx}"], ["--cache-file '{m.onnx}' is the input"], Table),
        new("materialize-output-directory", Command.Materialize, Out, [.. M, "--output", "{dir.jsonl}"], ["{dir.jsonl}", "is a directory"], w => { Table(w); w.Folder("dir.jsonl"); }),
        new("materialize-output-read-only-folder", Command.Materialize, Out, [.. M, "--output", "{ro/o.jsonl}"], ["{ro/o.jsonl}", "not writable"], w => { Table(w); w.ReadOnlyFolder("ro"); }),
        new("materialize-output-fifo-written-through", Command.Materialize, Ok, [.. M, "--output", "{out.fifo}"], [], w => { Table(w); w.Fifo("out.fifo", reader: true); }, Then: (w, _) => Assert.Contains("\"saliency_status\":\"ok\"", Encoding.UTF8.GetString(w.Drained("out.fifo")))),
        new("materialize-table-line-with-control-bytes", Command.Materialize, Bad, ["--input", "{bad.jsonl}", "--output", "{o.jsonl}"], ["'{bad.jsonl}' line 2: not a JSON object"], w => w.Bytes("bad.jsonl", Latin1("{\"src\": \"a\"}\n{\x1b[31m\x00}\n"))),
        new("materialize-manifest-unknown-key", Command.Materialize, Usage, ["batch", "--manifest", "{m.json}"], ["saliency batch manifest error: unknown key \"colour\""], w => w.Text("m.json", "{\"tables\": [{\"id\": \"a\", \"input\": \"t.jsonl\", \"output\": \"o.jsonl\", \"colour\": 1}]}")),

        // ---- 8.1 special files as outputs: written through, links resolved, directories refused ----
        new("score-output-fifo-written-through", Command.RoiScore, Ok, [.. R, "--output", "{out.fifo}"], [], w => w.Fifo("out.fifo", reader: true), Then: (w, _) => Assert.Contains("\"vmaf_roi\"", Encoding.UTF8.GetString(w.Drained("out.fifo")))),
        new("score-output-symlink-target-replaced", Command.RoiScore, Ok, [.. R, "--output", "{link.json}"], [], w => { w.Text("out.json", "old"); w.Symlink("link.json", "out.json"); }, ["out.json"], (w, _) => { Assert.Equal(FileNodeKind.SymbolicLink, FileNode.Of(w.File("link.json"), followLinks: false).Kind); Assert.Contains("\"vmaf_roi\"", File.ReadAllText(w.File("out.json"))); }),
        new("score-output-dangling-symlink-creates-target", Command.RoiScore, Ok, [.. R, "--output", "{link.json}"], [], w => w.Symlink("link.json", "new.json"), ["new.json"], (w, _) => Assert.Contains("\"vmaf_roi\"", File.ReadAllText(w.File("new.json")))),
        new("score-output-directory", Command.RoiScore, Out, [.. R, "--output", "{dir}"], ["{dir}", "is a directory"], w => w.Folder("dir")),
        new("score-report-folder-missing", Command.RoiScore, Out, [.. R, "--report", "{nowhere/r.html}"], ["{nowhere/r.html}", "does not exist"]),
        new("score-report-directory", Command.RoiScore, Out, [.. R, "--report", "{dir}"], ["{dir}", "is a directory"], w => w.Folder("dir")),
        new("score-report-is-reference", Command.RoiScore, Bad, [.. R, "--report", "{r.yuv}"], ["--report '{r.yuv}' is the input"]),
        new("score-report-symlink-target-replaced", Command.RoiScore, Ok, [.. R, "--report", "{link.html}"], [], w => { w.Text("r.html", "old"); w.Symlink("link.html", "r.html"); }, ["r.html"], (w, _) => Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(w.File("r.html")), StringComparison.Ordinal)),
        new("vmaf-output-fifo-written-through", Command.Vmaf, Ok, [.. V, "-o", "{out.fifo}"], [], w => w.Fifo("out.fifo", reader: true), Then: (w, _) => Assert.Contains("<VMAF", Encoding.UTF8.GetString(w.Drained("out.fifo")))),
        new("vmaf-output-directory", Command.Vmaf, Out, [.. V, "-o", "{dir}"], ["{dir}", "is a directory"], w => w.Folder("dir")),
        new("saliency-masks-out-fifo-written-through", Command.Roi, Ok, [.. S, "--masks-out", "{masks.fifo}"], [], w => w.Fifo("masks.fifo", reader: true), ["s.msgpack"], (w, _) => Assert.StartsWith("YUV4MPEG2", Encoding.ASCII.GetString(w.Drained("masks.fifo")))),
        new("saliency-sidecar-fifo-refused", Command.Roi, Out, ["saliency", "--input", "{r.yuv}", "--width", "64", "--height", "48", "--sidecar", "{s.fifo}"], ["{s.fifo}", "is a pipe", "read back"], w => w.Fifo("s.fifo")),
        new("saliency-sidecar-directory", Command.Roi, Out, ["saliency", "--input", "{r.yuv}", "--width", "64", "--height", "48", "--sidecar", "{dir}"], ["{dir}", "is a directory"], w => w.Folder("dir")),

        // ---- 8.2 an output naming any input (by inode, through links) exits 1 before any work ----
        new("score-output-is-reference", Command.RoiScore, Bad, [.. R, "--output", "{r.yuv}"], ["--output '{r.yuv}' is the input"]),
        new("score-output-symlink-to-distorted", Command.RoiScore, Bad, [.. R, "--output", "{d-link.yuv}"], ["'{d-link.yuv}' is the input"], w => w.Symlink("d-link.yuv", "d.yuv")),
        new("score-output-is-vmaf-model", Command.RoiScore, Bad, [.. R, "--output", "{model.json}"], ["--output '{model.json}' is the input"]),
        new("score-output-hard-link-of-vmaf-model", Command.RoiScore, Bad, [.. R, "--output", "{model-hard.json}"], ["'{model-hard.json}' is the input"], w => w.HardLink("model-hard.json", "model.json")),
        new("score-output-is-saliency-model", Command.RoiScore, Bad, [.. RS, "--saliency-model", "{m.onnx}", "--output", "{m.onnx}"], ["'{m.onnx}' is the input"]),
        new("score-output-is-read-only-sidecar", Command.RoiScore, Bad, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{s.msgpack}", "--sidecar-mode", "read-only", "--output", "{s.msgpack}"], ["'{s.msgpack}' is the input"], w => w.Bytes("s.msgpack", [0x80])),
        new("score-sidecar-is-vmaf-model", Command.RoiScore, Bad, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{model.json}"], ["--saliency-sidecar '{model.json}' is the input"]),
        new("vmaf-output-is-model-file", Command.Vmaf, Bad, [.. V, "-o", "{model.json}"], ["--output '{model.json}' is the input"]),
        new("vmaf-output-is-distorted", Command.Vmaf, Bad, [.. V, "-o", "{d.yuv}"], ["'{d.yuv}' is the input"]),
        new("saliency-sidecar-is-input", Command.Roi, Bad, ["saliency", "--input", "{r.yuv}", "--width", "64", "--height", "48", "--sidecar", "{r.yuv}"], ["--sidecar '{r.yuv}' is the input"]),
        new("saliency-masks-out-is-model", Command.Roi, Bad, [.. S, "--saliency-model", "{m.onnx}", "--masks-out", "{m.onnx}"], ["--masks-out '{m.onnx}' is the input"]),

        // ---- 8.3 --threads bounded, the limit in the message ----
        new("score-threads-100000", Command.RoiScore, Bad, [.. R, "--threads", "100000"], ["--threads 100000 is above the limit of"]),
        new("vmaf-threads-10000", Command.Vmaf, Bad, [.. V, "--threads", "10000"], ["--threads 10000 is above the limit of"]),

        // ---- 8.6 I/O failures: 73 naming the path (1 for an empty path), no temp left ----
        new("score-output-empty-path", Command.RoiScore, Bad, [.. R, "--output", ""], ["--output: the path is empty"]),
        new("vmaf-output-empty-path", Command.Vmaf, Bad, [.. V, "-o", ""], ["--output: the path is empty"]),
        new("score-tmpdir-missing", Command.RoiScore, Out, RTwoRun, ["{no-tmp}", "TMPDIR"], w => { FakeVmaf(w); w.TempDirectory(w.File("no-tmp")); }),
        new("score-managed-needs-no-tmpdir", Command.RoiScore, Ok, R, [], w => w.TempDirectory(w.File("no-tmp"))),

        // ---- 8.7 outputs probed before any work ----
        new("score-output-read-only-folder", Command.RoiScore, Out, [.. R, "--output", "{ro/out.json}"], ["{ro/out.json}", "not writable"], w => w.ReadOnlyFolder("ro")),
        new("score-sidecar-read-only-folder", Command.RoiScore, Out, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{ro/s.msgpack}"], ["{ro/s.msgpack}", "not writable"], w => w.ReadOnlyFolder("ro")),
        new("saliency-previews-read-only-folder", Command.Roi, Out, [.. S, "--previews", "{ro/previews}"], ["{ro/previews}", "not writable"], w => w.ReadOnlyFolder("ro")),
        new("score-tmpdir-read-only", Command.RoiScore, Out, RTwoRun, ["{ro}", "TMPDIR"], w => { FakeVmaf(w); w.TempDirectory(w.ReadOnlyFolder("ro")); }),

        // ---- 8.8 a legal long output name works (the temp name is short) ----
        new("score-output-245-byte-name", Command.RoiScore, Ok, [.. R, "--output", "{" + LongName + "}"], [], Outputs: [LongName]),
        new("saliency-sidecar-245-byte-name", Command.Roi, Ok, ["saliency", "--input", "{r.yuv}", "--width", "64", "--height", "48", "--sidecar", "{" + LongName + "}"], [], Outputs: [LongName]),

        // ---- 8.9 numbers: plain invariant text only, anything else exit 2 ----
        new("score-weight-comma", Command.RoiScore, Usage, [.. R, "--weight", "0,1"], ["--weight", "'0,1' is not a plain finite number"]),
        new("score-threshold-space", Command.RoiScore, Usage, [.. R, "--threshold", " 0.3"], ["--threshold", "is not a plain finite number"]),
        new("score-fade-nan", Command.RoiScore, Usage, [.. R, "--fade", "NaN"], ["--fade", "'NaN' is not a plain finite number"]),
        new("score-mask-overflow", Command.RoiScore, Usage, [.. R[..8], "--synthetic-mask", "1e400"], ["--synthetic-mask", "'1e400'"]),
        new("score-width-decimal", Command.RoiScore, Usage, ["--reference", "{r.yuv}", "--distorted", "{d.yuv}", "--width", "64.0", "--height", "48", "--synthetic-mask", "0.5"], ["--width", "'64.0' is not a plain integer"]),
        new("vmaf-width-comma", Command.Vmaf, Usage, ["-r", "{r.yuv}", "-d", "{d.yuv}", "-w", "6,4", "-h", "48", "-p", "420", "-b", "8"], ["--width", "'6,4' is not a plain integer"]),
        new("saliency-ema-alpha-comma", Command.Roi, Usage, [.. S, "--aggregator", "ema", "--ema-alpha", "0,5"], ["--ema-alpha", "'0,5'"]),

        // ---- 8.12 messages ----
        new("score-big-endian-no-mask-prefix", Command.RoiScore, Mask, [.. R, "--pix-fmt", "yuv420p10be"], ["vmaf-roi-score: big-endian pixel format 'yuv420p10be' is not supported"], Then: (_, err) => Assert.DoesNotContain("saliency mask failed", err)),
        new("vmaf-distorted-ends-first-warns", Command.Vmaf, Ok, ["-r", "{r.yuv}", "-d", "{short.yuv}", .. V[4..]], ["\"{short.yuv}\" ended before \"{r.yuv}\"."]),
        new("vmaf-y4m-binary-frame-marker", Command.Vmaf, Bad, ["-r", "{r.y4m}", "-d", "{badframe.y4m}", "-m", "path={model.json}"], ["'{badframe.y4m}'", "\\x00\\xff"], BadFrameMarker),
        new("vmaf-raw-from-a-pipe", Command.Vmaf, Ok, ["-r", "{in.fifo}", .. VD], [], w => w.Fifo("in.fifo", writer: File.ReadAllBytes(w.File("r.yuv")))),
        new("vmaf-y4m-from-a-pipe", Command.Vmaf, Ok, ["-r", "{in.fifo}", "-d", "{d.y4m}", "-m", "path={model.json}"], [], w => w.Fifo("in.fifo", writer: File.ReadAllBytes(w.File("r.y4m")))),
        new("vmaf-pipe-without-geometry-or-y4m", Command.Vmaf, Bad, ["-r", "{in.fifo}", "-d", "{d.y4m}", "-m", "path={model.json}"], ["'{in.fifo}' is a pipe", "send Y4M"], w => w.Fifo("in.fifo", writer: File.ReadAllBytes(w.File("r.yuv")))),
        new("score-reference-is-a-pipe", Command.RoiScore, Bad, ["--reference", "{in.fifo}", .. R[2..]], ["reference '{in.fifo}' is a pipe", "read only once"], w => w.Fifo("in.fifo")),
        new("saliency-input-is-a-pipe", Command.Roi, Bad, ["saliency", "--input", "{in.fifo}", "--width", "64", "--height", "48", "--sidecar", "{s.msgpack}"], ["'{in.fifo}' is a pipe", "read only once"], w => w.Fifo("in.fifo")),
        new("score-truncated-container-warns", Command.RoiScore, Ok, ["--reference", "{cut.mkv}", "--distorted", "{cut.mkv}", "--synthetic-mask", "0.5", "--model", "{model.json}", "--engine", "managed"], ["vmaf-roi-score: warning: '{cut.mkv}'", "File ended prematurely"], TruncatedContainer),
        new("saliency-truncated-container-warns", Command.Roi, Ok, ["saliency", "--input", "{cut.mkv}", "--sidecar", "{s.msgpack}"], ["vmaf-roi: warning: '{cut.mkv}'", "File ended prematurely"], TruncatedContainer, ["s.msgpack"]),
        new("vmaf-truncated-container-warns", Command.Vmaf, Ok, ["-r", "{cut.mkv}", "-d", "{cut.mkv}", "-m", "path={model.json}"], ["'{cut.mkv}'", "File ended prematurely"], TruncatedContainer),

        // ---- models (issue 8.10, 8.11, 8.12 version names, 8.14 built-in models): hostile model files fail at load ----
        new("score-model-fifo", Command.RoiScore, Model, [.. R[..10], "--model", "{model.fifo}", "--engine", "managed"], ["{model.fifo}", "not a regular file"], w => w.Fifo("model.fifo")),
        new("score-model-over-64-mib", Command.RoiScore, Model, [.. R[..10], "--model", "{big.json}", "--engine", "managed"], ["{big.json}", "64 MiB"], w => w.Sparse("big.json", 65L << 20)),
        new("score-model-slope-infinite", Command.RoiScore, Model, [.. R[..10], "--model", "{inf.json}", "--engine", "managed"], ["{inf.json}", "'1e309' is not a finite number"], w => w.ModelWith("inf.json", @"(""intercepts"": \[\s*)-?[0-9.]+", "${1}1e309")),
        new("score-model-gamma-nan", Command.RoiScore, Model, [.. R[..10], "--model", "{nan.json}", "--engine", "managed"], ["{nan.json}", "gamma"], w => w.ModelWith("nan.json", @"gamma 0\.04\\n", "gamma nan\\n")),
        new("vmaf-version-escapes-model-folders", Command.Vmaf, Model, [.. V[..12], "-m", "version=../x"], ["'../x' is not a bare model name"]),
        new("vmaf-built-in-model-without-model-path", Command.Vmaf, Ok, [.. V[..12], "-m", "version=vmaf_v0.6.1"], [], w => w.Variable("VMAF_MODEL_PATH", null)),
        new("score-saliency-model-fifo", Command.RoiScore, Mask, [.. RS, "--saliency-model", "{m.fifo}"], ["{m.fifo}", "not a regular file"], w => w.Fifo("m.fifo")),
        new("score-onnx-size-multiple-overflow", Command.RoiScore, Mask, [.. RS, "--saliency-model", "{big-multiple.onnx}"], ["{big-multiple.onnx}", "vmafroi.size_multiple='100000'"], w => w.Bytes("big-multiple.onnx", TestShared.TestModels.ChannelMean(new KeyValuePair<string, string>("vmafroi.size_multiple", "100000")))),
        new("score-zero-byte-sidecar-recomputed", Command.RoiScore, Ok, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{s.msgpack}"], [], w => w.Bytes("s.msgpack", []), ["s.msgpack"]),

        // ---- 8.13 estimated working set capped, the limit and how to raise it named ----
        new("score-frame-size-above-memory-limit", Command.RoiScore, Bad, ["--reference", "{8k.y4m}", "--distorted", "{8k.y4m}", "--synthetic-mask", "0.5", "--memory-limit", "1G"], ["'{8k.y4m}'", "8000x8000", "above the limit of 1.0 GiB", "--memory-limit"], Huge8k),
        new("vmaf-frame-size-above-memory-limit", Command.Vmaf, Bad, ["-r", "{8k.y4m}", "-d", "{8k.y4m}", "-m", "path={model.json}", "--memory-limit", "1G"], ["'{8k.y4m}'", "above the limit of 1.0 GiB", "VMAFROI_MEMORY_LIMIT"], Huge8k),
        new("saliency-frame-size-above-memory-limit", Command.Roi, Bad, ["saliency", "--input", "{8k.y4m}", "--sidecar", "{s.msgpack}", "--memory-limit", "1G"], ["'{8k.y4m}'", "above the limit of 1.0 GiB"], Huge8k),
        new("score-memory-limit-not-a-size", Command.RoiScore, Usage, [.. R, "--memory-limit", "2,5G"], ["--memory-limit", "'2,5G' is not a size"]),
    ];

    public static IEnumerable<HostileCase> PrivilegedCases() =>
    [
        // ---- 8.1 devices as outputs (private mknod nodes: 1,3 = null, 1,7 = full) ----
        new("score-output-null-device-written-through", Command.RoiScore, Ok, [.. R, "--output", "{null.dev}"], [], w => w.Device("null.dev", 1, 3)),
        new("score-output-full-device", Command.RoiScore, Out, [.. R, "--output", "{full.dev}"], ["{full.dev}", "No space left on device"], w => w.Device("full.dev", 1, 7)),
        new("materialize-output-full-device", Command.Materialize, Out, [.. M, "--output", "{full.dev}"], ["{full.dev}", "No space left on device"], w => { Table(w); w.Device("full.dev", 1, 7); }),
        new("vmaf-output-full-device", Command.Vmaf, Out, [.. V, "--json", "-o", "{full.dev}"], ["{full.dev}", "No space left on device"], w => w.Device("full.dev", 1, 7)),
        new("saliency-masks-out-full-device", Command.Roi, Out, [.. S, "--masks-out", "{full.dev}"], ["{full.dev}", "No space left on device"], w => w.Device("full.dev", 1, 7), ["s.msgpack"]),
        new("score-model-zero-device", Command.RoiScore, Model, [.. R[..10], "--model", "{zero.dev}", "--engine", "managed"], ["{zero.dev}", "not a regular file"], w => w.Device("zero.dev", 1, 5)),
        new("score-output-block-device-refused", Command.RoiScore, Out, [.. R, "--output", "{loop.dev}"], ["{loop.dev}", "is a block device"], w => w.BlockDevice("loop.dev", 7, 250)),
        new("score-sidecar-null-device-refused", Command.RoiScore, Out, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{null.dev}"], ["{null.dev}", "is a character device"], w => w.Device("null.dev", 1, 3)),

        // ---- 8.6 a full disk: 73 naming the path, no partial temp left ----
        new("score-output-on-full-disk", Command.RoiScore, Out, [.. R, "--output", "{small/out.json}"], ["{small/out.json}", "No space left on device"], w => Fill(w, w.SmallFolder("small", 4))),
        new("score-full-tmpdir", Command.RoiScore, Out, RTwoRun, ["{small}", "No space left on device"], w => { FakeVmaf(w); w.TempDirectory(Fill(w, w.SmallFolder("small", 4))); }),
        new("saliency-masks-out-on-full-disk", Command.Roi, Out, [.. S, "--masks-out", "{small/masks.y4m}"], ["{small/masks.y4m}", "No space left on device"], w => w.SmallFolder("small", 4), ["s.msgpack"]),
        new("saliency-sidecar-on-full-disk", Command.Roi, Out, ["saliency", "--input", "{r.yuv}", "--width", "64", "--height", "48", "--sidecar", "{small/s.msgpack}"], ["{small/s.msgpack}", "No space left on device"], w => Fill(w, w.SmallFolder("small", 4))),
        new("score-sidecar-on-full-disk", Command.RoiScore, Out, [.. RS, "--saliency-model", "{m.onnx}", "--saliency-sidecar", "{small/s.msgpack}"], ["{small/s.msgpack}", "No space left on device"], w => Fill(w, w.SmallFolder("small", 4))),
        new("vmaf-output-on-full-disk", Command.Vmaf, Out, [.. V, "--json", "-o", "{small/out.json}"], ["{small/out.json}", "No space left on device"], w => Fill(w, w.SmallFolder("small", 4))),
    ];

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    // A one-row feature table naming the workspace's raw reference with its geometry.
    private static void Table(Workspace w) => w.Text("t.jsonl", $"{{\"src\": \"{w.File("r.yuv")}\", \"width\": 64, \"height\": 48}}\n");

    // A valid header and first frame, then a FRAME marker made of binary bytes.
    private static void BadFrameMarker(Workspace w)
    {
        byte[] good = File.ReadAllBytes(w.File("d.y4m"));
        int secondMarker = good.AsSpan(good.AsSpan().IndexOf("FRAME"u8) + 6).IndexOf("FRAME"u8) + good.AsSpan().IndexOf("FRAME"u8) + 6;
        good[secondMarker] = 0x00;
        good[secondMarker + 1] = 0xff;
        w.Bytes("badframe.y4m", good);
    }

    private static void Huge8k(Workspace w) => w.Text("8k.y4m", "YUV4MPEG2 W8000 H8000 F25:1 Ip A1:1 C420jpeg\n");

    // An FFV1 Matroska file of 10 frames cut to 60 % of its bytes: ffmpeg decodes what is there, says so, and exits 0.
    private static void TruncatedContainer(Workspace w)
    {
        string raw = w.RawClip("ten.yuv", 10, seed: 4);
        string mkv = w.File("ten.mkv");
        Workspace.Tool("ffmpeg", "-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", "64x48", "-i", raw, "-c:v", "ffv1", mkv);
        byte[] bytes = File.ReadAllBytes(mkv);
        w.Bytes("cut.mkv", bytes[..(bytes.Length * 6 / 10)]);
        File.Delete(raw);
        File.Delete(mkv);
    }

    // Takes every free byte of a small tmpfs, so the next write fails with ENOSPC.
    private static string Fill(Workspace w, string folder)
    {
        using (var filler = new FileStream(Path.Combine(folder, "filler"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            byte[] block = new byte[512];
            try
            {
                while (true)
                {
                    filler.Write(block);
                }
            }
            catch (IOException)
            {
                // Full.
            }
        }

        return folder;
    }
}
