using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Simd;

/// <summary>A scratch array on the pinned heap with a stable pointer: allocated once per worker, never moved.</summary>
internal sealed unsafe class PinnedBuffer<T>
    where T : unmanaged
{
    private readonly T[] _array;

    public PinnedBuffer(int length)
    {
        // One spare vector at the end lets vector steps read past the last column without faulting.
        _array = GC.AllocateArray<T>(length + (64 / sizeof(T)) + 1, pinned: true);
        Length = length;
        Pointer = (T*)Unsafe.AsPointer(ref _array[0]);
    }

    public int Length { get; }

    public T* Pointer { get; }

    public Span<T> Span => _array.AsSpan(0, Length);
}
