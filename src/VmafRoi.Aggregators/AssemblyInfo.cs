namespace VmafRoi.Aggregators;
