Console.WriteLine("VmafRoi.Bench.Engine: not written yet");
