namespace Terminal.Core.Payments
{
    /// <summary>
    /// A gateway that can post a background request (the 交易保障 report) with a shorter connect
    /// and answer time-out than a payment's, over the same connection (one per host), and without
    /// telling the failover policy about its failures: a background call never changes where a
    /// sale goes. Gateways without it (test fakes) get a plain <see cref="IWxGateway.Post"/>.
    /// </summary>
    public interface IBackgroundPost
    {
        /// <summary>As <see cref="IWxGateway.Post"/> to the host the failover policy picks now, waiting at most <paramref name="timeoutMs"/> to connect and again for the answer.</summary>
        byte[] PostBackground(string path, byte[] body, int timeoutMs);
    }
}
