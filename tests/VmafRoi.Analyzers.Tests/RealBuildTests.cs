using System.Diagnostics;
using VmafRoi.Analyzers.Tests.Infrastructure;

namespace VmafRoi.Analyzers.Tests;

/// <summary>The analyzers load and run in a real <c>dotnet build</c>, under the SDK's own compiler.</summary>
public sealed class RealBuildTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const string ConsumerProgram = """
        using System.Text.Json.Serialization;
        using VmafRoi.Contracts;

        public static class Program
        {
            public static int Main()
            {
                return 3;
            }
        }

        [JsonContract("consumer-result", 1)]
        public sealed class ConsumerResult
        {
            public int Unannotated { get; init; }
        }
        """;

    [Fact]
    public async Task Consumer_project_build_reports_an_exit_code_literal_and_an_unannotated_contract_member()
    {
        string folder = Path.Combine(Path.GetTempPath(), "vmafroi-analyzers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // Same configuration as this test's build, so the referenced repo projects are up to date and not rebuilt.
            File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{RepoPaths.Of("src/VmafRoi.Contracts/VmafRoi.Contracts.csproj")}" />
                    <ProjectReference Include="{RepoPaths.Of("analyzers/VmafRoi.Analyzers/VmafRoi.Analyzers.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Program.cs"), ConsumerProgram);
            File.Copy(RepoPaths.Of("nuget.config"), Path.Combine(folder, "nuget.config"));

            (int exitCode, string output) = await DotnetAsync(folder, "build", "Consumer.csproj", "-c", Configuration, "-nologo", "-tl:off", "-p:UseSharedCompilation=false");

            Assert.True(exitCode == 0, $"dotnet build exited {exitCode}:\n{output}");
            Assert.Contains("Program.cs(8,16): warning VR1001", output);
            Assert.Contains("Program.cs(15,16): warning VR2001", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run under MSBuild (dotnet test); its MSBuild variables would point the child build at the wrong SDK parts.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
