namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>libvmaf's writer aliases for the float features (3.2.0 <c>alias.c</c>); other names go to <see cref="FeatureNaming"/>.</summary>
public static class FloatFeatureNames
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["VMAF_feature_adm2_score"] = "adm2",
        ["VMAF_feature_aim_score"] = "aim",
        ["VMAF_feature_adm3_score"] = "adm3",
        ["VMAF_feature_adm_scale0_score"] = "adm_scale0",
        ["VMAF_feature_adm_scale1_score"] = "adm_scale1",
        ["VMAF_feature_adm_scale2_score"] = "adm_scale2",
        ["VMAF_feature_adm_scale3_score"] = "adm_scale3",
        ["VMAF_feature_motion_score"] = "motion",
        ["VMAF_feature_motion2_score"] = "motion2",
        ["VMAF_feature_motion3_score"] = "motion3",
        ["VMAF_feature_vif_scale0_score"] = "vif_scale0",
        ["VMAF_feature_vif_scale1_score"] = "vif_scale1",
        ["VMAF_feature_vif_scale2_score"] = "vif_scale2",
        ["VMAF_feature_vif_scale3_score"] = "vif_scale3",
    };

    /// <summary>The name a writer prints for a collector name.</summary>
    public static string Alias(string collectorName) =>
        Aliases.TryGetValue(collectorName, out string? alias) ? alias : FeatureNaming.Alias(collectorName);
}
