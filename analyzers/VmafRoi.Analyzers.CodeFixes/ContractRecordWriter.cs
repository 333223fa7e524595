using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VmafRoi.Analyzers.ContractFiles;

namespace VmafRoi.Analyzers.CodeFixes;

/// <summary>
/// Applies records to the unshipped contract files of a solution. An existing file is edited in place; a missing one is
/// added as a new additional document next to its shipped file, else next to ExitCodes.cs (exit codes) or in the
/// project's schemas/ folder (JSON contracts). The workspace writes it to disk, and the project's AdditionalFiles glob
/// picks it up from the next build on.
/// </summary>
internal static class ContractRecordWriter
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<ContractRecordEdit> edits, CancellationToken cancellationToken)
    {
        foreach (IGrouping<(ProjectId Project, string Path), ContractRecordEdit> target in edits.GroupBy(edit => (edit.Document.Project.Id, TargetPath(edit))))
        {
            Project project = solution.GetProject(target.Key.Project)!;
            ContractRecordEdit first = target.First();
            TextDocument? existing = FindUnshipped(project, first, target.Key.Path);
            SourceText? oldText = existing is null ? null : await existing.GetTextAsync(cancellationToken).ConfigureAwait(false);
            string text = oldText?.ToString() ?? string.Empty;
            foreach (ContractRecordEdit edit in target)
            {
                text = ContractRecordText.Upsert(text, edit);
            }

            SourceText newText = SourceText.From(text, oldText?.Encoding ?? Utf8NoBom);
            solution = existing is not null
                ? solution.WithAdditionalDocumentText(existing.Id, newText)
                : solution.AddAdditionalDocument(
                    DocumentId.CreateNewId(project.Id, first.FileName),
                    first.FileName,
                    newText,
                    FoldersOf(project, target.Key.Path),
                    target.Key.Path.Length == 0 ? null : target.Key.Path);
        }

        return solution;
    }

    /// <summary>Where the unshipped file is or will be; empty when the workspace has no file paths at all.</summary>
    private static string TargetPath(ContractRecordEdit edit)
    {
        if (!string.IsNullOrEmpty(edit.UnshippedPath))
        {
            return edit.UnshippedPath!;
        }

        string? directory = !string.IsNullOrEmpty(edit.ShippedPath)
            ? Path.GetDirectoryName(edit.ShippedPath)
            : edit.IsExitCode
                ? Path.GetDirectoryName(edit.Document.FilePath ?? string.Empty)
                : SchemasDirectory(edit.Document);
        return string.IsNullOrEmpty(directory) ? string.Empty : Path.Combine(directory, edit.FileName);
    }

    private static string? SchemasDirectory(Document document)
    {
        string? root = Path.GetDirectoryName(document.Project.FilePath ?? document.FilePath ?? string.Empty);
        return string.IsNullOrEmpty(root) ? null : Path.Combine(root, ContractFileNames.SchemasFolder);
    }

    private static TextDocument? FindUnshipped(Project project, ContractRecordEdit edit, string path) =>
        path.Length > 0
            ? project.AdditionalDocuments.FirstOrDefault(d => string.Equals(d.FilePath, path, StringComparison.Ordinal))
            : project.AdditionalDocuments.FirstOrDefault(d => d.FilePath is null && string.Equals(d.Name, edit.FileName, StringComparison.Ordinal));

    // Solution explorer folders of the new file, relative to the project folder.
    private static ImmutableArray<string> FoldersOf(Project project, string path)
    {
        string? projectDirectory = Path.GetDirectoryName(project.FilePath ?? string.Empty);
        string? directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(projectDirectory) || string.IsNullOrEmpty(directory))
        {
            return ImmutableArray<string>.Empty;
        }

        string prefix = projectDirectory!.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
        if (!(directory! + Path.DirectorySeparatorChar).StartsWith(prefix, StringComparison.Ordinal))
        {
            return ImmutableArray<string>.Empty;
        }

        return directory.Substring(prefix.Length - 1).Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
    }
}
