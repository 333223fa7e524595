using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>What <see cref="SidecarCache.Open"/> may do with a sidecar file.</summary>
public enum SidecarCacheMode
{
    /// <summary>Use the sidecar as it is; missing, mismatched or corrupt is an error. Never computes.</summary>
    ReadOnly,

    /// <summary>Reuse a valid sidecar; when it is missing, mismatched or corrupt, compute and write a new one.</summary>
    ReadWrite,

    /// <summary>Always compute and write a new sidecar, replacing any existing one.</summary>
    Refresh,
}

/// <summary>What <see cref="SidecarCache.Open"/> did.</summary>
public enum SidecarCacheOutcome
{
    /// <summary>An existing, fully verified sidecar is used.</summary>
    Reused,

    /// <summary>There was no sidecar; one was computed and written.</summary>
    Created,

    /// <summary>The existing sidecar was mismatched, corrupt or refreshed on request; see <see cref="SidecarCacheResult.Reason"/>.</summary>
    Replaced,
}

/// <summary>A verified sidecar ready to stream from its first frame, and how it came to be.</summary>
public sealed class SidecarCacheResult : IDisposable
{
    internal SidecarCacheResult(SaliencySidecarReader reader, SidecarCacheOutcome outcome, string? reason)
    {
        Reader = reader;
        Outcome = outcome;
        Reason = reason;
    }

    /// <summary>Positioned at the first frame; the whole file has already been verified.</summary>
    public SaliencySidecarReader Reader { get; }

    public SidecarCacheOutcome Outcome { get; }

    /// <summary>Why an existing sidecar was not reused (the mismatch or corruption message), or null.</summary>
    public string? Reason { get; }

    public void Dispose() => Reader.Dispose();
}

/// <summary>Per-clip mask caching: reuse a sidecar that matches this run, or compute one.</summary>
public static class SidecarCache
{
    /// <summary>
    /// Returns a verified reader for <paramref name="path"/>. In <see cref="SidecarCacheMode.ReadWrite"/> a missing,
    /// mismatched or corrupt sidecar is replaced by running <paramref name="compute"/>, which writes every frame's mask
    /// to the writer it is given (the helper commits it atomically afterwards; an exception leaves the old file as it
    /// was). In <see cref="SidecarCacheMode.ReadOnly"/> those problems are thrown instead
    /// (<see cref="InvalidInputException"/>, <see cref="SidecarMismatchException"/>, <see cref="SidecarCorruptException"/>).
    /// </summary>
    public static SidecarCacheResult Open(
        string path,
        SidecarHeader expected,
        Action<SaliencySidecarWriter> compute,
        SidecarCacheMode mode = SidecarCacheMode.ReadWrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(compute);
        expected.Validate();

        string? reason = null;
        bool existed = File.Exists(path);
        if (existed && mode != SidecarCacheMode.ReadOnly && !IsSidecar(path))
        {
            // Only our own sidecars are ever replaced: a wrong --sidecar path must not destroy a clip or any other file.
            throw new InvalidInputException($"'{path}' exists and is not a saliency sidecar; refusing to overwrite it (give another sidecar path, or delete the file)", path);
        }

        if (mode == SidecarCacheMode.Refresh)
        {
            reason = existed ? "a refresh was requested" : null;
        }
        else if (mode == SidecarCacheMode.ReadOnly || existed)
        {
            try
            {
                return new SidecarCacheResult(OpenVerified(path, expected), SidecarCacheOutcome.Reused, null);
            }
            catch (Exception e) when (mode == SidecarCacheMode.ReadWrite && e is SidecarMismatchException or SidecarCorruptException)
            {
                reason = e.Message;
            }
        }

        using (SaliencySidecarWriter writer = SaliencySidecarWriter.Create(path, expected))
        {
            compute(writer);
            if (!writer.IsCommitted)
            {
                writer.Commit();
            }
        }

        SidecarCacheOutcome outcome = existed ? SidecarCacheOutcome.Replaced : SidecarCacheOutcome.Created;
        return new SidecarCacheResult(OpenVerified(path, expected), outcome, reason);
    }

    /// <summary>
    /// True when <paramref name="path"/> is ours to replace: it starts with a sidecar header map (any schema version),
    /// or it is empty, or it ends inside a map that is a sidecar header as far as it goes. Anything else is not.
    /// </summary>
    public static bool IsSidecar(string path)
    {
        try
        {
            return SidecarFormat.Classify(path) != SidecarFileKind.Foreign;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static SaliencySidecarReader OpenVerified(string path, SidecarHeader expected)
    {
        SaliencySidecarReader reader = SaliencySidecarReader.Open(path, expected);
        try
        {
            reader.Verify();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }
}
