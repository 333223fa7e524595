using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace VmafRoi.Analyzers.CodeFixes;

/// <summary>Writes a record into an unshipped file's text: replaces the record with the same key, else appends it.</summary>
internal static class ContractRecordText
{
    public static string Upsert(string existing, ContractRecordEdit edit)
    {
        // Keep whichever line ending the file already uses.
        string newline = existing.IndexOf("\r\n", StringComparison.Ordinal) >= 0 ? "\r\n" : "\n";
        List<string> lines = SplitLines(existing);
        string[] record = edit.Text.Split('\n');
        if (edit.IsExitCode)
        {
            UpsertExitCode(lines, edit.Key, record);
        }
        else
        {
            UpsertSection(lines, "[" + edit.Key + "]", record);
        }

        return string.Join(newline, lines) + newline;
    }

    private static void UpsertExitCode(List<string> lines, string name, string[] record)
    {
        var live = new Regex("^" + Regex.Escape(name) + @"\s*=", RegexOptions.CultureInvariant);
        int at = -1;
        for (int i = lines.Count - 1; i >= 0; i--)
        {
            if (live.IsMatch(lines[i].Trim()))
            {
                lines.RemoveAt(i);
                at = i;
            }
        }

        if (at >= 0)
        {
            lines.InsertRange(at, record);
            return;
        }

        TrimTrailingBlankLines(lines);
        lines.AddRange(record);
    }

    private static void UpsertSection(List<string> lines, string header, string[] record)
    {
        int start = lines.FindIndex(line => line.Trim() == header);
        if (start >= 0)
        {
            int end = start + 1;
            while (end < lines.Count && !lines[end].TrimStart().StartsWith("[", StringComparison.Ordinal))
            {
                end++;
            }

            // Blank lines and comments before the next header separate sections; they stay.
            while (end > start + 1 && IsBlankOrComment(lines[end - 1]))
            {
                end--;
            }

            lines.RemoveRange(start, end - start);
            lines.InsertRange(start, record);
            return;
        }

        TrimTrailingBlankLines(lines);
        if (lines.Count > 0)
        {
            lines.Add(string.Empty);
        }

        lines.AddRange(record);
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>(text.Replace("\r\n", "\n").Split('\n'));
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static void TrimTrailingBlankLines(List<string> lines)
    {
        while (lines.Count > 0 && lines[lines.Count - 1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
    }

    private static bool IsBlankOrComment(string line)
    {
        string trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith("#", StringComparison.Ordinal);
    }
}
