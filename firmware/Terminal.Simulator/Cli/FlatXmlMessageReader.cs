using Terminal.Core.Protocol;

namespace Terminal.Simulator.Cli
{
    /// <summary>The device's own XML codec (Terminal.Core FlatXml): verify reads exactly what the terminal would.</summary>
    public sealed class FlatXmlMessageReader : IMessageReader
    {
        public WxParams? Read(byte[] data, out string? error)
        {
            FlatXmlResult result = FlatXml.Parse(data);
            error = result.Ok ? null : result.Error;
            return result.Ok ? result.Params : null;
        }
    }
}
