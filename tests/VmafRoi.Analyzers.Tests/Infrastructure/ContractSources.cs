namespace VmafRoi.Analyzers.Tests.Infrastructure;

/// <summary>JSON contract types the shape tests share.</summary>
internal static class ContractSources
{
    public const string ScoreV1 = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using VmafRoi.Contracts;

        [JsonContract("score", 1)]
        public sealed record Score
        {
            [JsonPropertyName("schema_version")]
            [JsonPropertyOrder(0)]
            public int SchemaVersion { get; init; } = 1;

            [JsonPropertyName("frames")]
            [JsonPropertyOrder(2)]
            public IReadOnlyList<double> Frames { get; init; } = [];

            [JsonPropertyName("vmaf")]
            [JsonPropertyOrder(1)]
            public double Vmaf { get; init; }

            [JsonPropertyName("note")]
            [JsonPropertyOrder(3)]
            public string? Note { get; init; }
        }
        """;

    /// <summary>The record of <see cref="ScoreV1"/>: members by order, namespace-qualified types, nullable references marked.</summary>
    public const string ScoreV1Record = """
        [score v1]
        schema_version: int
        vmaf: double
        frames: System.Collections.Generic.IReadOnlyList<double>
        note: string?
        """;
}
