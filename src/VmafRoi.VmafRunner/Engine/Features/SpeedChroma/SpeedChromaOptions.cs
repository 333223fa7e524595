using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.OptionTable;

namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>SpEED-chroma's options (libvmaf 3.2.0 <c>speed.c</c>, 06-v1016-inputs.md A), validated.</summary>
public sealed class SpeedChromaOptions
{
    private SpeedChromaOptions(ExtractorOptionValues values)
    {
        Values = values;
        KernelScale = values.Number("speed_kernelscale");
        Prescale = values.Number("speed_prescale");
        ScaleMethod = FloatRescaler.Parse(values.Text("speed_prescale_method") ?? "nearest");
        SigmaNn = values.Number("speed_sigma_nn");
        NnFloor = values.Number("speed_nn_floor");
        MaxValue = values.Number("speed_max_val");
        WeightVarMode = values.Int("speed_weight_var_mode");
        if (!SpeedFilters.IsValidKernelScale((float)KernelScale))
        {
            // libvmaf logs "invalid speed_kernelscale", leaves its buffers unallocated and crashes on the first frame.
            throw new InvalidInputException(
                $"speed_chroma: invalid speed_kernelscale {KernelScale}; SpEED's filters exist for {string.Join(", ", SpeedFilters.ValidKernelScaleNames)}");
        }
    }

    /// <summary>The option table, in libvmaf's order (every option is a feature parameter).</summary>
    public static IReadOnlyList<ExtractorOption> Table { get; } =
    [
        ExtractorOption.Double("speed_kernelscale", "ks", 1.0, 0.1, 4.0, true, "scale of the Gaussian kernels (one of 21 values)"),
        ExtractorOption.Double("speed_prescale", "ps", 1.0, 0.1, 4.0, true, "resize factor of the chroma planes before filtering"),
        ExtractorOption.Text("speed_prescale_method", "psm", "nearest", [.. FloatRescaler.MethodNames], true, "resize method"),
        ExtractorOption.Double("speed_sigma_nn", "snn", 0.29, 0.1, 2.0, true, "standard deviation of the neural noise"),
        ExtractorOption.Double("speed_nn_floor", "nnf", 0.0, 0.0, 1.0, true, "neural-noise floor, a share of sigma_nn"),
        ExtractorOption.Double("speed_max_val", "mxv", 1000.0, 0.0, 1000.0, true, "upper clip of the scores"),
        ExtractorOption.Int("speed_weight_var_mode", "wvm", 0, 0, 6, true, "how the block variances weight the entropies (v1.0.16: 5)"),
    ];

    public static SpeedChromaOptions Default { get; } = Parse(null);

    /// <summary>The validated values (names, suffix, de-duplication key).</summary>
    public ExtractorOptionValues Values { get; }

    public double KernelScale { get; }

    public double Prescale { get; }

    public RescaleMethod ScaleMethod { get; }

    public double SigmaNn { get; }

    public double NnFloor { get; }

    public double MaxValue { get; }

    public int WeightVarMode { get; }

    /// <summary>Validates options given by name or alias (see <see cref="ExtractorOptionValues.Parse"/>).</summary>
    /// <exception cref="InvalidInputException">An unknown option, a bad value or a kernel scale SpEED has no filter for.</exception>
    public static SpeedChromaOptions Parse(IReadOnlyDictionary<string, object>? values) =>
        new(ExtractorOptionValues.Parse(SpeedChromaExtractor.ExtractorName, Table, values));
}
