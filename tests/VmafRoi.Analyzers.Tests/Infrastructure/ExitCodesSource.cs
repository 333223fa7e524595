namespace VmafRoi.Analyzers.Tests.Infrastructure;

/// <summary>A small ExitCodes declared in source, as the Contracts project itself sees it.</summary>
internal static class ExitCodesSource
{
    public const string TwoCodes = """
        namespace VmafRoi.Contracts;

        /// <summary>Exit codes.</summary>
        public static class ExitCodes
        {
            /// <summary>It worked.</summary>
            public const int Success = 0;

            /// <summary>An input is wrong.</summary>
            public const int InvalidInput = 1;
        }
        """;

    public const string TwoCodesShipped = """
        # Exit codes that shipped.
        Success = 0
        InvalidInput = 1
        """;

    public static string WithMember(string member) => TwoCodes.Replace("    public const int InvalidInput = 1;", "    public const int InvalidInput = 1;\n\n" + member);
}
