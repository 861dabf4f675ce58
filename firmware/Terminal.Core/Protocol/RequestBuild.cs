namespace Terminal.Core.Protocol
{
    /// <summary>
    /// A signed request ready to send, or the reason it must not be sent. Validation happens
    /// before anything leaves the terminal; the first problem found is reported with its field.
    /// </summary>
    public sealed class RequestBuild
    {
        private RequestBuild()
        {
        }

        public bool Ok { get; private set; }

        /// <summary>The API path the request is for (e.g. /pay/micropay).</summary>
        public string Path { get; private set; }

        /// <summary>The signed parameters (sign included). Null when not Ok.</summary>
        public WxParams Params { get; private set; }

        /// <summary>The UTF-8 XML body to POST. Null when not Ok.</summary>
        public byte[] Body { get; private set; }

        /// <summary>The parameter that failed validation, or null.</summary>
        public string Field { get; private set; }

        /// <summary>What is wrong, in a sentence naming the field. Null when Ok.</summary>
        public string Error { get; private set; }

        /// <summary>Something suspicious that does not block the request (e.g. an unusual auth_code prefix).</summary>
        public string Warning { get; private set; }

        internal static RequestBuild Success(string path, WxParams parameters, byte[] body, string warning)
        {
            RequestBuild result = new RequestBuild();
            result.Ok = true;
            result.Path = path;
            result.Params = parameters;
            result.Body = body;
            result.Warning = warning;
            return result;
        }

        internal static RequestBuild Failure(string path, string field, string error)
        {
            RequestBuild result = new RequestBuild();
            result.Path = path;
            result.Field = field;
            result.Error = error;
            return result;
        }
    }
}
