using System;

namespace Terminal.Core.Net
{
    /// <summary>Where a connection failed, which decides whether a request may have reached the server.</summary>
    public enum ConnectionStage
    {
        /// <summary>Name resolution failed: nothing was sent.</summary>
        Dns,

        /// <summary>TCP connect failed or timed out: nothing was sent.</summary>
        Connect,

        /// <summary>TLS handshake failed (certificate, clock, protocol): nothing was sent.</summary>
        Handshake,

        /// <summary>Writing the request failed: part or all of it may have been sent.</summary>
        Send,

        /// <summary>Reading the answer failed or timed out: the request was sent.</summary>
        Receive,
    }

    /// <summary>A transport failure, with the stage that tells "not sent" (retry) from "maybe sent" (query).</summary>
    public class ConnectionException : Exception
    {
        public ConnectionException(ConnectionStage stage, string message)
            : base(message)
        {
            Stage = stage;
        }

        public ConnectionException(ConnectionStage stage, string message, Exception innerException)
            : base(message, innerException)
        {
            Stage = stage;
        }

        public ConnectionStage Stage { get; }

        /// <summary>True for Dns, Connect and Handshake: the request certainly did not leave.</summary>
        public bool NothingSent
        {
            get { return Stage == ConnectionStage.Dns || Stage == ConnectionStage.Connect || Stage == ConnectionStage.Handshake; }
        }

        /// <summary>True when the failure was a time-out.</summary>
        public bool TimedOut { get; set; }

        /// <summary>The stage as text for messages (enum names are not kept on the device).</summary>
        public static string StageName(ConnectionStage stage)
        {
            switch (stage)
            {
                case ConnectionStage.Dns:
                    return "DNS";
                case ConnectionStage.Connect:
                    return "connect";
                case ConnectionStage.Handshake:
                    return "TLS handshake";
                case ConnectionStage.Send:
                    return "send";
                default:
                    return "receive";
            }
        }

        /// <summary>
        /// True when the exchange was ended on purpose (<see cref="Http11Client.Interrupt"/>, the
        /// cashier's cancel), not by the network: it says nothing about the server.
        /// </summary>
        public bool Interrupted { get; set; }
    }
}
