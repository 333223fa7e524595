Console.WriteLine("VmafRoi.Bench.Saliency: not written yet");
