using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Stacks.Plan;

/// <summary>
/// A structured input (a Traefik middleware's spec) in full as one line of JSON, keys sorted, numbers in
/// their shortest invariant form: the same data gives the same text whichever side built it (the plan's
/// dictionaries, or what Pulumi registered: immutable maps and arrays of doubles).
/// </summary>
public static class CanonicalJson
{
    public static string Write(object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
            Value(w, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Value(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int or long or short or byte or uint or ulong or decimal:
                w.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!); break;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                w.WriteRawValue(d == Math.Floor(d) && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                w.WriteStartObject();
                foreach (var key in map.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Value(w, map[key]);
                }
                w.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object>> pairs:
                w.WriteStartObject();
                foreach (var (key, item) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Value(w, item);
                }
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) Value(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
