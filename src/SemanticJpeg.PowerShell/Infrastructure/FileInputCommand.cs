using System.Management.Automation;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// The -Path / -LiteralPath pair every file cmdlet of the module takes, declared once, the way
/// PowerShell's own file cmdlets do it: -Path expands wildcards and binds pipeline strings,
/// -LiteralPath takes names as typed and binds FileInfo objects by property name.
/// </summary>
public abstract class FileInputCommand : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>This record's input files, resolved; unresolvable paths have already been reported.</summary>
    protected List<string> ResolveInputFiles()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        return InputPathResolver.Resolve(this, literal ? LiteralPath : Path, literal);
    }
}
