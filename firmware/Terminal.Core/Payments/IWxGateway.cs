namespace Terminal.Core.Payments
{
    /// <summary>
    /// Posts one signed WeChat Pay request and returns the answer body. The production gateway is
    /// <see cref="WxHttpsGateway"/> (HTTP/1.1 over the TLS connector, with domain failover); tests
    /// plug in an in-process fake WeChat. Throws <see cref="Terminal.Core.Net.ConnectionException"/>
    /// when no answer arrived: its Stage tells "nothing sent" (Dns/Connect/Handshake) from "maybe
    /// sent" (Send/Receive). An HTTP status other than 200 is a Receive failure (the server got it).
    /// A gateway never re-sends a request on its own: every request that may have reached WeChat
    /// is one the engine made and counted.
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

        /// <summary>
        /// Monotonic time at which the last <see cref="Post"/>'s request was completely written
        /// (after DNS, connect and TLS handshake), or -1 when it was not. WeChat's timing rules
        /// (the 15 s before a reverse, the query deadline) count from this moment.
        /// </summary>
        long LastSentMs { get; }

        /// <summary>
        /// Thread-safe (the cashier's cancel): ends the exchange in progress at once and makes
        /// later posts fail before sending (an interrupted ConnectionException) until
        /// <see cref="ResetInterrupt"/>.
        /// </summary>
        void Interrupt();

        /// <summary>Lets posts through again after <see cref="Interrupt"/>.</summary>
        void ResetInterrupt();

        /// <summary>
        /// Opens (or checks) the connection the next micropay will use — the cashier is keying an
        /// amount — so the scan finds it warm and the sale costs one round trip, not a handshake.
        /// Sends nothing and never throws; a connection the server closed or that stayed idle too
        /// long is never used for a request (it is replaced). Gateways without a transport do nothing.
        /// </summary>
        void Warm();
    }
}
