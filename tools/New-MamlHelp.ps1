<#
.SYNOPSIS
    Builds the module's MAML help (en-US/<assembly>-Help.xml) from one markdown page per cmdlet.
.DESCRIPTION
    The markdown pages in module/help follow platyPS' layout (## SYNOPSIS, ## DESCRIPTION,
    ## EXAMPLES with ### Example N and a ```powershell block, ## PARAMETERS with ### -Name, ## NOTES,
    ## RELATED LINKS). Parameter types, positions, pipeline binding and parameter sets are NOT typed
    in the markdown: they are read from the compiled cmdlets, so the help can never disagree with the
    code. Runs in its own pwsh process because it imports the freshly published module.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MarkdownFolder,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Set-StrictMode -Version 3.0
$module = Get-Module SemanticJpeg
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function ConvertFrom-HelpMarkdown([string] $Path) {
    $page = @{ Sections = @{}; Parameters = @{}; Examples = [System.Collections.Generic.List[object]]::new() }
    $section = $null; $sub = $null; $buffer = [System.Text.StringBuilder]::new()
    $flush = {
        $text = $buffer.ToString().Trim()
        if ($section -eq 'PARAMETERS' -and $sub) { $page.Parameters[$sub.TrimStart('-')] = $text }
        elseif ($section -eq 'EXAMPLES' -and $sub) {
            $code = if ($text -match '(?s)```(?:powershell)?\s*\r?\n(.*?)```') { $Matches[1].Trim() } else { '' }
            $remarks = ($text -replace '(?s)```.*?```', '').Trim()
            $page.Examples.Add([pscustomobject]@{ Title = $sub; Code = $code; Remarks = $remarks })
        }
        elseif ($section -and -not $sub) { $page.Sections[$section] = $text }
        [void]$buffer.Clear()
    }
    foreach ($line in Get-Content $Path) {
        if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if ($line -match '^### (.+)$' -and $section -in 'PARAMETERS', 'EXAMPLES') { & $flush; $sub = $Matches[1].Trim(); continue }
        if ($line -match '^# ') { continue }
        [void]$buffer.AppendLine($line)
    }
    & $flush
    return $page
}

function Add-Paragraphs([System.Xml.XmlWriter] $w, [string] $text) {
    foreach ($para in ($text -split '(\r?\n){2,}' | Where-Object { $_.Trim() })) {
        $w.WriteElementString('maml', 'para', $maml, ($para -replace '\s*\r?\n\s*', ' ').Trim())
    }
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
New-Item -ItemType Directory -Path (Split-Path $OutFile) -Force | Out-Null
$w = [System.Xml.XmlWriter]::Create($OutFile, $settings)
$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')

foreach ($command in (Get-Command -Module SemanticJpeg -CommandType Cmdlet | Sort-Object Name)) {
    $mdPath = Join-Path $MarkdownFolder "$($command.Name).md"
    if (-not (Test-Path $mdPath)) { throw "No help page $mdPath for $($command.Name)." }
    $page = ConvertFrom-HelpMarkdown $mdPath
    $w.WriteStartElement('command', 'command', $cmd)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)

    $w.WriteStartElement('command', 'details', $cmd)
    $w.WriteElementString('command', 'name', $cmd, $command.Name)
    $w.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $w.WriteElementString('command', 'noun', $cmd, $command.Noun)
    $w.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $w $page.Sections['SYNOPSIS']; $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $w $page.Sections['DESCRIPTION']; $w.WriteEndElement()

    $w.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $cmd)
        $w.WriteElementString('maml', 'name', $maml, $command.Name)
        # Positional parameters first in position order, then mandatory ones, then the rest, as
        # PowerShell's own syntax diagrams list them.
        $ordered = $set.Parameters | Where-Object { $_.Name -notin $common } |
            Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { 1000 } } }, @{ Expression = { -not $_.IsMandatory } }
        foreach ($p in $ordered) {
            $w.WriteStartElement('command', 'parameter', $cmd)
            $w.WriteAttributeString('required', $p.IsMandatory.ToString().ToLowerInvariant())
            $w.WriteAttributeString('position', $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' }))
            $w.WriteElementString('maml', 'name', $maml, $p.Name)
            if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                $w.WriteElementString('command', 'parameterValue', $cmd, $p.ParameterType.Name)
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $cmd)
    foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
        $meta = $command.Parameters[$name]
        if (-not $page.Parameters.ContainsKey($name)) { throw "$($command.Name) help does not document -$name." }
        $attrs = @($meta.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $pipeline = @()
        if ($attrs | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
        if ($attrs | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
        $position = $null
        foreach ($a in $attrs) { if ($a.Position -ge 0) { $position = $a.Position; break } }
        $w.WriteStartElement('command', 'parameter', $cmd)
        $w.WriteAttributeString('required', [string]([bool]($attrs | Where-Object Mandatory)).ToString().ToLowerInvariant())
        $w.WriteAttributeString('globbing', [string]([bool]($meta.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToString().ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
        $w.WriteAttributeString('position', $(if ($null -ne $position) { "$position" } else { 'named' }))
        $w.WriteAttributeString('aliases', $(if ($meta.Aliases.Count) { $meta.Aliases -join ', ' } else { 'none' }))
        $w.WriteElementString('maml', 'name', $maml, $name)
        $w.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $w $page.Parameters[$name]; $w.WriteEndElement()
        $w.WriteElementString('command', 'parameterValue', $cmd, $meta.ParameterType.Name)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $meta.ParameterType.FullName); $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    foreach ($kind in @(@{ Section = 'INPUTS'; Outer = 'inputTypes'; Inner = 'inputType' }, @{ Section = 'OUTPUTS'; Outer = 'returnValues'; Inner = 'returnValue' })) {
        if (-not $page.Sections.ContainsKey($kind.Section)) { continue }
        $w.WriteStartElement('command', $kind.Outer, $cmd)
        $w.WriteStartElement('command', $kind.Inner, $cmd)
        $lines = @($page.Sections[$kind.Section] -split '\r?\n' | Where-Object { $_.Trim() })
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, ($lines[0] -replace '^#+\s*', '').Trim()); $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $w (($lines | Select-Object -Skip 1) -join "`n"); $w.WriteEndElement()
        $w.WriteEndElement(); $w.WriteEndElement()
    }

    if ($page.Sections.ContainsKey('NOTES')) {
        $w.WriteStartElement('maml', 'alertSet', $maml); $w.WriteStartElement('maml', 'alert', $maml)
        Add-Paragraphs $w $page.Sections['NOTES']
        $w.WriteEndElement(); $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $cmd)
    foreach ($example in $page.Examples) {
        $w.WriteStartElement('command', 'example', $cmd)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $dev, $example.Code)
        $w.WriteStartElement('dev', 'remarks', $dev); Add-Paragraphs $w $example.Remarks; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $cmd)
    foreach ($link in ($page.Sections['RELATED LINKS'] -split '\r?\n' | Where-Object { $_.Trim() })) {
        $w.WriteStartElement('maml', 'navigationLink', $maml)
        $w.WriteElementString('maml', 'linkText', $maml, ($link -replace '^[-*]\s*|\[|\]|\(.*\)', '').Trim())
        $w.WriteElementString('maml', 'uri', $maml, '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()
Write-Host "Help written to $OutFile"
