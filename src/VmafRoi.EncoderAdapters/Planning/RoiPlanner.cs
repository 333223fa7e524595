using System.Diagnostics;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.EncoderAdapters.Planning;

/// <summary>
/// Makes a clip's ROI plan from its per-frame masks (a verified sidecar of every frame) in two streamed passes, so
/// memory does not grow with the clip:
/// <list type="number">
/// <item>Segments: four times a second a frame's mask is reduced to blocks and compared with the running mean of the
/// current segment (the masks in between are skipped without inflating them); a new segment starts at a scene cut (luma
/// histograms of every frame, on a second thread) or where, for three checks in a row, a material share of blocks
/// would move to another offset level, never sooner than the minimum segment length.</item>
/// <item>Per segment: the seed's temporal aggregator over the segment's sampled frames (only their masks are
/// inflated), the seed's offset rule per block, offsets snapped to a few levels, and the map merged into first-wins
/// rectangles.</item>
/// </list>
/// </summary>
public static class RoiPlanner
{
    /// <summary>The stage name in progress reports.</summary>
    public const string Stage = "plan";

    // Mask checks in a row that must differ before a mask change counts (masks flicker a little from frame to frame).
    private const int ChangeConfirmChecks = 3;

    /// <summary>Plans the clip whose masks <paramref name="masks"/> holds (every frame, in order).</summary>
    /// <param name="masks">A sidecar of every frame of the clip; read twice (rewound between passes).</param>
    /// <param name="openClip">Opens the clip's frames (for scene cuts and the motion-weighted aggregator).</param>
    /// <param name="rate">The clip's frame rate (minimum segment length in frames).</param>
    /// <param name="options">How to plan.</param>
    /// <param name="progress">Told after each frame of each pass.</param>
    /// <param name="cancellationToken">Cancels between frames.</param>
    public static RoiPlan Plan(SaliencySidecarReader masks, Func<FrameSource> openClip, FrameRate rate, PlanOptions options, IProgress<FrameProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (masks.Header.Sampling != SidecarSampling.AllRule)
        {
            throw new InvalidInputException($"saliency sidecar '{masks.Path}' holds only sampled frames; an ROI plan needs a mask for every frame (sampling all)", masks.Path);
        }

        if (masks.StoredFrameCount is null)
        {
            masks.Verify();
        }

        int frames = masks.StoredFrameCount!.Value;
        if (frames == 0)
        {
            throw new InvalidInputException($"saliency sidecar '{masks.Path}' holds no frames", masks.Path);
        }

        FrameGeometry geometry;
        using (FrameSource probe = openClip())
        {
            geometry = probe.Geometry;
        }

        if (geometry.Width != masks.Header.MaskWidth || geometry.Height != masks.Header.MaskHeight)
        {
            throw new InvalidInputException($"saliency sidecar '{masks.Path}' has {masks.Header.MaskWidth}x{masks.Header.MaskHeight} masks, the clip is {geometry.Width}x{geometry.Height}", masks.Path);
        }

        OffsetLevels levels = OffsetLevels.Create(options.SalientOffset, options.Levels);
        int minFrames = MinSegmentFrames(options, rate, frames);
        List<(int Start, string Reason)> starts = options.Segmented && frames > minFrames
            ? FindSegments(masks, openClip, geometry, levels, options, minFrames, frames, rate, progress, cancellationToken)
            : [(0, SegmentReasons.Start)];
        starts = MergeShortest(starts, frames, options.MaxSegments);
        IReadOnlyList<PlanSegment> segments = AggregateSegments(masks, openClip, geometry, levels, options, starts, frames, progress, cancellationToken);
        return new RoiPlan { Geometry = geometry, Rate = rate, Frames = frames, Options = options, Levels = levels, Segments = segments };
    }

    /// <summary>The offset map and rectangles of one aggregated mask grid (coarsened until the rectangles fit).</summary>
    public static (OffsetMap Map, IReadOnlyList<RoiRegion> Regions) MapAndRegions(BlockGrid grid, OffsetLevels levels, PlanOptions options)
    {
        while (true)
        {
            OffsetMap map = OffsetMap.From(grid, options.SalientOffset).Snap(levels);
            if (!options.Regions)
            {
                return (map, []);
            }

            IReadOnlyList<RoiRegion> regions = RegionCover.Cover(map);
            if (regions.Count <= options.MaxRegions || (grid.Cols == 1 && grid.Rows == 1))
            {
                return (map, regions);
            }

            grid = grid.Coarsen(2);
        }
    }

    /// <summary>Frames of the shortest segment: the option in frames, raised so the clip has at most <see cref="PlanOptions.MaxSegments"/>.</summary>
    public static int MinSegmentFrames(PlanOptions options, FrameRate rate, int frames)
    {
        double fps = rate.FramesPerSecond > 0 ? rate.FramesPerSecond : FrameRate.Default.FramesPerSecond;
        int fromSeconds = (int)Math.Ceiling(options.MinSegmentSeconds * fps);
        int fromCap = (frames + options.MaxSegments - 1) / options.MaxSegments;
        return Math.Max(1, Math.Max(fromSeconds, fromCap));
    }

    private static List<(int Start, string Reason)> FindSegments(
        SaliencySidecarReader masks,
        Func<FrameSource> openClip,
        FrameGeometry geometry,
        OffsetLevels levels,
        PlanOptions options,
        int minFrames,
        int frames,
        FrameRate rate,
        IProgress<FrameProgress>? progress,
        CancellationToken cancellationToken)
    {
        var starts = new List<(int Start, string Reason)> { (0, SegmentReasons.Start) };
        float[] mask = new float[masks.MaskLength];
        int blocks = BlockGrid.CeilDiv(geometry.Width, options.BlockSize) * BlockGrid.CeilDiv(geometry.Height, options.BlockSize);
        double[] sum = new double[blocks];
        int summed = 0;
        int segmentStart = 0;
        var pending = new List<float[]>();
        int pendingStart = -1;
        int every = MaskCheckInterval(rate);
        int confirm = Math.Max(1, Math.Min(ChangeConfirmChecks, minFrames / every));
        long started = Stopwatch.GetTimestamp();

        // Scene cuts come from the frames on a second thread while this one reads the masks (planning runs before the
        // encode, so both cores are free); a bounded queue keeps the two within a few frames of each other.
        using var cuts = new System.Collections.Concurrent.BlockingCollection<bool>(boundedCapacity: 64);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task scan = Task.Run(
            () =>
            {
                try
                {
                    var scenes = new SceneCuts(options.SceneCutThreshold);
                    using FrameSource clip = openClip();
                    for (int t = 0; t < frames; t++)
                    {
                        using YuvFrame frame = clip.ReadNext() ?? throw new InvalidInputException($"'{clip.Path}' has {t} frames, fewer than its saliency sidecar '{masks.Path}' ({frames})", clip.Path);
                        cuts.Add(scenes.IsCut(frame), stop.Token);
                    }
                }
                finally
                {
                    cuts.CompleteAdding();
                }
            },
            stop.Token);

        try
        {
            masks.Rewind();
            for (int t = 0; t < frames; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!cuts.TryTake(out bool cut, Timeout.Infinite, stop.Token))
                {
                    scan.GetAwaiter().GetResult();
                    throw new InvalidInputException($"the clip ended before frame {t} of its saliency sidecar '{masks.Path}'", masks.Path);
                }

                // Masks drift slowly: every few frames is enough to see a change, and the rest are not even inflated.
                bool check = t % every == 0;
                if (!(check ? masks.TryReadNext(mask, out _) : masks.TrySkipNext(out _)))
                {
                    throw new InvalidInputException($"saliency sidecar '{masks.Path}' ended after {t} of {frames} frames", masks.Path);
                }

                progress?.Report(new FrameProgress(Stage, t + 1, frames * 2, Stopwatch.GetElapsedTime(started)));
                bool longEnough = t - segmentStart >= minFrames;
                if (t > 0 && longEnough && cut)
                {
                    starts.Add((t, SegmentReasons.SceneCut));
                    (segmentStart, summed, pendingStart) = (t, 0, -1);
                    Array.Clear(sum);
                    pending.Clear();
                }

                if (!check)
                {
                    continue;
                }

                float[] grid = BlockGrid.Reduce(mask, geometry.Width, geometry.Height, options.BlockSize).Values;
                if (t > segmentStart && summed > 0 && longEnough && Changed(grid, sum, summed, levels, options))
                {
                    if (pendingStart < 0)
                    {
                        pendingStart = t;
                    }

                    pending.Add(grid);
                    if (pending.Count >= confirm)
                    {
                        starts.Add((pendingStart, SegmentReasons.MaskChange));
                        (segmentStart, summed) = (pendingStart, 0);
                        Array.Clear(sum);
                        foreach (float[] held in pending)
                        {
                            Add(sum, held);
                            summed++;
                        }

                        (pendingStart, pending) = (-1, []);
                    }

                    continue;
                }

                // A change that did not last belongs to the segment after all.
                foreach (float[] held in pending)
                {
                    Add(sum, held);
                    summed++;
                }

                (pendingStart, pending) = (-1, pending.Count == 0 ? pending : []);
                Add(sum, grid);
                summed++;
            }

            scan.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                scan.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Its error, if it matters, was rethrown above.
            }
        }

        return starts;
    }

    /// <summary>Frames between two mask checks while finding segments: about four checks a second (a change must last three).</summary>
    public static int MaskCheckInterval(FrameRate rate) =>
        Math.Max(1, (int)Math.Round((rate.FramesPerSecond > 0 ? rate.FramesPerSecond : FrameRate.Default.FramesPerSecond) / 4));

    private static bool Changed(float[] grid, double[] sum, int summed, OffsetLevels levels, PlanOptions options)
    {
        int differing = 0;
        for (int i = 0; i < grid.Length; i++)
        {
            int current = levels.Snap(QpOffsets.Offset(grid[i], options.SalientOffset));
            int reference = levels.Snap(QpOffsets.Offset(sum[i] / summed, options.SalientOffset));
            if (current != reference)
            {
                differing++;
            }
        }

        return differing >= options.MaskChangeFraction * grid.Length;
    }

    private static void Add(double[] sum, float[] grid)
    {
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] += grid[i];
        }
    }

    // Too many segments (a flickering clip): the shortest one joins its shorter neighbour until the cap holds.
    private static List<(int Start, string Reason)> MergeShortest(List<(int Start, string Reason)> starts, int frames, int maxSegments)
    {
        var list = new List<(int Start, string Reason)>(starts);
        while (list.Count > maxSegments)
        {
            int shortest = 0;
            int shortestLength = int.MaxValue;
            for (int i = 0; i < list.Count; i++)
            {
                int length = (i + 1 < list.Count ? list[i + 1].Start : frames) - list[i].Start;
                if (length < shortestLength)
                {
                    (shortest, shortestLength) = (i, length);
                }
            }

            int previousLength = shortest > 0 ? list[shortest].Start - list[shortest - 1].Start : int.MaxValue;
            int nextLength = shortest + 1 < list.Count ? (shortest + 2 < list.Count ? list[shortest + 2].Start : frames) - list[shortest + 1].Start : int.MaxValue;
            if (previousLength <= nextLength && shortest > 0)
            {
                list.RemoveAt(shortest);
            }
            else
            {
                list.RemoveAt(shortest + 1);
            }
        }

        return list;
    }

    private static IReadOnlyList<PlanSegment> AggregateSegments(
        SaliencySidecarReader masks,
        Func<FrameSource> openClip,
        FrameGeometry geometry,
        OffsetLevels levels,
        PlanOptions options,
        List<(int Start, string Reason)> starts,
        int frames,
        IProgress<FrameProgress>? progress,
        CancellationToken cancellationToken)
    {
        var segments = new List<PlanSegment>(starts.Count);
        float[] mask = new float[masks.MaskLength];
        bool needsLuma = options.Aggregator.CreateAggregator().NeedsLuma;
        long started = Stopwatch.GetTimestamp();
        masks.Rewind();
        using FrameSource? clip = needsLuma ? openClip() : null;
        int t = 0;
        for (int s = 0; s < starts.Count; s++)
        {
            int start = starts[s].Start;
            int end = s + 1 < starts.Count ? starts[s + 1].Start : frames;
            int[] sampled = FrameSampling.Indices(end - start, options.FrameSamples);
            IMaskAggregator aggregator = options.Aggregator.CreateAggregator();
            int next = 0;
            for (; t < end; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool isSample = next < sampled.Length && sampled[next] == t - start;

                // Only the sampled frames' masks are inflated.
                if (!(isSample ? masks.TryReadNext(mask, out _) : masks.TrySkipNext(out _)))
                {
                    throw new InvalidInputException($"saliency sidecar '{masks.Path}' ended after {t} of {frames} frames", masks.Path);
                }

                using YuvFrame? frame = clip is null ? null : clip.ReadNext() ?? throw new InvalidInputException($"'{clip.Path}' has {t} frames, fewer than its saliency sidecar '{masks.Path}' ({frames})", clip.Path);
                if (isSample)
                {
                    next++;
                    if (frame is null)
                    {
                        aggregator.Add(mask);
                    }
                    else
                    {
                        aggregator.Add(mask, frame.Geometry.Format.BytesPerSample == 1 ? LumaPlane.FromBytes(frame.Plane8(0)) : LumaPlane.FromWords(frame.Plane16(0), frame.Geometry.Format.BitDepth));
                    }
                }

                progress?.Report(new FrameProgress(Stage, frames + t + 1, frames * 2, Stopwatch.GetElapsedTime(started)));
            }

            BlockGrid grid = BlockGrid.Reduce(aggregator.Result(), geometry.Width, geometry.Height, options.BlockSize);
            (OffsetMap map, IReadOnlyList<RoiRegion> regions) = MapAndRegions(grid, levels, options);
            segments.Add(new PlanSegment { Start = start, End = end, Reason = starts[s].Reason, Saliency = grid, Offsets = map, Regions = regions });
        }

        return segments;
    }
}
