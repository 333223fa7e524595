using System.Globalization;
using System.Text;

namespace VmafRoi.Saliency;

/// <summary>
/// Every constant of vmafroi_v2 in one place. <see cref="Describe"/> lists them all, and that text is part of the
/// model's sha256, so any change of design gives a new sha and old sidecars are never reused for new masks.
/// </summary>
internal static class V2Design
{
    /// <summary>Longer side of the working image (the face detector's source), reached by an integer box factor.</summary>
    public const int WorkingSide = 640;

    /// <summary>Longer side of the map grid on which the cues are made and combined.</summary>
    public const int MapSide = 256;

    // Letterbox and pillarbox bars: edge rows or columns this dark and this flat, at least this thick, at most this much.
    public const float BarMaxMean = 0.10f;
    public const float BarMaxStd = 0.025f;
    public const float BarMinShare = 0.02f;
    public const float BarMaxShare = 0.25f;

    // Faces: BlazeFace (back, 256×256) on the whole picture and on square tiles along its longer side; on consecutive
    // frames the tiles take turns (half of them per frame), and a face in a tile not looked at is kept as it was.
    public const int FaceInput = 256;
    public const float FaceMinScore = 0.5f;
    public const float FaceFullScore = 0.8f;
    public const float FaceNmsIou = 0.3f;
    public const float TileAspect = 1.25f;
    public const int TileCycle = 2;

    // The soft face prior: the head, a rounded rectangle around the detected box (plateau, then a smooth fall), and the
    // shoulders below; a face missed for a frame or two is carried, fading, from where it was last seen.
    public const float HeadWidth = 0.72f;
    public const float HeadHeight = 0.82f;
    public const float HeadShiftUp = 0.15f;
    public const float HeadRoundness = 6f;
    public const float PriorCore = 0.9f;
    public const float PriorFall = 0.12f;
    public const float ShoulderOffset = 1.5f;
    public const float ShoulderWidth = 1.6f;
    public const float ShoulderHeight = 0.8f;
    public const float ShoulderLevel = 0.35f;
    public const int FaceCarryFrames = 3;
    public const float FaceCarryFade = 0.7f;

    // When a face is seen, objects and the centre count less (faces draw the eye away from static things), except in
    // the region below it where its body likely is; there, what stands out from the background is the body (its
    // objects cue counts as much as a face).
    public const float FaceDominance = 0.5f;
    public const float BodyOffset = 2.5f;
    public const float BodyWidth = 1.5f;
    public const float BodyHeight = 3.0f;
    public const float BodyWeight = 1.0f;
    public const float BodyFloor = 0.3f;

    // Shot scale by face width over picture width: a close-up is about the face, a wide shot about the whole figure.
    public const float CloseUpStart = 0.12f;
    public const float CloseUpEnd = 0.25f;

    // Motion contrast on the map grid after the global translation is removed.
    public const float MotionSearch = 0.04f;
    public const float MotionClip = 0.10f;
    public const float MotionMisregistration = 0.5f;
    public const float MotionMinSignal = 0.03f;
    public const float MotionSpreadStart = 0.30f;
    public const float MotionSpreadEnd = 0.65f;
    public const float MotionBlur = 2.0f;
    public const float MotionKeep = 0.5f;

    // Combination: a soft OR of weighted cues, normalised to a maximum of 1, shaped, smoothed over time.
    public const float FaceWeight = 1.0f;
    public const float MotionWeight = 0.8f;
    public const float ObjectWeight = 0.5f;
    public const float CentreWeight = 0.15f;
    public const float CentreSigma = 0.3f;
    public const float Gamma = 1.5f;
    public const float Smoothing = 0.7f;

    /// <summary>Every constant as <c>name=value</c> lines, in declaration order.</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        foreach (System.Reflection.FieldInfo field in typeof(V2Design).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            if (field.IsLiteral)
            {
                text.Append(field.Name).Append('=').Append(Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }
}
