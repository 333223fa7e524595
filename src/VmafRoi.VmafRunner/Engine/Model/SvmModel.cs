using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>A libsvm ν-SVR model with an RBF kernel, parsed from libsvm's text format (prediction path only).</summary>
public sealed class SvmModel
{
    private SvmModel(double gamma, double rho, double[] coefficients, double[] vectors, int dimension)
    {
        Gamma = gamma;
        Rho = rho;
        Coefficients = coefficients;
        Vectors = vectors;
        Dimension = dimension;
    }

    public double Gamma { get; }

    public double Rho { get; }

    /// <summary>One coefficient per support vector, in file order.</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>Number of attributes per vector (indices 1..Dimension).</summary>
    public int Dimension { get; }

    public int SupportVectorCount => Coefficients.Count;

    /// <summary>Support vectors, dense, row-major (missing sparse entries are 0).</summary>
    private double[] Vectors { get; }

    /// <summary>Parses libsvm model text. <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="VmafModelException">The text is not an RBF ν-SVR/ε-SVR model libvmaf could use.</exception>
    public static SvmModel Parse(string text, int dimension, string source)
    {
        VmafModelException Fail(string what) => new($"model '{source}': model_dict.model (libsvm text): {what}");

        string[] lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        double? gamma = null, rho = null;
        int? total = null;
        string? kernel = null, svmType = null;
        int line = 0;
        for (; line < lines.Length; line++)
        {
            string l = lines[line].Trim();
            if (l.Length == 0)
            {
                continue;
            }

            if (l == "SV")
            {
                line++;
                break;
            }

            string[] parts = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "svm_type":
                    svmType = parts.ElementAtOrDefault(1);
                    break;
                case "kernel_type":
                    kernel = parts.ElementAtOrDefault(1);
                    break;
                case "gamma":
                    gamma = Number(parts.ElementAtOrDefault(1), "gamma");
                    break;
                case "total_sv":
                    total = int.TryParse(parts.ElementAtOrDefault(1), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                        ? count
                        : throw Fail($"total_sv '{parts.ElementAtOrDefault(1)}' is not a whole number");
                    break;
                case "rho":
                    if (parts.Length != 2)
                    {
                        throw Fail("'rho' must have exactly one value for a regression model");
                    }

                    rho = Number(parts[1], "rho");
                    break;
                case "nr_class" or "degree" or "coef0" or "label" or "nr_sv" or "probA" or "probB":
                    break;
                default:
                    throw Fail($"unknown header line '{l}'");
            }
        }

        if (svmType is not ("nu_svr" or "epsilon_svr"))
        {
            throw Fail($"svm_type is '{svmType ?? "missing"}'; expected nu_svr");
        }

        if (kernel != "rbf")
        {
            throw Fail($"kernel_type is '{kernel ?? "missing"}'; only rbf is supported");
        }

        if (gamma is null || rho is null || total is null)
        {
            throw Fail($"header lacks {(gamma is null ? "gamma" : rho is null ? "rho" : "total_sv")}");
        }

        if (gamma < 0)
        {
            throw Fail($"gamma {gamma.Value.ToString("R", CultureInfo.InvariantCulture)} is negative (libsvm refuses gamma < 0)");
        }

        var coefficients = new List<double>();
        var vectors = new List<double>();
        for (; line < lines.Length; line++)
        {
            string l = lines[line].Trim();
            if (l.Length == 0)
            {
                continue;
            }

            string[] parts = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            coefficients.Add(Number(parts[0], $"support vector {coefficients.Count + 1} coefficient"));
            var dense = new double[dimension];
            for (int p = 1; p < parts.Length; p++)
            {
                int colon = parts[p].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !int.TryParse(parts[p].AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
                    || index < 1 || index > dimension)
                {
                    throw Fail($"support vector {coefficients.Count}: bad entry '{parts[p]}' (indices must be 1..{dimension})");
                }

                dense[index - 1] = Number(parts[p][(colon + 1)..], $"support vector {coefficients.Count} value");
            }

            vectors.AddRange(dense);
        }

        if (coefficients.Count != total)
        {
            throw Fail($"total_sv says {total} support vectors but {coefficients.Count} follow 'SV'");
        }

        return new SvmModel(gamma.Value, rho.Value, [.. coefficients], [.. vectors], dimension);

        // libsvm's strtod reads "nan" and "inf" (and overflows 1e309 to inf): every value must be finite.
        double Number(string? s, string what) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v
                : throw Fail($"{what} '{s}' is not a finite number");
    }

    /// <summary>Σ coef·exp(−γ·|x − sv|²) − ρ, with libsvm's index-order summation (spec §5.3).</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int n = Dimension;
        for (int v = 0; v < Coefficients.Count; v++)
        {
            ReadOnlySpan<double> sv = Vectors.AsSpan(v * n, n);
            double d2 = 0;
            for (int i = 0; i < n; i++)
            {
                double d = x[i] - sv[i];
                d2 += d * d;
            }

            sum += Coefficients[v] * Math.Exp(-Gamma * d2);
        }

        return sum - Rho;
    }
}
