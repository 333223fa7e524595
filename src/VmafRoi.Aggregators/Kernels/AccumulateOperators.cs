using System.Runtime.Intrinsics;

namespace VmafRoi.Aggregators.Kernels;

/// <summary>
/// One per-pixel update of a double accumulator from a mask sample: <c>acc = f(acc, m, a, b)</c>. Static abstract members
/// let the JIT specialise the shared driver per operator, so the hot loop makes no virtual calls.
/// </summary>
internal interface IAccumulateOperator
{
    static abstract double Invoke(double acc, double mask, double a, double b);

    static abstract Vector256<double> Invoke(Vector256<double> acc, Vector256<double> mask, Vector256<double> a, Vector256<double> b);
}

/// <summary><c>acc = m</c>: starts an accumulator from the first mask.</summary>
internal readonly struct SetOperator : IAccumulateOperator
{
    public static double Invoke(double acc, double mask, double a, double b) => mask;

    public static Vector256<double> Invoke(Vector256<double> acc, Vector256<double> mask, Vector256<double> a, Vector256<double> b) => mask;
}

/// <summary><c>acc = acc + m</c>.</summary>
internal readonly struct AddOperator : IAccumulateOperator
{
    public static double Invoke(double acc, double mask, double a, double b) => acc + mask;

    public static Vector256<double> Invoke(Vector256<double> acc, Vector256<double> mask, Vector256<double> a, Vector256<double> b) => acc + mask;
}

/// <summary><c>acc = acc + a·m</c>: a weighted sum.</summary>
internal readonly struct ScaledAddOperator : IAccumulateOperator
{
    public static double Invoke(double acc, double mask, double a, double b) => acc + (a * mask);

    public static Vector256<double> Invoke(Vector256<double> acc, Vector256<double> mask, Vector256<double> a, Vector256<double> b) => acc + (a * mask);
}

/// <summary><c>acc = a·m + b·acc</c> with <c>a = alpha</c>, <c>b = 1 − alpha</c>: one EMA step.</summary>
internal readonly struct EmaOperator : IAccumulateOperator
{
    public static double Invoke(double acc, double mask, double a, double b) => (a * mask) + (b * acc);

    public static Vector256<double> Invoke(Vector256<double> acc, Vector256<double> mask, Vector256<double> a, Vector256<double> b) => (a * mask) + (b * acc);
}
