return VmafRoi.Contracts.ExitCodes.InternalError;
