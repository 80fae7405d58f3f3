namespace Platform.Stacks.Plan;

/// <summary>What every remote command shares: SSH with the stack's private key, inputs on stdin, and secret output.</summary>
public static class RemoteCommands
{
    /// <summary>The connection's private key: a secret input of every remote command.</summary>
    public const string PrivateKeyInput = "connection.privateKey";

    /// <summary>Command outputs that may echo secrets; the components mark them secret.</summary>
    public static readonly string[] SecretOutputs = ["stdout", "stderr"];
}
