using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>
/// SpEED's small dense linear algebra on n x n f32 matrices (row-major): Householder tridiagonalisation plus implicit
/// symmetric QR for the eigenvalues (gsl-style), and an explicit-Householder QR solve. Every operation is the f32 (or
/// stated f64) operation libvmaf performs, in its order: the results feed log2 entropies and are very sensitive.
/// </summary>
internal sealed class SpeedLinearAlgebra
{
    private const double Epsilon = 1e-6;
    private const int MaxIterations = 500;

    private readonly int _n;
    private readonly VectorWidth _vw;
    private readonly float[] _a;
    private readonly float[] _d;
    private readonly float[] _e;
    private readonly float[] _v;
    private readonly float[] _x;
    private readonly float[] _z;
    private readonly float[] _p;
    private readonly float[] _h;
    private readonly float[] _product;
    private readonly float[] _r;

    public SpeedLinearAlgebra(int n, VectorWidth vectors = VectorWidth.Scalar)
    {
        _n = n;
        _vw = vectors;
        _a = new float[n * n];
        _d = new float[n];
        _e = new float[n];
        _v = new float[n];
        _x = new float[n];
        _z = new float[n * n];
        _p = new float[n * n];
        _h = new float[n * n];
        _product = new float[n * n];
        _r = new float[n * n];
    }

    /// <summary>Set when the last <see cref="Eigenvalues"/> hit the iteration limit (libvmaf only warns).</summary>
    public bool EigenvaluesDidNotConverge { get; private set; }

    /// <summary>The eigenvalues of symmetric <paramref name="k"/>, in the order the QR sweeps leave them (not sorted).</summary>
    public void Eigenvalues(ReadOnlySpan<float> k, Span<float> eigenvalues)
    {
        int n = _n;
        k[..(n * n)].CopyTo(_a);
        if (n == 1)
        {
            eigenvalues[0] = _a[0];
            return;
        }

        Tridiagonalise();
        Chop(_d, _e, 0, n);
        int b = n - 1;
        int iterations = 0;
        while (b > 0 && iterations < MaxIterations)
        {
            if (_e[b - 1] == 0.0f)
            {
                b--;
                continue;
            }

            int a = b - 1;
            while (a > 0 && _e[a - 1] != 0.0f)
            {
                a--;
            }

            QrStep(a, b - a + 1);
            Chop(_d, _e, a, b - a + 1);
            iterations++;
        }

        EigenvaluesDidNotConverge = iterations == MaxIterations;
        _d.AsSpan(0, n).CopyTo(eigenvalues);
    }

    /// <summary>
    /// Solves K·X = Y (Y is n x <paramref name="columns"/>) through K = QR with explicit Householder matrices; false when
    /// a diagonal element of R is below 1e-6 in magnitude (X then holds a partial result).
    /// </summary>
    public bool Solve(ReadOnlySpan<float> k, ReadOnlySpan<float> y, int columns, Span<float> x, Span<float> scratch)
    {
        int n = _n;
        Span<float> z = _z;
        Span<float> p = _p;
        Span<float> h = _h;
        Span<float> product = _product;
        Span<float> v = _v;
        k[..(n * n)].CopyTo(z);
        Identity(p, n);
        for (int col = 0; col < n - 1; col++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (i < col || j < col)
                    {
                        z[(i * n) + j] = i == j ? 1 : 0;
                    }
                }
            }

            for (int i = 0; i < n; i++)
            {
                v[i] = z[(i * n) + col];
            }

            float norm = Norm(v);
            v[col] += Sign(k[(col * n) + col]) * norm;
            float norm2 = Norm(v);
            for (int i = 0; i < n; i++)
            {
                v[i] /= norm2;
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    h[(i * n) + j] = -2 * v[i] * v[j];
                }
            }

            for (int i = 0; i < n; i++)
            {
                h[(i * n) + i] += 1;
            }

            Multiply(h, z, n, n, product);
            product.CopyTo(z);
            Multiply(h, p, n, n, product);
            product.CopyTo(p);
        }

        Span<float> r = _r;
        Multiply(p, k, n, n, r);
        Span<float> t = scratch[..(n * columns)];
        Multiply(p, y, n, columns, t);
        for (int i = n - 1; i >= 0; i--)
        {
            float den = r[(i * n) + i];
            if (Math.Abs(den) < Epsilon)
            {
                return false;
            }

            for (int c = 0; c < columns; c++)
            {
                float term = t[(i * columns) + c];
                for (int m = i + 1; m < n; m++)
                {
                    term -= x[(m * columns) + c] * r[(i * n) + m];
                }

                x[(i * columns) + c] = term / den;
            }
        }

        return true;
    }

    private static int Sign(float x) => x >= 0 ? 1 : -1;

    private static float Hypot(float x, float y) => (float)Math.Sqrt((x * x) + (y * y));

    private static float Norm(ReadOnlySpan<float> v)
    {
        float sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * v[i];
        }

        return (float)Math.Sqrt(sum);
    }

    private static void Identity(Span<float> m, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[(i * n) + j] = i == j ? 1 : 0;
            }
        }
    }

    /// <summary>dst = a (n x n) · b (n x cols); each element sums k ascending from 0.</summary>
    private void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int n, int cols, Span<float> dst)
    {
        dst[..(n * cols)].Clear();
        for (int i = 0; i < n; i++)
        {
            Span<float> row = dst.Slice(i * cols, cols);
            for (int k = 0; k < n; k++)
            {
                SpeedImage.AddScaled(row, a[(i * n) + k], b.Slice(k * cols, cols), _vw);
            }
        }
    }

    /// <summary>Zeroes sub-diagonal elements small against their diagonal neighbours, in the block [start, start + m).</summary>
    private static void Chop(Span<float> d, Span<float> e, int start, int m)
    {
        for (int i = start; i < start + m - 1; i++)
        {
            if (Math.Abs(e[i]) < Epsilon * (Math.Abs(d[i]) + Math.Abs(d[i + 1])))
            {
                e[i] = 0.0f;
            }
        }
    }

    private static void Givens(float a, float b, out float c, out float s)
    {
        if (b == 0)
        {
            c = 1;
            s = 0;
        }
        else if (Math.Abs(b) > Math.Abs(a))
        {
            float t = -a / b;
            float s1 = (float)(1.0 / Math.Sqrt(1 + (t * t)));
            s = s1;
            c = s1 * t;
        }
        else
        {
            float t = -b / a;
            float c1 = (float)(1.0 / Math.Sqrt(1 + (t * t)));
            c = c1;
            s = c1 * t;
        }
    }

    /// <summary>Householder reduction of <c>_a</c> to tridiagonal form; diagonal to <c>_d</c>, sub-diagonal to <c>_e</c>.</summary>
    private void Tridiagonalise()
    {
        int n = _n;
        float[] a = _a;
        float[] v = _v;
        float[] x = _x;
        for (int i = 0; i < n - 2; i++)
        {
            float tau = HouseholderColumn(i, i + 1);
            for (int j = i + 1; j < n; j++)
            {
                v[j] = a[(j * n) + i];
            }

            if (tau == 0.0f)
            {
                continue;
            }

            v[i + 1] = 1.0f;
            for (int r = i + 1; r < n; r++)
            {
                float sum = 0.0f;
                for (int c = i + 1; c < n; c++)
                {
                    sum += tau * a[(r * n) + c] * v[c];
                }

                x[r] = sum;
            }

            float xv = 0;
            for (int r = i + 1; r < n; r++)
            {
                xv += x[r] * v[r];
            }

            float alpha = (float)(-0.5 * tau * xv);
            for (int r = i + 1; r < n; r++)
            {
                x[r] += alpha * v[r];
            }

            for (int r = i + 1; r < n; r++)
            {
                for (int c = i + 1; c < n; c++)
                {
                    a[(r * n) + c] -= (x[r] * v[c]) + (v[r] * x[c]);
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            _d[i] = a[(i * n) + i];
        }

        for (int i = 0; i < n - 1; i++)
        {
            _e[i] = a[((i + 1) * n) + i];
        }
    }

    /// <summary>The Householder vector annihilating column <paramref name="col"/> below row <paramref name="start"/>+1, stored in place; returns tau.</summary>
    private float HouseholderColumn(int col, int start)
    {
        int n = _n;
        float[] a = _a;
        if (n - start == 1)
        {
            return 0.0f;
        }

        float norm = 0;
        for (int r = start + 1; r < n; r++)
        {
            norm += a[(r * n) + col] * a[(r * n) + col];
        }

        float xnorm = (float)Math.Sqrt(norm);
        if (xnorm == 0.0f)
        {
            return 0.0f;
        }

        float alpha = a[(start * n) + col];
        float beta = -Sign(alpha) * Hypot(alpha, xnorm);
        float tau = (beta - alpha) / beta;
        float s = alpha - beta;
        if (s != 0.0f)
        {
            for (int r = start; r < n; r++)
            {
                a[(r * n) + col] /= s;
            }

            a[(start * n) + col] = beta;
        }

        return tau;
    }

    /// <summary>One implicit-shift QR sweep over the unreduced block d[a..a+m), e[a..a+m−1).</summary>
    private void QrStep(int a, int m)
    {
        Span<float> d = _d.AsSpan(a, m);
        Span<float> e = _e.AsSpan(a, m - 1);
        float mu = TrailingEigenvalue(d, e, m);
        if (Epsilon * Math.Abs(mu) > Math.Abs(d[0]) + Math.Abs(e[0]))
        {
            mu = 0;
        }

        float x = d[0] - mu;
        float z = e[0];
        float bk = 0;
        float zk = 0;
        float ap = d[0];
        float bp = e[0];
        float aq = d[1];
        float c;
        float s;
        if (m == 2)
        {
            Givens(x, z, out c, out s);
            float ap1 = (c * ((c * ap) - (s * bp))) + (s * ((s * aq) - (c * bp)));
            float bp1 = (c * ((s * ap) + (c * bp))) - (s * ((s * bp) + (c * aq)));
            float aq1 = (s * ((s * ap) + (c * bp))) + (c * ((s * bp) + (c * aq)));
            d[0] = ap1;
            e[0] = bp1;
            d[1] = aq1;
            return;
        }

        float bq = e[1];
        for (int k = 0; k < m - 1; k++)
        {
            Givens(x, z, out c, out s);
            float bk1 = (c * bk) - (s * zk);
            float ap1 = (c * ((c * ap) - (s * bp))) + (s * ((s * aq) - (c * bp)));
            float bp1 = (c * ((s * ap) + (c * bp))) - (s * ((s * bp) + (c * aq)));
            float zp1 = -s * bq;
            float aq1 = (s * ((s * ap) + (c * bp))) + (c * ((s * bp) + (c * aq)));
            float bq1 = c * bq;
            float ak = ap1;
            bk = bp1;
            zk = zp1;
            ap = aq1;
            bp = bq1;
            if (k < m - 2)
            {
                aq = d[k + 2];
            }

            if (k < m - 3)
            {
                bq = e[k + 2];
            }

            d[k] = ak;
            if (k > 0)
            {
                e[k - 1] = bk1;
            }

            if (k < m - 2)
            {
                e[k + 1] = bp;
            }

            x = bk;
            z = zk;
        }

        d[m - 1] = ap;
        e[m - 2] = bk;
    }

    private static float TrailingEigenvalue(ReadOnlySpan<float> d, ReadOnlySpan<float> e, int m)
    {
        float ta = d[m - 2];
        float tb = d[m - 1];
        float tab = e[m - 2];
        float dt = (float)((ta - tb) / 2.0);
        if (dt > 0)
        {
            return tb - (tab * (tab / (dt + Hypot(dt, tab))));
        }

        if (dt == 0)
        {
            return tb - Math.Abs(tab);
        }

        return tb + (tab * (tab / (-dt + Hypot(dt, tab))));
    }
}
