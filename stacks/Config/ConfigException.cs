namespace Platform.Stacks.Config;

/// <summary>The stack cannot be read at all (missing file, malformed YAML): one message for a person.</summary>
public sealed class ConfigException(string message) : Exception(message);
