Console.WriteLine("VmafRoi.Bench");
