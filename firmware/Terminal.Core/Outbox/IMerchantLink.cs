namespace Terminal.Core.Outbox
{
    /// <summary>
    /// How the forwarder reaches the merchant server: one signed JSON POST, one answer. The device
    /// and PC use HttpMerchantLink over the core's HTTP/1.1 client and a TLS
    /// connector; device tests use an in-memory fake server. Holds no protocol logic.
    /// </summary>
    public interface IMerchantLink
    {
        /// <summary>
        /// POSTs <paramref name="body"/> (application/json) to <paramref name="path"/> with the
        /// headers X-Terminal-Id and X-Signature, and returns the answer. Throws
        /// <see cref="Terminal.Core.Net.ConnectionException"/> when no answer arrived.
        /// </summary>
        LinkReply Post(string path, string terminalId, string signature, byte[] body);
    }

    /// <summary>The merchant server's HTTP answer: status, body and its X-Signature header.</summary>
    public sealed class LinkReply
    {
        public LinkReply(int status, byte[] body, string signature)
        {
            Status = status;
            Body = body == null ? new byte[0] : body;
            Signature = signature;
        }

        public int Status { get; private set; }

        public byte[] Body { get; private set; }

        /// <summary>The X-Signature header, or null.</summary>
        public string Signature { get; private set; }
    }
}
