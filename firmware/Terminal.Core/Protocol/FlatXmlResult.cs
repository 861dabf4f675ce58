namespace Terminal.Core.Protocol
{
    /// <summary>
    /// Outcome of <see cref="FlatXml.Parse(byte[], int, int, int)"/>: either the parameters of the
    /// document, or an error message naming the problem and where it is. Never both.
    /// </summary>
    public sealed class FlatXmlResult
    {
        private readonly WxParams parameters;
        private readonly string error;
        private readonly int errorOffset;

        private FlatXmlResult(WxParams parameters, string error, int errorOffset)
        {
            this.parameters = parameters;
            this.error = error;
            this.errorOffset = errorOffset;
        }

        internal static FlatXmlResult Success(WxParams parameters)
        {
            return new FlatXmlResult(parameters, null, -1);
        }

        internal static FlatXmlResult Failure(string error, int errorOffset)
        {
            return new FlatXmlResult(null, error, errorOffset);
        }

        /// <summary>True when the document was read; Params is then set and Error is null.</summary>
        public bool Ok
        {
            get { return error == null; }
        }

        /// <summary>The elements of the document in document order, or null on error.</summary>
        public WxParams Params
        {
            get { return parameters; }
        }

        /// <summary>
        /// Null on success; otherwise a one-line English message for logs and technicians, e.g.
        /// "DOCTYPE is not allowed (byte 39)" or "duplicate element 'sign' (byte 120)".
        /// </summary>
        public string Error
        {
            get { return error; }
        }

        /// <summary>
        /// Byte offset of the problem from the start of the document (0-based, i.e. relative to
        /// the offset passed to Parse), or -1 when there is no single position (success, bad
        /// arguments, oversize document).
        /// </summary>
        public int ErrorOffset
        {
            get { return errorOffset; }
        }
    }
}
