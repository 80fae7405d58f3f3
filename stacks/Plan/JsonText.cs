using System.Collections;
using System.Text;
using System.Text.Json;

namespace Platform.Stacks.Plan;

/// <summary>
/// A value as compact JSON, byte for byte what <c>JsonSerializer.Serialize</c> writes for it (the same writer,
/// the same default escaping), for the request bodies the generated scripts carry: strings, numbers, booleans,
/// lists, and objects as <see cref="Object"/> lists their fields. No reflection, so the program compiles ahead
/// of time with nothing trimmed from a body (README "Building": ./platform), and no serializer caches to build
/// on every start (they were a fifth of <c>./platform plan</c>'s time, measured).
/// </summary>
public static class JsonText
{
    /// <summary>A JSON object: its fields in the order given.</summary>
    public sealed record Fields(IReadOnlyList<(string Name, object? Value)> Items);

    public static Fields Object(params (string Name, object? Value)[] fields) => new(fields);

    public static string Of(object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
            Write(w, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case Fields o:
                w.WriteStartObject();
                foreach (var (name, field) in o.Items)
                {
                    w.WritePropertyName(name);
                    Write(w, field);
                }
                w.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> map: // a dictionary's fields, in its own order
                w.WriteStartObject();
                foreach (var (name, field) in map) w.WriteString(name, field);
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"JsonText writes strings, numbers, booleans, lists, string dictionaries and JsonText.Object, not {value.GetType().Name}.");
        }
    }
}
