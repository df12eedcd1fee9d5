#Requires -Version 7.2
# Generates the MAML help of a binary module: prose from docs/en-US/<Cmdlet-Name>.md,
# syntax and parameter facts from the built assembly's cmdlet metadata.
# The markdown format is described in docs/en-US/README.md.

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'ChildProcess.psm1')

$script:Namespace = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

$script:SectionNames = 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

# Sections whose content lives under '### ' headings only.
$script:SubsectionedSections = 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS'

# WhatIf and Confirm appear in the syntax but need no markdown; this text is used unless the md gives its own.
$script:OptionalCommonParameterHelp = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# Runs in a child pwsh: imports the built module and saves the metadata of its exported cmdlets as CLIXML.
$script:MetadataReader = {
    param([string] $ManifestPath, [string] $OutFile)

    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    trap {
        [Console]::Error.WriteLine($_.Exception.Message)
        exit 1
    }

    function Get-TypeDisplayName([type] $Type, [switch] $Short) {
        if ($Type.IsArray) {
            return (Get-TypeDisplayName $Type.GetElementType() -Short:$Short) + '[]'
        }
        $nullableOf = [Nullable]::GetUnderlyingType($Type)
        if ($Short -and $nullableOf) {
            return Get-TypeDisplayName $nullableOf -Short
        }
        if (-not $Type.IsGenericType) {
            return $Short ? $Type.Name : $Type.FullName
        }
        $definition = $Type.GetGenericTypeDefinition()
        $name = ($Short ? $definition.Name : $definition.FullName) -replace '`\d+$'
        $arguments = foreach ($argument in $Type.GenericTypeArguments) { Get-TypeDisplayName $argument -Short:$Short }
        return '{0}[{1}]' -f $name, ($arguments -join ', ')
    }

    function Get-PossibleValue([System.Management.Automation.ParameterMetadata] $Parameter) {
        $validateSet = $Parameter.Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }, 'First')
        if ($validateSet) {
            return $validateSet[0].ValidValues
        }
        $type = $Parameter.ParameterType
        if ($type.IsArray) { $type = $type.GetElementType() }
        $type = [Nullable]::GetUnderlyingType($type) ?? $type
        if ($type.IsEnum) {
            return [Enum]::GetNames($type)
        }
    }

    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
    $module = Import-Module -Name $ManifestPath -PassThru -Force
    $cmdlets = foreach ($cmdlet in $module.ExportedCmdlets.Values) {
        $parameters = $cmdlet.Parameters.Values.Where({ $_.Name -notin $commonParameters })
        [pscustomobject]@{
            Name          = $cmdlet.Name
            Verb          = $cmdlet.Verb
            Noun          = $cmdlet.Noun
            HelpFile      = [System.IO.Path]::GetFileName($cmdlet.HelpFile)
            OutputTypes   = @($cmdlet.OutputType | ForEach-Object Name | Select-Object -Unique)
            Parameters    = @(foreach ($parameter in $parameters) {
                    [pscustomobject]@{
                        Name              = $parameter.Name
                        TypeName          = Get-TypeDisplayName $parameter.ParameterType
                        ShortTypeName     = Get-TypeDisplayName $parameter.ParameterType -Short
                        IsSwitch          = $parameter.SwitchParameter
                        Aliases           = @($parameter.Aliases)
                        SupportsWildcards = $parameter.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
                        PossibleValues    = @(Get-PossibleValue $parameter)
                    }
                })
            ParameterSets = @(foreach ($set in $cmdlet.ParameterSets) {
                    [pscustomobject]@{
                        Name       = $set.Name
                        IsDefault  = $set.IsDefault
                        Parameters = @(foreach ($parameter in $set.Parameters.Where({ $_.Name -notin $commonParameters })) {
                                [pscustomobject]@{
                                    Name           = $parameter.Name
                                    IsMandatory    = $parameter.IsMandatory
                                    Position       = $parameter.Position
                                    ByValue        = $parameter.ValueFromPipeline
                                    ByPropertyName = $parameter.ValueFromPipelineByPropertyName
                                }
                            })
                    }
                })
        }
    }
    Export-Clixml -LiteralPath $OutFile -InputObject @($cmdlets) -Depth 6
}

function Get-CmdletMetadata {
    # Imports the built module in a child pwsh, so that its assembly is never loaded into the caller.
    param([string] $ManifestPath)

    $outFile = [System.IO.Path]::GetTempFileName()
    try {
        $quote = { param([string] $Text) "'{0}'" -f [System.Management.Automation.Language.CodeGeneration]::EscapeSingleQuotedStringContent($Text) }
        $command = '& {{{0}}} -ManifestPath {1} -OutFile {2}' -f $script:MetadataReader, (& $quote $ManifestPath), (& $quote $outFile)
        $result = Invoke-ChildPwsh -Script $command -TimeoutSeconds 300
        if ($result.ExitCode -ne 0) {
            throw "Reading the cmdlets of '$ManifestPath' in a child pwsh failed (exit code $($result.ExitCode)):`n" + $result.Errors + $result.Output
        }
        $cmdlets = Import-Clixml -LiteralPath $outFile
        return $cmdlets
    }
    finally {
        Remove-Item -LiteralPath $outFile -ErrorAction Ignore
    }
}

function New-MarkdownSection([string] $Name) {
    [pscustomobject]@{
        Name        = $Name
        Blocks      = [System.Collections.Generic.List[object]]::new()
        Subsections = [System.Collections.Generic.List[object]]::new()
    }
}

function Read-HelpMarkdown {
    # Splits a help md into its '# ' title, '## ' sections and '### ' subsections; the body of each is a list
    # of blocks: paragraphs (lines joined with spaces, list items on lines of their own; a 'Default value:'
    # line starts a new paragraph) and fenced code blocks (kept verbatim). Headings inside code blocks are code.
    param([string] $Path, [System.Collections.Generic.List[string]] $Problems)

    $fileName = Split-Path -Leaf $Path
    $document = [pscustomobject]@{ Title = $null; Sections = [ordered]@{} }
    $blocks = $null                # the block list that lines currently go to; $null before the first section
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $code = $null                  # lines of the open code block, if any
    $fence = $null
    $fenceLineNumber = 0

    $listItem = '^\s*([-*+]|\d+\.)\s'
    $flushParagraph = {
        if ($paragraph.Count -gt 0) {
            $text = $paragraph[0]
            foreach ($paragraphLine in $paragraph | Select-Object -Skip 1) {
                $text += ($paragraphLine -match $listItem ? "`n" : ' ') + $paragraphLine
            }
            $blocks.Add([pscustomobject]@{ IsCode = $false; Text = $text })
            $paragraph.Clear()
        }
    }

    $lineNumber = 0
    foreach ($line in Get-Content -LiteralPath $Path) {
        $lineNumber++
        if ($null -ne $code) {
            if ($line.Trim() -eq $fence) {
                $blocks.Add([pscustomobject]@{ IsCode = $true; Text = $code -join "`n" })
                $code = $null
            }
            else {
                $code.Add($line)
            }
            continue
        }
        if ($line -match '^(#{1,3})\s+(.+?)\s*$') {
            $level = $Matches[1].Length
            $heading = $Matches[2]
            if ($null -ne $blocks) { & $flushParagraph }
            if ($level -eq 1) {
                if ($null -ne $document.Title) { $Problems.Add("${fileName}:${lineNumber}: a second '# ' title.") }
                else { $document.Title = $heading }
                $blocks = $null
                continue
            }
            if ($level -eq 2) {
                $section = New-MarkdownSection $heading.ToUpperInvariant()
                if ($section.Name -notin $script:SectionNames) {
                    $Problems.Add("${fileName}:${lineNumber}: unknown section '## $heading'; known: $($script:SectionNames -join ', ').")
                }
                elseif ($document.Sections.Contains($section.Name)) {
                    $Problems.Add("${fileName}:${lineNumber}: section '## $heading' appears twice.")
                }
                else {
                    $document.Sections[$section.Name] = $section
                }
                $blocks = $section.Blocks
                continue
            }
            if ($null -eq $blocks) {
                $Problems.Add("${fileName}:${lineNumber}: '### $heading' is not inside a '## ' section.")
                continue
            }
            $subsection = [pscustomobject]@{ Name = $heading; Blocks = [System.Collections.Generic.List[object]]::new() }
            $section.Subsections.Add($subsection)
            $blocks = $subsection.Blocks
            continue
        }
        if ($null -eq $blocks) {
            if ($line.Trim()) { $Problems.Add("${fileName}:${lineNumber}: text outside any '## ' section.") }
            continue
        }
        if ($line -match '^\s*(`{3,}|~{3,})') {
            & $flushParagraph
            $fence = $Matches[1]
            $fenceLineNumber = $lineNumber
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if (-not $line.Trim()) {
            & $flushParagraph
            continue
        }
        if ($line -match '^Default value:') {
            & $flushParagraph
        }
        $paragraph.Add($line -match $listItem ? $line.TrimEnd() : $line.Trim())
    }
    if ($null -ne $code) {
        $Problems.Add("${fileName}:${fenceLineNumber}: this code block is never closed.")
    }
    elseif ($null -ne $blocks) {
        & $flushParagraph
    }
    return $document
}

function Get-MarkdownSection($Markdown, [string] $Name) {
    $Markdown.Sections.Contains($Name) ? $Markdown.Sections[$Name] : (New-MarkdownSection $Name)
}

function Get-TextBlock($Blocks) {
    # The paragraphs' text; a code block counts as one paragraph that keeps its line breaks.
    @(foreach ($block in $Blocks) { $block.Text })
}

function Format-SetFact([object[]] $Facts, [string] $Property) {
    # One value when every parameter set agrees, else 'Set1, Set2: value; Set3: other'.
    $groups = @($Facts | Group-Object -Property $Property)
    if ($groups.Count -eq 1) {
        return $groups[0].Name
    }
    $parts = foreach ($group in $groups) { '{0}: {1}' -f ($group.Group.Set -join ', '), $group.Name }
    return $parts -join '; '
}

function Get-SetParameterFact($SetParameter, [string] $SetName) {
    # Required, position and pipeline input of a parameter in one parameter set, as MAML attribute values.
    $pipelineKinds = @(
        if ($SetParameter.ByValue) { 'ByValue' }
        if ($SetParameter.ByPropertyName) { 'ByPropertyName' }
    )
    [pscustomobject]@{
        Set           = $SetName
        Required      = $SetParameter.IsMandatory ? 'true' : 'false'
        Position      = $SetParameter.Position -eq [int]::MinValue ? 'named' : [string] $SetParameter.Position
        PipelineInput = $pipelineKinds ? "True ($($pipelineKinds -join ', '))" : 'False'
    }
}

function New-CommandHelp {
    # Joins a cmdlet's metadata with its parsed md into the model that Write-MamlHelp writes,
    # adding a message to $Problems for everything the md lacks or gets wrong.
    param($Cmdlet, $Markdown, [string] $FileName, [System.Collections.Generic.List[string]] $Problems)

    $addProblem = { $Problems.Add("${FileName}: $($args[0])") }

    if ($Markdown.Title -ne $Cmdlet.Name) {
        & $addProblem "the title must be '# $($Cmdlet.Name)'."
    }
    foreach ($name in $script:SubsectionedSections) {
        if ((Get-MarkdownSection $Markdown $name).Blocks.Count -gt 0) {
            & $addProblem "'## $name' has text before its first '### ' heading."
        }
    }

    $synopsis = (Get-TextBlock (Get-MarkdownSection $Markdown 'SYNOPSIS').Blocks) -join ' '
    if (-not $synopsis) { & $addProblem "'## SYNOPSIS' is missing or empty." }

    $description = Get-TextBlock (Get-MarkdownSection $Markdown 'DESCRIPTION').Blocks
    if (-not $description) { & $addProblem "'## DESCRIPTION' is missing or empty." }

    $examples = @(foreach ($subsection in (Get-MarkdownSection $Markdown 'EXAMPLES').Subsections) {
            $codeBlocks = @($subsection.Blocks.Where({ $_.IsCode }))
            if ($codeBlocks.Count -ne 1) {
                & $addProblem "example '$($subsection.Name)' must have exactly one code block, has $($codeBlocks.Count)."
                continue
            }
            $codeIndex = $subsection.Blocks.IndexOf($codeBlocks[0])
            $remarks = Get-TextBlock ($subsection.Blocks | Select-Object -Skip ($codeIndex + 1))
            if ($codeIndex -gt 0) { & $addProblem "example '$($subsection.Name)' has text before its code block." }
            if (-not $remarks) { & $addProblem "example '$($subsection.Name)' has no explanation after its code block." }
            [pscustomobject]@{ Title = $subsection.Name; Code = $codeBlocks[0].Text; Remarks = $remarks }
        })
    if ($examples.Count -lt 2) {
        & $addProblem "has $($examples.Count) example(s) under '## EXAMPLES'; at least 2 are required."
    }

    $documented = [ordered]@{}
    foreach ($subsection in (Get-MarkdownSection $Markdown 'PARAMETERS').Subsections) {
        if ($subsection.Name -notmatch '^-(\w+)$') {
            & $addProblem "parameter heading '### $($subsection.Name)' must be '### -ParameterName'."
            continue
        }
        $name = $Matches[1]
        if ($documented.Contains($name)) {
            & $addProblem "parameter -$name is described twice."
            continue
        }
        $isDefaultValue = { -not $_.IsCode -and $_.Text -match '^Default value:' }
        $defaultValueBlock = $subsection.Blocks.Where($isDefaultValue, 'First')
        $documented[$name] = [pscustomobject]@{
            Description  = Get-TextBlock ($subsection.Blocks.Where({ -not (& $isDefaultValue) }))
            DefaultValue = $defaultValueBlock ? ($defaultValueBlock[0].Text -replace '^Default value:\s*') : $null
        }
    }

    $metadata = @{}
    foreach ($parameter in $Cmdlet.Parameters) { $metadata[$parameter.Name] = $parameter }
    foreach ($name in $documented.Keys) {
        if (-not $metadata.ContainsKey($name)) {
            & $addProblem "describes parameter -$name, which $($Cmdlet.Name) does not have."
        }
        elseif (-not $documented[$name].Description) {
            & $addProblem "parameter -$name has no description."
        }
    }
    foreach ($parameter in $Cmdlet.Parameters) {
        if (-not $documented.Contains($parameter.Name) -and -not $script:OptionalCommonParameterHelp.ContainsKey($parameter.Name)) {
            & $addProblem "parameter -$($parameter.Name) is not described under '## PARAMETERS'."
        }
    }

    # Documented parameters in md order, then the undocumented WhatIf/Confirm.
    $orderedNames = @(
        foreach ($name in $documented.Keys) { if ($metadata.ContainsKey($name)) { $name } }
        foreach ($parameter in $Cmdlet.Parameters) {
            if (-not $documented.Contains($parameter.Name) -and $script:OptionalCommonParameterHelp.ContainsKey($parameter.Name)) {
                $parameter.Name
            }
        })
    $parameters = foreach ($name in $orderedNames) {
        $parameter = $metadata[$name]
        $setFacts = foreach ($set in $Cmdlet.ParameterSets) {
            foreach ($setParameter in $set.Parameters.Where({ $_.Name -eq $name })) {
                Get-SetParameterFact $setParameter $set.Name
            }
        }
        $doc = $documented.Contains($name) ? $documented[$name] : $null
        [pscustomobject]@{
            Metadata     = $parameter
            Facts        = [pscustomobject]@{
                # Get-Help shows only 'true' or 'false' here; the syntax tells which sets require it.
                Required      = $setFacts.Required -contains 'true' ? 'true' : 'false'
                Position      = Format-SetFact $setFacts 'Position'
                PipelineInput = Format-SetFact $setFacts 'PipelineInput'
            }
            Description  = $doc ? $doc.Description : @($script:OptionalCommonParameterHelp[$name])
            DefaultValue = ($doc -and $doc.DefaultValue) ? $doc.DefaultValue : ($parameter.IsSwitch ? 'False' : 'None')
        }
    }

    # One syntax item per parameter set, the default set first; positional parameters in order, then mandatory ones.
    $syntax = foreach ($set in ($Cmdlet.ParameterSets | Sort-Object -Stable -Property { -not $_.IsDefault })) {
        $ordered = $set.Parameters | Sort-Object -Stable -Property @(
            { $_.Position -eq [int]::MinValue }
            { $_.Position }
            { -not $_.IsMandatory })
        [pscustomobject]@{
            Parameters = @(foreach ($setParameter in $ordered) {
                    [pscustomobject]@{
                        Metadata = $metadata[$setParameter.Name]
                        Facts    = Get-SetParameterFact $setParameter $set.Name
                    }
                })
        }
    }

    # Without an INPUTS section, the types of the parameters that take pipeline input.
    $inputs = if ($Markdown.Sections.Contains('INPUTS')) {
        foreach ($subsection in $Markdown.Sections['INPUTS'].Subsections) {
            [pscustomobject]@{ TypeName = $subsection.Name; Description = Get-TextBlock $subsection.Blocks }
        }
    }
    else {
        $pipedTypes = @($Cmdlet.ParameterSets | ForEach-Object Parameters | Where-Object { $_.ByValue -or $_.ByPropertyName } |
                ForEach-Object { $metadata[$_.Name].TypeName } | Select-Object -Unique)
        foreach ($typeName in ($pipedTypes ? $pipedTypes : 'None')) {
            [pscustomobject]@{ TypeName = $typeName; Description = @() }
        }
    }

    $outputDocs = @{}
    foreach ($subsection in (Get-MarkdownSection $Markdown 'OUTPUTS').Subsections) {
        $declared = $Cmdlet.OutputTypes.Where({ $_ -eq $subsection.Name -or ($_ -split '\.')[-1] -eq $subsection.Name }, 'First')
        if ($declared) {
            $outputDocs[$declared[0]] = Get-TextBlock $subsection.Blocks
        }
        elseif ($subsection.Name -eq 'None' -and $Cmdlet.OutputTypes.Count -eq 0) {
            $outputDocs['None'] = Get-TextBlock $subsection.Blocks
        }
        else {
            & $addProblem "output '### $($subsection.Name)' is not declared by an [OutputType] of $($Cmdlet.Name)."
        }
    }
    $outputNames = $Cmdlet.OutputTypes.Count -gt 0 ? $Cmdlet.OutputTypes : 'None'
    $outputs = foreach ($name in $outputNames) {
        [pscustomobject]@{ TypeName = $name; Description = $outputDocs.ContainsKey($name) ? $outputDocs[$name] : @() }
    }

    $links = foreach ($text in Get-TextBlock (Get-MarkdownSection $Markdown 'RELATED LINKS').Blocks) {
        $linkPattern = '\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)'
        if (($text -replace $linkPattern -replace '(^|\s)[-*+](?=\s|$)').Trim()) {
            & $addProblem "'## RELATED LINKS' may hold only [text](uri) links, found '$text'."
        }
        foreach ($match in [regex]::Matches($text, $linkPattern)) {
            [pscustomobject]@{ Text = $match.Groups['text'].Value; Uri = $match.Groups['uri'].Value }
        }
    }

    [pscustomobject]@{
        Name        = $Cmdlet.Name
        Verb        = $Cmdlet.Verb
        Noun        = $Cmdlet.Noun
        HelpFile    = $Cmdlet.HelpFile
        Synopsis    = $synopsis
        Description = $description
        Syntax      = @($syntax)
        Parameters  = @($parameters)
        Inputs      = @($inputs)
        Outputs     = @($outputs)
        Notes       = Get-TextBlock (Get-MarkdownSection $Markdown 'NOTES').Blocks
        Examples    = $examples
        Links       = @($links)
    }
}

function Write-StartElement([System.Xml.XmlWriter] $Writer, [string] $QualifiedName) {
    $prefix, $localName = $QualifiedName -split ':'
    $Writer.WriteStartElement($prefix, $localName, $script:Namespace[$prefix])
}

function Write-TextElement([System.Xml.XmlWriter] $Writer, [string] $QualifiedName, [string] $Text) {
    $prefix, $localName = $QualifiedName -split ':'
    $Writer.WriteElementString($prefix, $localName, $script:Namespace[$prefix], $Text)
}

function Write-ParagraphElement([System.Xml.XmlWriter] $Writer, [string] $QualifiedName, [string[]] $Paragraphs) {
    Write-StartElement $Writer $QualifiedName
    foreach ($paragraph in $Paragraphs) { Write-TextElement $Writer 'maml:para' $paragraph }
    $Writer.WriteEndElement()
}

function Write-TypeElement([System.Xml.XmlWriter] $Writer, [string] $TypeName) {
    Write-StartElement $Writer 'dev:type'
    Write-TextElement $Writer 'maml:name' $TypeName
    $Writer.WriteEndElement()
}

function Write-ParameterElement {
    # A command:parameter of a syntax item (no description, no default) or of the parameter list.
    param([System.Xml.XmlWriter] $Writer, $Parameter, [string[]] $Description, [string] $DefaultValue)

    $metadata = $Parameter.Metadata
    Write-StartElement $Writer 'command:parameter'
    $Writer.WriteAttributeString('required', $Parameter.Facts.Required)
    $Writer.WriteAttributeString('globbing', $metadata.SupportsWildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.Facts.PipelineInput)
    $Writer.WriteAttributeString('position', $Parameter.Facts.Position)
    $Writer.WriteAttributeString('aliases', $metadata.Aliases ? ($metadata.Aliases -join ', ') : 'none')
    Write-TextElement $Writer 'maml:name' $metadata.Name
    if ($PSBoundParameters.ContainsKey('Description')) {
        Write-ParagraphElement $Writer 'maml:description' $Description
    }
    if ($metadata.PossibleValues) {
        Write-StartElement $Writer 'command:parameterValueGroup'
        foreach ($value in $metadata.PossibleValues) {
            Write-StartElement $Writer 'command:parameterValue'
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not $metadata.IsSwitch) {
        Write-StartElement $Writer 'command:parameterValue'
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteString($metadata.ShortTypeName)
        $Writer.WriteEndElement()
    }
    Write-TypeElement $Writer $metadata.TypeName
    if ($PSBoundParameters.ContainsKey('DefaultValue')) {
        Write-TextElement $Writer 'dev:defaultValue' $DefaultValue
    }
    $Writer.WriteEndElement()
}

function Write-TypeListElement([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Items) {
    Write-StartElement $Writer $ListName
    foreach ($item in $Items) {
        Write-StartElement $Writer $ItemName
        Write-TypeElement $Writer $item.TypeName
        Write-ParagraphElement $Writer 'maml:description' $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandElement([System.Xml.XmlWriter] $Writer, $Help) {
    Write-StartElement $Writer 'command:command'
    foreach ($prefix in 'maml', 'dev') {
        $Writer.WriteAttributeString('xmlns', $prefix, $null, $script:Namespace[$prefix])
    }

    Write-StartElement $Writer 'command:details'
    Write-TextElement $Writer 'command:name' $Help.Name
    Write-TextElement $Writer 'command:verb' $Help.Verb
    Write-TextElement $Writer 'command:noun' $Help.Noun
    Write-ParagraphElement $Writer 'maml:description' $Help.Synopsis
    $Writer.WriteEndElement()

    Write-ParagraphElement $Writer 'maml:description' $Help.Description

    Write-StartElement $Writer 'command:syntax'
    foreach ($syntaxItem in $Help.Syntax) {
        Write-StartElement $Writer 'command:syntaxItem'
        Write-TextElement $Writer 'maml:name' $Help.Name
        foreach ($parameter in $syntaxItem.Parameters) { Write-ParameterElement $Writer $parameter }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Write-StartElement $Writer 'command:parameters'
    foreach ($parameter in $Help.Parameters) {
        Write-ParameterElement $Writer $parameter -Description $parameter.Description -DefaultValue $parameter.DefaultValue
    }
    $Writer.WriteEndElement()

    Write-TypeListElement $Writer 'command:inputTypes' 'command:inputType' $Help.Inputs
    Write-TypeListElement $Writer 'command:returnValues' 'command:returnValue' $Help.Outputs

    if ($Help.Notes) {
        Write-StartElement $Writer 'maml:alertSet'
        Write-ParagraphElement $Writer 'maml:alert' $Help.Notes
        $Writer.WriteEndElement()
    }

    Write-StartElement $Writer 'command:examples'
    foreach ($example in $Help.Examples) {
        Write-StartElement $Writer 'command:example'
        Write-TextElement $Writer 'maml:title' ('-------------------------- {0} --------------------------' -f $example.Title)
        Write-TextElement $Writer 'dev:code' $example.Code
        # The trailing empty paragraph puts a blank line between examples in Get-Help's output.
        Write-ParagraphElement $Writer 'dev:remarks' (@($example.Remarks) + '')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Write-StartElement $Writer 'command:relatedLinks'
    foreach ($link in $Help.Links) {
        Write-StartElement $Writer 'maml:navigationLink'
        Write-TextElement $Writer 'maml:linkText' $link.Text
        Write-TextElement $Writer 'maml:uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-MamlHelp([string] $Path, [object[]] $Commands) {
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($help in $Commands) { Write-CommandElement $writer $help }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

function Build-OpsModuleHelp {
    <#
    .SYNOPSIS
    Builds the MAML help file of a binary module from markdown docs and the built cmdlets' metadata.

    .DESCRIPTION
    Imports the built module in a child pwsh (so the caller's session never loads its assembly) and reads
    every exported cmdlet's parameter sets, parameters and [OutputType]s. Each cmdlet's prose comes from
    <DocsPath>/<Cmdlet-Name>.md (format: docs/en-US/README.md); syntax, types, positions, mandatory flags,
    pipeline input, aliases, wildcard support and possible values come from the metadata.

    Writes <OutputPath>/<assembly file name>-Help.xml (for example OpsModule.dll-Help.xml), the file
    Get-Help looks for. Throws, listing every problem, when a cmdlet has no md, an md lacks a synopsis or
    description, has fewer than two examples (each needs a code block and an explanation), leaves a
    parameter undescribed, describes a parameter the cmdlet does not have, documents an output type that no
    [OutputType] declares, or when an md names no exported cmdlet. Common parameters need no description;
    WhatIf and Confirm get a standard one unless the md gives one.

    .PARAMETER ModuleManifest
    Path to the built module's .psd1.

    .PARAMETER DocsPath
    Folder holding one <Cmdlet-Name>.md per exported cmdlet.

    .PARAMETER OutputPath
    Culture folder of the built module (for example out/OpsModule/en-US); created if missing.

    .OUTPUTS
    System.IO.FileInfo for each help file written.

    .EXAMPLE
    Import-Module ./tools/HelpBuilder.psm1
    Build-OpsModuleHelp -ModuleManifest out/OpsModule/OpsModule.psd1 -DocsPath docs/en-US -OutputPath out/OpsModule/en-US
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)]
        [string] $ModuleManifest,

        [Parameter(Mandatory)]
        [string] $DocsPath,

        [Parameter(Mandatory)]
        [string] $OutputPath
    )

    $manifestPath = (Resolve-Path -LiteralPath $ModuleManifest -ErrorAction Stop).ProviderPath
    $docsFolder = (Resolve-Path -LiteralPath $DocsPath -ErrorAction Stop).ProviderPath
    $moduleName = [System.IO.Path]::GetFileNameWithoutExtension($manifestPath)

    $cmdlets = @(Get-CmdletMetadata -ManifestPath $manifestPath)
    $problems = [System.Collections.Generic.List[string]]::new()
    if ($cmdlets.Count -eq 0) {
        $problems.Add("$moduleName exports no cmdlets.")
    }

    $docs = @{}
    foreach ($file in Get-ChildItem -LiteralPath $docsFolder -Filter '*-*.md' -File) { $docs[$file.BaseName] = $file }

    $helpItems = foreach ($cmdlet in $cmdlets) {
        $file = $docs[$cmdlet.Name]
        if (-not $file) {
            $problems.Add("$($cmdlet.Name): no help; expected $(Join-Path $docsFolder "$($cmdlet.Name).md").")
            continue
        }
        $docs.Remove($cmdlet.Name)
        $markdown = Read-HelpMarkdown -Path $file.FullName -Problems $problems
        New-CommandHelp -Cmdlet $cmdlet -Markdown $markdown -FileName $file.Name -Problems $problems
    }
    foreach ($file in $docs.Values) {
        $problems.Add("$($file.Name): '$($file.BaseName)' is not a cmdlet exported by $moduleName.")
    }

    if ($problems.Count -gt 0) {
        $message = "Help for $moduleName has $($problems.Count) problem(s):`n" + (($problems | ForEach-Object { "  - $_" }) -join "`n")
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new($message), 'HelpDocsIncomplete', 'InvalidData', $docsFolder))
    }

    $outputFolder = (New-Item -ItemType Directory -Path $OutputPath -Force).FullName
    foreach ($group in $helpItems | Group-Object -Property HelpFile) {
        $path = Join-Path $outputFolder $group.Name
        Write-MamlHelp -Path $path -Commands $group.Group
        Get-Item -LiteralPath $path
    }
}

Export-ModuleMember -Function Build-OpsModuleHelp
