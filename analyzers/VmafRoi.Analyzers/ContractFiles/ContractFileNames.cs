using System;

namespace VmafRoi.Analyzers.ContractFiles;

/// <summary>
/// Where contract files live and what they are called: <c>ExitCodes.Shipped.txt</c>/<c>ExitCodes.Unshipped.txt</c> next to
/// <c>ExitCodes.cs</c>, and <c>schemas/&lt;contract-name&gt;.Shipped.txt</c>/<c>.Unshipped.txt</c> in each project.
/// </summary>
internal static class ContractFileNames
{
    public const string ShippedSuffix = ".Shipped.txt";
    public const string UnshippedSuffix = ".Unshipped.txt";
    public const string ExitCodesStem = "ExitCodes";
    public const string ExitCodesShipped = ExitCodesStem + ShippedSuffix;
    public const string ExitCodesUnshipped = ExitCodesStem + UnshippedSuffix;
    public const string SchemasFolder = "schemas";

    /// <summary>Marks a record whose removal is deliberate (as in PublicAPI.*.txt).</summary>
    public const string RemovedPrefix = "*REMOVED*";

    public static string SchemaShipped(string contractName) => contractName + ShippedSuffix;

    public static string SchemaUnshipped(string contractName) => contractName + UnshippedSuffix;

    /// <summary>True for ExitCodes.Shipped.txt or ExitCodes.Unshipped.txt in any folder.</summary>
    public static bool IsExitCodesFile(string path, out bool shipped)
    {
        string name = FileName(path);
        shipped = string.Equals(name, ExitCodesShipped, StringComparison.OrdinalIgnoreCase);
        return shipped || string.Equals(name, ExitCodesUnshipped, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for <c>schemas/&lt;name&gt;.Shipped.txt</c> or <c>schemas/&lt;name&gt;.Unshipped.txt</c>; gives the contract name.</summary>
    public static bool IsSchemaFile(string path, out string contractName, out bool shipped)
    {
        contractName = string.Empty;
        shipped = false;
        if (!string.Equals(FileName(ParentDirectory(path)), SchemasFolder, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string name = FileName(path);
        if (EndsWith(name, ShippedSuffix))
        {
            shipped = true;
            contractName = name.Substring(0, name.Length - ShippedSuffix.Length);
        }
        else if (EndsWith(name, UnshippedSuffix))
        {
            contractName = name.Substring(0, name.Length - UnshippedSuffix.Length);
        }

        return contractName.Length > 0;
    }

    /// <summary>The last path segment; splits on both separators so Windows paths work on every host.</summary>
    public static string FileName(string path)
    {
        int slash = LastSeparator(path);
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    /// <summary>The path without its last segment, or an empty string.</summary>
    public static string ParentDirectory(string path)
    {
        int slash = LastSeparator(path);
        return slash < 0 ? string.Empty : path.Substring(0, slash);
    }

    private static int LastSeparator(string path) => path.LastIndexOfAny(['/', '\\']);

    private static bool EndsWith(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
}
