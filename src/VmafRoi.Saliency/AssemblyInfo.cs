namespace VmafRoi.Saliency;
