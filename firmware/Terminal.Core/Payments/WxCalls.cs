using Terminal.Core.Crypto;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// The three calls to WeChat Pay, each read against what was asked (<see cref="Responses.Expectation"/>:
    /// merchant ids, order number, amount). A transport failure becomes an outcome too: a query or
    /// reverse with no answer is Unknown / ReverseAgain. Only a micropay's transport failure is
    /// thrown, because "never sent" and "maybe sent" lead to different things.
    /// <para>The sale flows read only an outcome's verdict and typed fields, and keep outcomes alive
    /// while they wait: micropay, query and reverse let the answer's parameters go
    /// (<see cref="WxOutcome.ReleaseParams"/>); only <see cref="QueryWithParams"/> keeps them.</para>
    /// </summary>
    internal sealed class WxCalls
    {
        private readonly MerchantAccount account;
        private readonly IRandomSource random;
        private readonly IWxGateway gateway;

        public WxCalls(MerchantAccount account, IRandomSource random, IWxGateway gateway)
        {
            this.account = account;
            this.random = random;
            this.gateway = gateway;
        }

        /// <summary>The host the last call went to (a re-submitted micropay goes to the same one).</summary>
        public string LastHost
        {
            get { return gateway.LastHost; }
        }

        /// <summary>When the last request's bytes were written (monotonic ms), or -1: see <see cref="IWxGateway.LastSentMs"/>.</summary>
        public long LastSentMs
        {
            get { return gateway.LastSentMs; }
        }

        /// <summary>Sends a signed micropay and reads the answer; throws <see cref="ConnectionException"/> when no answer came.</summary>
        public WxOutcome Micropay(byte[] body, string host, Responses.Expectation expected)
        {
            byte[] answer = gateway.Post(Endpoints.MicropayPath, body, host);
            // Responses.Parse's work without its frame: the parser runs one frame higher (docs/performance.md "Heap").
            FlatXmlResult parsed = answer.Length == 0 ? null : FlatXml.Parse(answer, 0, answer.Length, Responses.MaxAnswerBytes, Responses.MaxAnswerElements);
            answer = null; // the received bytes: the parameters hold what the signature covers
            WxOutcome outcome = Responses.ReadMicropay(parsed, expected);
            outcome.ReleaseParams();
            return outcome;
        }

        /// <summary>Queries the order, keeping the answer's parameters in the outcome (a refund reads transaction_id and fee_type of a refunded order).</summary>
        public WxOutcome QueryWithParams(JournalEntry entry)
        {
            return Query(entry, true);
        }

        /// <summary>
        /// Queries the order; the outcome carries its typed fields only unless
        /// <paramref name="keepParams"/> (see <see cref="QueryWithParams"/>). Memory
        /// (docs/performance.md "Heap"): the request is let go before the answer is read, the
        /// answer's bytes once they are parsed, and the sale flows call this with no wrapper frame
        /// on the stack while the signature is checked (a frame costs about 0.4 KB on the interpreter).
        /// </summary>
        public WxOutcome Query(JournalEntry entry, bool keepParams = false)
        {
            RequestBuild build = Requests.OrderQuery(account, entry.OutTradeNo, null, Nonce.Create(random));
            if (!build.Ok)
            {
                return WxOutcome.NoAnswer(WxApi.OrderQuery, build.Error);
            }

            try
            {
                byte[] answer = gateway.Post(Endpoints.OrderQueryPath, build.Body, null);
                build = null; // the request's parameters and body: not needed to read the answer
                // Responses.Parse's work without its frame: the parser runs one frame higher (docs/performance.md "Heap").
                FlatXmlResult parsed = answer.Length == 0 ? null : FlatXml.Parse(answer, 0, answer.Length, Responses.MaxAnswerBytes, Responses.MaxAnswerElements);
                answer = null;
                WxOutcome outcome = Responses.ReadOrderQuery(parsed, Expect(entry));
                if (!keepParams)
                {
                    outcome.ReleaseParams();
                }

                return outcome;
            }
            catch (ConnectionException ex)
            {
                return WxOutcome.NoAnswer(WxApi.OrderQuery, "no answer to the query (" + ex.Message + ")");
            }
        }

        public WxOutcome Reverse(JournalEntry entry)
        {
            entry.ReverseCalls++;
            RequestBuild build = Requests.Reverse(account, entry.OutTradeNo, null, Nonce.Create(random));
            if (!build.Ok)
            {
                return WxOutcome.NoAnswer(WxApi.Reverse, build.Error);
            }

            try
            {
                byte[] answer = gateway.Post(Endpoints.ReversePath, build.Body, null);
                build = null; // the request's parameters and body: not needed to read the answer
                // Responses.Parse's work without its frame: the parser runs one frame higher (docs/performance.md "Heap").
                FlatXmlResult parsed = answer.Length == 0 ? null : FlatXml.Parse(answer, 0, answer.Length, Responses.MaxAnswerBytes, Responses.MaxAnswerElements);
                answer = null;
                WxOutcome outcome = Responses.ReadReverse(parsed, Expect(entry));
                outcome.ReleaseParams();
                return outcome;
            }
            catch (ConnectionException ex)
            {
                return WxOutcome.NoAnswer(WxApi.Reverse, "no answer to the reverse (" + ex.Message + ")");
            }
        }

        /// <summary>申请退款 (mutual TLS) of one refund; no answer is Unknown (WeChat may have it).</summary>
        public RefundAnswer Refund(RefundOrder order, RefundRecord refund)
        {
            RequestBuild build = Requests.Refund(account, order.OutTradeNo, refund.OutRefundNo, order.TotalFee, refund.Fee, Nonce.Create(random));
            if (!build.Ok)
            {
                return RefundAnswers.NotSent(build.Error); // checked before the intent was committed: configuration changed since
            }

            try
            {
                byte[] answer = gateway.Post(Endpoints.RefundPath, build.Body, null);
                return RefundAnswers.ReadRefund(answer, 0, answer.Length, Expect(order, refund));
            }
            catch (ConnectionException ex)
            {
                return RefundAnswers.NoAnswer("no answer to the refund (" + ex.Message + ")");
            }
        }

        /// <summary>查询退款 by the refund's number; no answer is Unknown.</summary>
        public RefundAnswer RefundQuery(RefundOrder order, RefundRecord refund)
        {
            RequestBuild build = Requests.RefundQuery(account, refund.OutRefundNo, Nonce.Create(random));
            if (!build.Ok)
            {
                return RefundAnswers.NoAnswer(build.Error);
            }

            try
            {
                byte[] answer = gateway.Post(Endpoints.RefundQueryPath, build.Body, null);
                return RefundAnswers.ReadRefundQuery(answer, 0, answer.Length, Expect(order, refund));
            }
            catch (ConnectionException ex)
            {
                return RefundAnswers.NoAnswer("no answer to the refund query (" + ex.Message + ")");
            }
        }

        private RefundAnswers.Expectation Expect(RefundOrder order, RefundRecord refund)
        {
            return new RefundAnswers.Expectation(account, order.OutTradeNo, order.TotalFee, refund.OutRefundNo, refund.Fee);
        }

        private Responses.Expectation Expect(JournalEntry entry)
        {
            return new Responses.Expectation(account, entry.OutTradeNo, entry.TotalFee);
        }
    }
}
