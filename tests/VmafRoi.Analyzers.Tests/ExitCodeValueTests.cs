using Microsoft.CodeAnalysis;
using VmafRoi.Analyzers.Tests.Infrastructure;
using static VmafRoi.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace VmafRoi.Analyzers.Tests;

/// <summary>VR1001: what a process exits with comes from ExitCodes.</summary>
public sealed class ExitCodeValueTests
{
    private static async Task<string[]> RunAsync(string source, OutputKind kind = OutputKind.ConsoleApplication, bool referenceContracts = true) =>
        Describe(await AnalyzeAsync(Compile(source, kind, referenceContracts)));

    [Fact]
    public async Task Integer_literal_returned_from_Main_is_reported()
    {
        string[] found = await RunAsync("""
            public static class Program
            {
                public static int Main()
                {
                    return 3;
                }
            }
            """);

        Assert.Equal(["VR1001 L5 '3'"], found);
    }

    [Fact]
    public async Task Integer_literal_returned_from_top_level_statements_is_reported()
    {
        string[] found = await RunAsync("""
            System.Console.WriteLine("hi");
            return 1;
            """);

        Assert.Equal(["VR1001 L2 '1'"], found);
    }

    [Fact]
    public async Task Integer_literal_passed_to_Environment_Exit_is_reported()
    {
        string[] found = await RunAsync("""
            public static class Tool
            {
                public static void Stop() => System.Environment.Exit(2);
            }
            """, OutputKind.DynamicallyLinkedLibrary);

        Assert.Equal(["VR1001 L3 '2'"], found);
    }

    [Fact]
    public async Task Integer_literal_assigned_to_Environment_ExitCode_is_reported()
    {
        string[] found = await RunAsync("""
            using System;
            Environment.ExitCode = 5;
            """);

        Assert.Equal(["VR1001 L2 '5'"], found);
    }

    [Fact]
    public async Task Expression_bodied_Main_returning_a_literal_is_reported()
    {
        string[] found = await RunAsync("""
            public static class Program
            {
                public static int Main() => 4;
            }
            """);

        Assert.Equal(["VR1001 L3 '4'"], found);
    }

    [Fact]
    public async Task Negated_and_cast_literals_are_reported()
    {
        string[] found = await RunAsync("""
            if (args.Length == 1) return -1;
            if (args.Length == 2) return (int)3L;
            return default;
            """);

        Assert.Equal(["VR1001 L1 '-1'", "VR1001 L2 '(int)3L'", "VR1001 L3 'default'"], found);
    }

    [Fact]
    public async Task Literal_branches_of_conditional_and_switch_expressions_are_reported()
    {
        string[] found = await RunAsync("""
            using VmafRoi.Contracts;
            if (args.Length > 5) return args.Length > 6 ? ExitCodes.Success : 1;
            return args.Length switch
            {
                0 => ExitCodes.Usage,
                1 => 7,
                _ => ExitCodes.InternalError,
            };
            """);

        Assert.Equal(["VR1001 L2 '1'", "VR1001 L6 '7'"], found);
    }

    [Fact]
    public async Task Constants_that_are_not_ExitCodes_members_are_reported()
    {
        string[] found = await RunAsync("""
            using VmafRoi.Contracts;
            const int Failed = 4;
            if (args.Length == 0) return Failed;
            if (args.Length == 1) return ExitCodes.Usage + 1;
            return Codes.Mine;

            static class Codes
            {
                public const int Mine = 9;
            }
            """);

        Assert.Equal(["VR1001 L3 'Failed'", "VR1001 L4 'ExitCodes.Usage + 1'", "VR1001 L5 'Codes.Mine'"], found);
    }

    [Fact]
    public async Task ExitCodes_members_are_allowed_everywhere_a_process_exits()
    {
        string[] found = await RunAsync("""
            using System;
            using VmafRoi.Contracts;

            public static class Program
            {
                public static int Main(string[] args)
                {
                    Environment.ExitCode = ExitCodes.InvalidInput;
                    if (args.Length == 0) Environment.Exit(ExitCodes.Usage);
                    return ExitCodes.Success;
                }
            }
            """);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Awaited_result_returned_from_async_Main_is_allowed()
    {
        string[] found = await RunAsync("""
            using System.Threading.Tasks;

            public static class Program
            {
                public static async Task<int> Main()
                {
                    return await Something();
                }

                private static Task<int> Something() => Task.FromResult(0);
            }
            """);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Computed_exit_codes_are_allowed()
    {
        string[] found = await RunAsync("""
            using System;
            using VmafRoi.Contracts;

            int code = args.Length;
            try
            {
                Environment.Exit(code);
            }
            catch (Exception e)
            {
                return ExitCodeMapper.From(e);
            }

            return code;
            """);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Literals_returned_from_lambdas_local_functions_and_other_methods_are_not_exit_codes()
    {
        string[] found = await RunAsync("""
            using System;
            using VmafRoi.Contracts;

            Func<int> count = () => { return 3; };
            return Helper() + Local() == 0 ? ExitCodes.Success : ExitCodes.InternalError;

            static int Local() { return 2; }
            static int Helper() => Numbers.Two();

            static class Numbers
            {
                public static int Two() { return 2; }
            }
            """);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Exit_codes_are_not_checked_where_Contracts_is_not_referenced()
    {
        string[] found = await RunAsync("""
            System.Environment.Exit(2);
            return 3;
            """, referenceContracts: false);

        Assert.Empty(found);
    }
}
