using System.Text;

namespace Platform.Tests.Shared;

/// <summary>Edits of a stack file's text for the scale benchmarks.</summary>
public static class StackText
{
    /// <summary>Adds distinct TXT records right under <c>records:</c>, keeping the file otherwise as it is.</summary>
    public static string WithExtraDnsRecords(string yaml, int count)
    {
        const string anchor = "    records:\n";
        var at = yaml.IndexOf(anchor, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("no 'records:' list in the stack file");
        var extra = new StringBuilder();
        for (var i = 0; i < count; i++)
            extra.Append($"      - {{ name: bench-{i}, type: TXT, content: \"bench record {i}\" }}\n");
        return yaml.Insert(at + anchor.Length, extra.ToString());
    }
}
