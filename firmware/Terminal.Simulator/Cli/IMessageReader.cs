using Terminal.Core.Protocol;

namespace Terminal.Simulator.Cli
{
    /// <summary>Reads a WeChat Pay v2 XML message into parameters (the verify command's only XML dependency).</summary>
    public interface IMessageReader
    {
        /// <summary>The message's elements in document order, or null with <paramref name="error"/> set.</summary>
        WxParams? Read(byte[] data, out string? error);
    }
}
