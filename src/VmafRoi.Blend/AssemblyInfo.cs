namespace VmafRoi.Blend;
