using System;
using System.IO;
using System.Text;
using System.Threading;
using nanoFramework.Runtime.Native;

namespace Terminal.Device.Platform
{
    /// <summary>
    /// Restart policy after a fatal error, with a boot counter against boot loops.
    /// <list type="bullet">
    /// <item>Every boot increments a counter kept in <c>I:\terminal-device\boot</c>; once the
    /// firmware has run <see cref="HealthyAfterMs"/> without a fatal error the counter is reset.</item>
    /// <item>A fatal error (an exception that escaped a component thread, a failed start-up) is
    /// logged with the time and uptime, appended to a bounded crash log
    /// (<c>I:\terminal-device\crash.log</c>, last ~4 KB, readable from the console), and the device
    /// reboots: immediately for the first <see cref="QuickReboots"/> consecutive unhealthy boots,
    /// then after a delay that doubles up to <see cref="MaxDelayMinutes"/> minutes. The delay keeps a
    /// terminal with a persistent fault (bad provisioning, full flash, broken hardware) from
    /// rebooting in a tight loop, while the console stays usable to fix it; an unattended terminal
    /// with a transient fault still comes back on its own.</item>
    /// </list>
    /// Payments are safe across reboots: the core's journal recovers unresolved orders at start-up.
    /// </summary>
    public sealed class BootGuard
    {
        public const int QuickReboots = 3;
        public const int MaxDelayMinutes = 30;
        public const int HealthyAfterMs = 5 * 60 * 1000;

        private const string Folder = "I:\\terminal-device";
        private const string CounterFile = Folder + "\\boot";
        private const string CrashFile = Folder + "\\crash.log";
        private const int CrashLogMax = 4096;

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
            int count = 0;
            try
            {
                if (!Directory.Exists(Folder))
                {
                    Directory.CreateDirectory(Folder);
                }

                if (File.Exists(CounterFile))
                {
                    count = ParseCount(File.ReadAllBytes(CounterFile));
                }

                WriteCount(count + 1);
            }
            catch (Exception ex)
            {
                DeviceLog.Error("boot counter unavailable", ex);
            }

            UnhealthyBoots = count + 1;
            healthy = new Timer(new TimerCallback(MarkHealthy), null, HealthyAfterMs, Timeout.Infinite);
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

            int delayMinutes = DelayMinutes(UnhealthyBoots);
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

        /// <summary>0 for the first <see cref="QuickReboots"/> boots, then 1, 2, 4... capped at <see cref="MaxDelayMinutes"/>.</summary>
        public static int DelayMinutes(int unhealthyBoots)
        {
            if (unhealthyBoots <= QuickReboots)
            {
                return 0;
            }

            int delay = 1;
            for (int i = QuickReboots + 1; i < unhealthyBoots && delay < MaxDelayMinutes; i++)
            {
                delay *= 2;
            }

            return delay > MaxDelayMinutes ? MaxDelayMinutes : delay;
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
            File.WriteAllBytes(CounterFile, Encoding.UTF8.GetBytes(count.ToString()));
        }

        private static int ParseCount(byte[] bytes)
        {
            int value = 0;
            for (int i = 0; i < bytes.Length && i < 6; i++)
            {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return 0;
                }

                value = value * 10 + digit;
            }

            return value;
        }

        private static void AppendCrash(string what)
        {
            try
            {
                string line = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss") + "Z up " + (Environment.TickCount64 / 1000).ToString() + "s " + what + "\n";
                byte[] old = File.Exists(CrashFile) ? File.ReadAllBytes(CrashFile) : new byte[0];
                byte[] add = Encoding.UTF8.GetBytes(line);
                int keep = old.Length + add.Length > CrashLogMax ? CrashLogMax - add.Length : old.Length;
                if (keep < 0)
                {
                    keep = 0;
                }

                byte[] next = new byte[keep + add.Length];
                Array.Copy(old, old.Length - keep, next, 0, keep);
                Array.Copy(add, 0, next, keep, add.Length);
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
