using VmafRoi.Contracts;
using VmafRoi.Onnx;

// Usage: VmafRoi.ModelGen <output.onnx>. Writes the classic_v1 saliency model; the bytes are the same on every run.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: VmafRoi.ModelGen <output.onnx>");
    return ExitCodes.Usage;
}

string output = Path.GetFullPath(args[0]);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
byte[] bytes = ClassicSaliencyV1.ToBytes();

// Write beside the target and rename, so a parallel build never embeds half a model.
string temp = $"{output}.{Environment.ProcessId}.tmp";
File.WriteAllBytes(temp, bytes);
File.Move(temp, output, overwrite: true);
Console.WriteLine($"VmafRoi.ModelGen: wrote {ClassicSaliencyV1.ModelId} ({bytes.Length} bytes) to {output}");
return ExitCodes.Success;
