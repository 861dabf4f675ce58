using System;
using System.IO;
using System.Text;
using System.Threading;
using nanoFramework.Runtime.Native;
using Terminal.Core.Timing;

namespace Terminal.Device.Platform
{
    /// <summary>
    /// Restart after a fatal error, with a boot counter against boot loops. The rules (counting,
    /// back-off, crash-log trimming) are the core's <see cref="BootBackoff"/>; this adapter only
    /// reads and writes <c>I:\terminal-device\boot</c> and <c>crash.log</c>, runs the healthy
    /// timer and reboots.
    /// <list type="bullet">
    /// <item>Every boot counts; <see cref="BootBackoff.HealthyAfterMs"/> without a fatal error
    /// resets the counter.</item>
    /// <item>A fatal error (an exception that escaped a component thread, a failed start-up) is
    /// logged, appended to the bounded crash log (readable from the console), and the device
    /// reboots after <see cref="BootBackoff.DelayMinutes"/>.</item>
    /// </list>
    /// Payments are safe across reboots: the core's journal recovers unresolved orders at start-up.
    /// </summary>
    public sealed class BootGuard
    {
        private const string Folder = "I:\\terminal-device";
        private const string CounterFile = Folder + "\\boot";
        private const string CrashFile = Folder + "\\crash.log";

        private readonly object gate = new object();
        private Timer healthy;
        private bool fatal;

        /// <summary>Consecutive boots without reaching the healthy mark, this one included.</summary>
        public int UnhealthyBoots { get; private set; }

        /// <summary>Called when a fatal error is about to reboot the device (show it on the display), minutes of delay.</summary>
        public FatalNotice Notice { get; set; }

        public delegate void FatalNotice(string what, int delayMinutes);

        /// <summary>Counts this boot; call first thing in Main.</summary>
        public void CountBoot()
        {
            byte[] stored = null;
            try
            {
                if (!Directory.Exists(Folder))
                {
                    Directory.CreateDirectory(Folder);
                }

                if (File.Exists(CounterFile))
                {
                    stored = File.ReadAllBytes(CounterFile);
                }
            }
            catch (Exception ex)
            {
                DeviceLog.Error("boot counter unreadable", ex);
            }

            UnhealthyBoots = BootBackoff.NextCount(stored);
            try
            {
                WriteCount(UnhealthyBoots);
            }
            catch (Exception ex)
            {
                DeviceLog.Error("boot counter unavailable", ex);
            }

            healthy = new Timer(new TimerCallback(MarkHealthy), null, BootBackoff.HealthyAfterMs, Timeout.Infinite);
        }

        /// <summary>
        /// Logs <paramref name="ex"/> as fatal and reboots (after the back-off delay). Never returns
        /// normally on the device.
        /// </summary>
        public void Fatal(string where, Exception ex)
        {
            lock (gate)
            {
                if (fatal)
                {
                    return;
                }

                fatal = true;
            }

            string what = where + ": " + DeviceLog.Describe(ex);
            DeviceLog.Error("FATAL " + where, ex);
            AppendCrash(what);

            int delayMinutes = BootBackoff.DelayMinutes(UnhealthyBoots);
            FatalNotice notice = Notice;
            if (notice != null)
            {
                try
                {
                    notice(what, delayMinutes);
                }
                catch (Exception)
                {
                }
            }

            if (delayMinutes > 0)
            {
                DeviceLog.Warn("boot loop guard: " + UnhealthyBoots + " unhealthy boots, rebooting in " + delayMinutes + " min");
                Thread.Sleep(delayMinutes * 60000);
            }

            DeviceLog.Warn("rebooting");
            Power.RebootDevice(RebootOption.NormalReboot);
        }

        /// <summary>Runs <paramref name="body"/> and treats any exception escaping it as fatal (thread entry points).</summary>
        public ThreadStart Guard(string where, ThreadStart body)
        {
            Guarded guarded = new Guarded(this, where, body);
            return new ThreadStart(guarded.Run);
        }

        /// <summary>The crash log's text (for the technician console), or an empty string.</summary>
        public static string ReadCrashLog()
        {
            try
            {
                if (File.Exists(CrashFile))
                {
                    byte[] bytes = File.ReadAllBytes(CrashFile);
                    return new string(Encoding.UTF8.GetChars(bytes));
                }
            }
            catch (Exception)
            {
            }

            return string.Empty;
        }

        private void MarkHealthy(object state)
        {
            lock (gate)
            {
                if (fatal)
                {
                    return;
                }
            }

            try
            {
                WriteCount(0);
                DeviceLog.Info("healthy: boot counter reset");
            }
            catch (Exception ex)
            {
                DeviceLog.Error("cannot reset the boot counter", ex);
            }

            Timer timer = healthy;
            if (timer != null)
            {
                timer.Dispose();
            }
        }

        private static void WriteCount(int count)
        {
            // A torn write is harmless: an unreadable counter reads as 0.
            File.WriteAllBytes(CounterFile, BootBackoff.EncodeCount(count));
        }

        private static void AppendCrash(string what)
        {
            try
            {
                string line = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss") + "Z up " + (Environment.TickCount64 / 1000).ToString() + "s " + what + "\n";
                byte[] old = File.Exists(CrashFile) ? File.ReadAllBytes(CrashFile) : null;
                byte[] next = BootBackoff.AppendCrash(old, Encoding.UTF8.GetBytes(line));
                File.WriteAllBytes(CrashFile, next);
            }
            catch (Exception)
            {
                // The crash log is best effort: a full or broken flash must not stop the reboot.
            }
        }

        private sealed class Guarded
        {
            private readonly BootGuard guard;
            private readonly string where;
            private readonly ThreadStart body;

            public Guarded(BootGuard guard, string where, ThreadStart body)
            {
                this.guard = guard;
                this.where = where;
                this.body = body;
            }

            public void Run()
            {
                try
                {
                    body();
                }
                catch (Exception ex)
                {
                    guard.Fatal(where, ex);
                }
            }
        }
    }
}
