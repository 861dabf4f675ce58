namespace Terminal.Core.Payments
{
    /// <summary>
    /// Posts one signed WeChat Pay request and returns the answer body. The production gateway is
    /// <see cref="WxHttpsGateway"/> (HTTP/1.1 over the TLS connector, with domain failover); tests
    /// plug in an in-process fake WeChat. Throws <see cref="Terminal.Core.Net.ConnectionException"/>
    /// when no answer arrived: its Stage tells "nothing sent" (Dns/Connect/Handshake) from "maybe
    /// sent" (Send/Receive). An HTTP status other than 200 is a Receive failure (the server got it).
    /// </summary>
    public interface IWxGateway
    {
        /// <param name="path">/pay/micropay, /pay/orderquery or /secapi/pay/reverse (mutual TLS).</param>
        /// <param name="body">The signed UTF-8 XML body.</param>
        /// <param name="host">null to let the failover policy choose; otherwise exactly this host
        /// (a re-submitted micropay goes where the original went: never re-ordered on the other domain).</param>
        /// <returns>The answer body (exactly its length).</returns>
        byte[] Post(string path, byte[] body, string host);

        /// <summary>The host the last <see cref="Post"/> went to (or tried to).</summary>
        string LastHost { get; }
    }
}
