using System;
using System.IO.Ports;
using System.Threading;
using Terminal.Device.Platform;

namespace Terminal.Device.Hardware
{
    /// <summary>Receives raw bytes from a <see cref="SerialLine"/> (on the line's own delivery thread).</summary>
    public delegate void BytesHandler(byte[] data, int offset, int count);

    /// <summary>
    /// A UART (COM2 scanner, COM3 technician console) delivering raw bytes to the core, which does
    /// all framing, validation and duplicate suppression. nanoFramework raises
    /// <see cref="SerialPort.DataReceived"/> on its event thread, shared with GPIO and the other
    /// ports, when bytes arrive and when <see cref="WatchChar"/> (the scanner's CR) arrives; the
    /// handler only copies what is buffered into a bounded ring and wakes this line's delivery
    /// thread, so a slow consumer (a console command doing flash or network work) never stalls
    /// the event thread. When the ring is full the newest bytes are dropped and counted
    /// (<see cref="Dropped"/>): the core's framer then discards the damaged line as noise.
    /// Read and write time-outs are set (nanoFramework's default is infinite).
    /// </summary>
    public sealed class SerialLine : IDisposable
    {
        private readonly string portName;
        private readonly int baudRate;
        private readonly byte[] ring;
        private readonly byte[] chunk;
        private readonly byte[] delivery;
        private readonly object gate = new object();
        private readonly object writeGate = new object();
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private SerialPort port;
        private Thread pump;
        private int head;
        private int count;
        private char watchChar = '\r';
        private bool running;

        /// <param name="portName">"COM2" or "COM3" (pins mapped with Configuration.SetPinFunction before Open).</param>
        /// <param name="baudRate">9600 for the reference scanner, 115200 for the console.</param>
        /// <param name="ringBytes">Bytes buffered between the event thread and the consumer.</param>
        public SerialLine(string portName, int baudRate, int ringBytes)
        {
            this.portName = portName;
            this.baudRate = baudRate;
            ring = new byte[ringBytes];
            chunk = new byte[64];
            delivery = new byte[64];
        }

        /// <summary>Called with received bytes on the line's delivery thread. Set before <see cref="Open"/>.</summary>
        public BytesHandler Received;

        /// <summary>The byte whose arrival raises a WatchChar event (the scanner's end of line); settable while open.</summary>
        public char WatchChar
        {
            get
            {
                return watchChar;
            }

            set
            {
                watchChar = value;
                SerialPort open = port;
                if (open != null)
                {
                    open.WatchChar = value;
                }
            }
        }

        /// <summary>Bytes dropped because the consumer was too slow (ring full), since open.</summary>
        public int Dropped { get; private set; }

        /// <summary>Read or write errors (time-outs, UART faults) since open.</summary>
        public int Errors { get; private set; }

        public string PortName
        {
            get { return portName; }
        }

        public void Open()
        {
            port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            port.Handshake = Handshake.None;
            port.ReadBufferSize = 512;
            port.ReadTimeout = 100;
            port.WriteTimeout = 1000;
            port.WatchChar = watchChar;
            port.ReceivedBytesThreshold = 1;
            port.DataReceived += OnDataReceived;
            port.Open();

            running = true;
            pump = new Thread(new ThreadStart(Pump));
            pump.Start();
        }

        /// <summary>Writes bytes (blocking up to the write time-out); errors are counted, never thrown.</summary>
        public void Write(byte[] data, int offset, int length)
        {
            SerialPort open = port;
            if (open == null || length <= 0)
            {
                return;
            }

            lock (writeGate)
            {
                try
                {
                    open.Write(data, offset, length);
                }
                catch (Exception)
                {
                    Errors++;
                }
            }
        }

        /// <summary>
        /// Writes all of <paramref name="data"/> in chunks, each bounded by the port's write
        /// time-out, giving up once <paramref name="timeoutMs"/> have passed. False, with the
        /// reason, when the port is not open, a write failed or the time ran out; never throws.
        /// </summary>
        public bool WriteAll(byte[] data, int timeoutMs, out string error)
        {
            const int Chunk = 128;
            long deadline = Environment.TickCount64 + timeoutMs;
            for (int at = 0; at < data.Length; at += Chunk)
            {
                SerialPort open = port;
                if (open == null)
                {
                    error = portName + " is not open";
                    return false;
                }

                if (Environment.TickCount64 > deadline)
                {
                    error = "time-out after " + (timeoutMs / 1000).ToString() + " s (" + at.ToString() + " of " + data.Length.ToString() + " bytes sent)";
                    return false;
                }

                lock (writeGate)
                {
                    try
                    {
                        open.Write(data, at, data.Length - at < Chunk ? data.Length - at : Chunk);
                    }
                    catch (Exception e)
                    {
                        Errors++;
                        error = portName + " write failed: " + e.Message;
                        return false;
                    }
                }
            }

            error = null;
            return true;
        }

        public void Dispose()
        {
            running = false;
            wake.Set();
            SerialPort open = port;
            port = null;
            if (open != null)
            {
                try
                {
                    open.DataReceived -= OnDataReceived;
                    open.Close();
                    open.Dispose();
                }
                catch (Exception)
                {
                }
            }
        }

        // nanoFramework event thread: copy, never block, never call into the core.
        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            SerialPort open = port;
            if (open == null)
            {
                return;
            }

            try
            {
                int available = open.BytesToRead;
                while (available > 0)
                {
                    int read = open.Read(chunk, 0, available < chunk.Length ? available : chunk.Length);
                    if (read <= 0)
                    {
                        break;
                    }

                    Enqueue(chunk, read);
                    available = open.BytesToRead;
                }
            }
            catch (Exception)
            {
                Errors++;
            }

            wake.Set();
        }

        private void Enqueue(byte[] data, int length)
        {
            lock (gate)
            {
                for (int i = 0; i < length; i++)
                {
                    if (count == ring.Length)
                    {
                        Dropped += length - i;
                        return;
                    }

                    ring[(head + count) % ring.Length] = data[i];
                    count++;
                }
            }
        }

        private void Pump()
        {
            while (running)
            {
                wake.WaitOne(500, false);
                while (running)
                {
                    int taken = 0;
                    lock (gate)
                    {
                        while (count > 0 && taken < delivery.Length)
                        {
                            delivery[taken++] = ring[head];
                            head = (head + 1) % ring.Length;
                            count--;
                        }
                    }

                    if (taken == 0)
                    {
                        break;
                    }

                    BytesHandler handler = Received;
                    if (handler != null)
                    {
                        try
                        {
                            handler(delivery, 0, taken);
                        }
                        catch (Exception ex)
                        {
                            // The core reports its own errors; a throw here must not kill the line.
                            DeviceLog.Error(portName + " consumer failed", ex);
                        }
                    }
                }
            }
        }
    }
}
