using System.Text.RegularExpressions;
using System.Xml;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Refuses an SVG that refers to anything outside itself, before any renderer sees it. ImageMagick's
/// SVG reader resolves <c>&lt;image href&gt;</c>, <c>url(...)</c> and font names through its own
/// readers, so a reference could read a local file (<c>/home/x/secret.png</c>), a coder
/// (<c>text:</c>, <c>msl:</c>, <c>ephemeral:</c>) or a URL. Only same-document fragments
/// (<c>#id</c>) are allowed; DTDs (entities, XXE) and processing instructions (stylesheets) are
/// refused outright. The engine policy (<see cref="MagickSecurity"/>) is the second wall.
/// </summary>
internal static partial class SvgReferenceScanner
{
    /// <summary>SVG larger than this is not a drawing we need to render; it bounds the scan too.</summary>
    public const int MaxSvgBytes = 8 << 20;

    /// <summary>The first external reference found, or null when the document is self-contained.</summary>
    public static string? FindExternalReference(Stream svg)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            MaxCharactersInDocument = MaxSvgBytes,
        };
        try
        {
            using var reader = XmlReader.Create(svg, settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.ProcessingInstruction:
                        return $"processing instruction <?{reader.Name}?>";
                    case XmlNodeType.Element:
                        if (CheckAttributes(reader) is { } attribute) return attribute;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        if (CheckStyle(reader.Value) is { } style) return style;
                        break;
                }
            }
            return null;
        }
        catch (XmlException e)
        {
            // A DTD, an entity or broken XML: nothing we can prove self-contained.
            return $"content that cannot be checked ({e.Message})";
        }
    }

    private static string? CheckAttributes(XmlReader reader)
    {
        if (!reader.MoveToFirstAttribute()) return null;
        do
        {
            // ImageMagick's SVG reader compares names without case (HREF, xlink:HREF): so do we.
            string name = reader.LocalName.ToLowerInvariant(), value = reader.Value.Trim();
            if (reader.Prefix == "xmlns" || name == "xmlns") continue;
            if (name is "href" or "src" or "base" && !value.StartsWith('#'))
                return $"{reader.Name}=\"{value}\"";
            if (name is "font-family" or "font" && LooksLikePath(value))
                return $"{reader.Name}=\"{value}\"";
            if (CheckStyle(value) is { } style) return style;
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
        return null;
    }

    /// <summary>CSS inside attributes and &lt;style&gt;: url() must stay in the document; no @import, no font files.</summary>
    private static string? CheckStyle(string css)
    {
        foreach (Match m in UrlPattern().Matches(css))
            if (!m.Groups["target"].Value.Trim('\'', '"', ' ').StartsWith('#'))
                return m.Value;
        if (css.Contains("@import", StringComparison.OrdinalIgnoreCase)) return "@import";
        foreach (Match m in FontFamilyPattern().Matches(css))
            if (LooksLikePath(m.Groups["family"].Value))
                return m.Value;
        return null;
    }

    /// <summary>ImageMagick opens a font name with a path separator, '@' or a coder prefix as a file.</summary>
    private static bool LooksLikePath(string value) =>
        value.IndexOfAny(['/', '\\', '@', ':']) >= 0;

    [GeneratedRegex(@"url\s*\((?<target>[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"font(-family)?\s*:\s*(?<family>[^;""]*)", RegexOptions.IgnoreCase)]
    private static partial Regex FontFamilyPattern();
}
