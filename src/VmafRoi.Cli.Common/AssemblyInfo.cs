namespace VmafRoi.Cli;
