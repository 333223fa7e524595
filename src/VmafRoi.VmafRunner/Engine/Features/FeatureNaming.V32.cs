namespace VmafRoi.VmafRunner.Engine.Features;

public static partial class FeatureNaming
{
    /// <summary>libvmaf 3.2.0's aliases for the float, CAMBI and SpEED-chroma collector names.</summary>
    private static readonly Dictionary<string, string> V32Aliases = new(StringComparer.Ordinal)
    {
        ["VMAF_feature_aim_score"] = "aim",
        ["VMAF_feature_adm3_score"] = "adm3",
        ["VMAF_feature_adm_scale0_score"] = "adm_scale0",
        ["VMAF_feature_adm_scale1_score"] = "adm_scale1",
        ["VMAF_feature_adm_scale2_score"] = "adm_scale2",
        ["VMAF_feature_adm_scale3_score"] = "adm_scale3",
        ["VMAF_feature_motion3_score"] = "motion3",
        ["Cambi_feature_cambi_score"] = "cambi",
        ["Speed_chroma_feature_speed_chroma_u_score"] = "speed_chroma_u",
        ["Speed_chroma_feature_speed_chroma_v_score"] = "speed_chroma_v",
        ["Speed_chroma_feature_speed_chroma_uv_score"] = "speed_chroma_uv",
        ["Speed_temporal_feature_speed_temporal_score"] = "speed_temporal",
    };
}
