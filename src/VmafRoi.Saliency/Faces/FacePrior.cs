namespace VmafRoi.Saliency;

/// <summary>
/// Turns face detections into a soft prior on the map grid. For each face: the head, a rounded rectangle (a
/// superellipse) around the detected box widened to take in hair, forehead, ears and chin, flat in its core and
/// falling off smoothly; and the shoulders below, a wider and weaker ellipse. Both scale with the detection's
/// confidence; faces combine by maximum.
/// </summary>
internal static class FacePrior
{
    /// <summary>0 below <paramref name="from"/>, 1 above <paramref name="to"/>, smooth between.</summary>
    public static float Smooth(float from, float to, float value)
    {
        float t = Math.Clamp((value - from) / (to - from), 0f, 1f);
        return t * t * (3 - (2 * t));
    }

    /// <summary>Confidence ramp: 0 at the detector's threshold, 1 from <see cref="V2Design.FaceFullScore"/>.</summary>
    public static float Confidence(float score)
    {
        float t = Math.Clamp((score - V2Design.FaceMinScore) / (V2Design.FaceFullScore - V2Design.FaceMinScore), 0f, 1f);
        return t * t * (3 - (2 * t));
    }

    /// <summary>
    /// Renders <paramref name="faces"/> (in working pixels, each with a weight in [0,1]; <paramref name="scale"/> map
    /// pixels per working pixel) into <paramref name="map"/>, and into <paramref name="body"/> the region below each
    /// face where its body likely is, by shot scale: none for a close-up (a face wider than
    /// <see cref="V2Design.CloseUpEnd"/> of <paramref name="pictureWidth"/>, in working pixels), in full for a wide shot
    /// (narrower than <see cref="V2Design.CloseUpStart"/>).
    /// </summary>
    public static void Render(IReadOnlyList<(FaceDetection Face, float Weight)> faces, float scale, float pictureWidth, Span<float> map, Span<float> body, int width, int height)
    {
        map[..(width * height)].Clear();
        body[..(width * height)].Clear();
        foreach ((FaceDetection face, float weight) in faces)
        {
            float level = weight * Confidence(face.Score);
            if (level <= 0)
            {
                continue;
            }

            float w = face.Width * scale;
            float h = face.Height * scale;
            float cx = face.CenterX * scale;
            float cy = face.CenterY * scale;
            Blob(map, width, height, cx, cy - (V2Design.HeadShiftUp * h), V2Design.HeadWidth * w, V2Design.HeadHeight * h, V2Design.HeadRoundness, level);
            Blob(map, width, height, cx, cy + (V2Design.ShoulderOffset * h), V2Design.ShoulderWidth * w, V2Design.ShoulderHeight * h, 2, level * V2Design.ShoulderLevel);
            float shot = 1 - Smooth(V2Design.CloseUpStart, V2Design.CloseUpEnd, face.Width / pictureWidth);
            if (shot > 0)
            {
                Blob(body, width, height, cx, cy + (V2Design.BodyOffset * h), V2Design.BodyWidth * w, V2Design.BodyHeight * h, 2, level * shot);
            }
        }
    }

    // A superellipse of half-axes (ax, ay) and exponent p: 1 inside radius Core, then a Gaussian fall.
    private static void Blob(Span<float> map, int width, int height, float cx, float cy, float ax, float ay, float p, float level)
    {
        ax = Math.Max(ax, 0.5f);
        ay = Math.Max(ay, 0.5f);
        float core = V2Design.PriorCore;
        float fall = V2Design.PriorFall;
        float reach = core + (3.5f * fall);
        int x0 = Math.Max(0, (int)MathF.Floor(cx - (reach * ax)));
        int x1 = Math.Min(width - 1, (int)MathF.Ceiling(cx + (reach * ax)));
        int y0 = Math.Max(0, (int)MathF.Floor(cy - (reach * ay)));
        int y1 = Math.Min(height - 1, (int)MathF.Ceiling(cy + (reach * ay)));
        for (int y = y0; y <= y1; y++)
        {
            float dy = MathF.Abs((y + 0.5f - cy) / ay);
            for (int x = x0; x <= x1; x++)
            {
                float dx = MathF.Abs((x + 0.5f - cx) / ax);
                float r = p == 2 ? MathF.Sqrt((dx * dx) + (dy * dy)) : MathF.Pow(MathF.Pow(dx, p) + MathF.Pow(dy, p), 1 / p);
                float v = r <= core ? level : level * MathF.Exp(-((r - core) * (r - core)) / (2 * fall * fall));
                ref float cell = ref map[(y * width) + x];
                cell = Math.Max(cell, v);
            }
        }
    }
}
