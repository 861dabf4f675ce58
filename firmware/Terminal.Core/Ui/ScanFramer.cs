using Terminal.Core.Ports;

namespace Terminal.Core.Ui
{
    /// <summary>How the scanner ends a code.</summary>
    public enum Framing
    {
        /// <summary>CR (most scanners' factory setting).</summary>
        Cr = 0,
        Lf,
        CrLf,

        /// <summary>Any of CR, LF or CR LF (CR LF counts once).</summary>
        Any,
    }

    /// <summary>Why scanner input was discarded.</summary>
    public enum ScanProblem
    {
        /// <summary>A line with control or non-ASCII bytes (electrical noise, wrong baud rate, wrong framing).</summary>
        Noise = 0,

        /// <summary>A line longer than the buffer.</summary>
        TooLong,

        /// <summary>The same code again within the duplicate window (a double read).</summary>
        Duplicate,

        /// <summary>Bytes without an end of line for longer than the idle time-out.</summary>
        Incomplete,
    }

    /// <summary>Receives framed scanner lines (the cashier UI).</summary>
    public interface IScanHandler
    {
        void OnScan(string code);

        void OnScanProblem(ScanProblem problem);
    }

    /// <summary>
    /// Turns the scanner UART's bytes into codes: framing per <see cref="Framing"/>, a bounded
    /// buffer (longer lines are dropped whole, reported once), lines with control or non-ASCII
    /// bytes dropped as noise, printable ASCII only, leading/trailing spaces trimmed, empty lines
    /// ignored, a partial line abandoned after <see cref="IdleTimeoutMs"/> without bytes, and the
    /// same code within <see cref="DuplicateWindowMs"/> suppressed. Whether a code is wanted is the
    /// UI's decision. Not thread-safe: feed it from one thread.
    /// </summary>
    public sealed class ScanFramer
    {
        private readonly IClock clock;
        private readonly IScanHandler handler;
        private readonly char[] buffer;
        private int length;
        private bool overflow;
        private bool noise;
        private bool lastWasCr;
        private long lastByteMs = -1;
        private string lastCode;
        private long lastCodeMs;

        public ScanFramer(IClock clock, IScanHandler handler, int maxLength)
        {
            this.clock = clock;
            this.handler = handler;
            buffer = new char[maxLength < 8 ? 8 : maxLength];
            Framing = Framing.Cr;
            DuplicateWindowMs = 2000;
            IdleTimeoutMs = 500;
        }

        public Framing Framing { get; set; }

        /// <summary>The same code again within this time is a double read (default 2 s; 0 = off).</summary>
        public int DuplicateWindowMs { get; set; }

        /// <summary>A partial line older than this is dropped when the next byte comes (default 500 ms).</summary>
        public int IdleTimeoutMs { get; set; }

        public int MaxLength
        {
            get { return buffer.Length; }
        }

        /// <summary>Lines discarded so far (noise, too long, duplicates, incomplete).</summary>
        public int Discarded { get; private set; }

        public void Feed(byte[] data, int offset, int count)
        {
            long now = clock.MonotonicMs;
            if (lastByteMs >= 0 && now - lastByteMs > IdleTimeoutMs && (length > 0 || overflow || noise))
            {
                Problem(ScanProblem.Incomplete);
                Reset();
            }

            lastByteMs = now;
            for (int i = offset; i < offset + count; i++)
            {
                byte b = data[i];
                bool afterCr = lastWasCr;
                lastWasCr = b == 13;
                if (b == 13)
                {
                    if (Framing == Framing.Cr || Framing == Framing.Any)
                    {
                        EndLine();
                    }
                    else if (afterCr)
                    {
                        noise = true; // CR CR
                    }

                    continue; // Lf / CrLf: wait for the LF
                }

                if (b == 10)
                {
                    if (Framing == Framing.Lf || (Framing == Framing.CrLf && afterCr) || (Framing == Framing.Any && !afterCr))
                    {
                        EndLine();
                    }
                    else if (!afterCr)
                    {
                        noise = true; // a lone LF where CR ends lines (or CR LF is required)
                    }

                    continue; // Cr / Any: the LF of a CR LF pair is ignored
                }

                if (afterCr && (Framing == Framing.Lf || Framing == Framing.CrLf))
                {
                    noise = true; // a CR inside a line
                }

                if (b < 32 || b > 126)
                {
                    noise = true;
                    continue;
                }

                if (length == buffer.Length)
                {
                    overflow = true;
                    continue;
                }

                buffer[length++] = (char)b;
            }
        }

        private void EndLine()
        {
            if (overflow)
            {
                Problem(ScanProblem.TooLong);
            }
            else if (noise)
            {
                Problem(ScanProblem.Noise);
            }
            else
            {
                int start = 0;
                int end = length;
                while (start < end && buffer[start] == ' ')
                {
                    start++;
                }

                while (end > start && buffer[end - 1] == ' ')
                {
                    end--;
                }

                if (end > start)
                {
                    string code = new string(buffer, start, end - start);
                    long now = clock.MonotonicMs;
                    if (DuplicateWindowMs > 0 && lastCode != null && code == lastCode && now - lastCodeMs < DuplicateWindowMs)
                    {
                        lastCodeMs = now;
                        Problem(ScanProblem.Duplicate);
                    }
                    else
                    {
                        lastCode = code;
                        lastCodeMs = now;
                        Reset();
                        handler.OnScan(code);
                        return;
                    }
                }
            }

            Reset();
        }

        private void Problem(ScanProblem problem)
        {
            Discarded++;
            handler.OnScanProblem(problem);
        }

        private void Reset()
        {
            length = 0;
            overflow = false;
            noise = false;
        }
    }
}
