using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Terminal.Sandbox;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The power cut rehearsed with the real program, as docs/storage.md tells a technician to:
    /// `terminal simulate --data DIR`, a sale whose customer is still entering the password, the
    /// process killed (SIGKILL: nothing in memory survives, the terminal's flash folder and the
    /// built-in sandbox's ledger do), then the simulator started again on the same folder. Real
    /// time, real TLS to the sandbox: about 15-25 s.
    /// </summary>
    public sealed class PowerCutRehearsalTests : IDisposable
    {
        private readonly string data = Path.Combine(Path.GetTempPath(), "terminal-cut-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public void A_simulator_killed_during_the_password_wait_recovers_the_paid_sale_when_started_again()
        {
            // The customer confirms the payment 8 s after the micropay: after the kill, before recovery ends.
            string code = Scenario.Code(ScenarioKind.PaidAfter, 8, DateTime.UtcNow.Ticks);
            using (SimulatorProcess first = SimulatorProcess.Start(data))
            {
                first.Send("key 42 enter enter");
                first.Send("scan " + code);
                first.WaitFor("screen Password:", TimeSpan.FromSeconds(60));
                first.Kill();
            }

            string ledger = Path.Combine(data, "sandbox", SandboxServer.LedgerFileName);
            SandboxOrder order = Assert.Single(WeChatSandbox.ReadLedger(ledger));
            Assert.Equal(code, order.AuthCode);
            Assert.Equal(4200, order.TotalFee);
            Assert.Single(Directory.GetFiles(Path.Combine(data, "flash", "journal")));

            string output;
            using (SimulatorProcess second = SimulatorProcess.Start(data))
            {
                second.Send("console status");
                second.Send("console tx");
                second.Send("console unresolved");
                second.Send("quit");
                output = second.WaitForExit(TimeSpan.FromSeconds(120));
            }

            Assert.Contains("recovery at boot: 1 unfinished order(s): 1 paid, 0 nothing charged, 0 still unresolved", output);
            Assert.Contains("screen Recovered: [Unfinished sales] | PAID 1", output);
            Assert.Contains(order.OutTradeNo + " 42.00 CNY Paid Recovered wx " + order.TransactionId, output);
            Assert.Contains("no unresolved orders", output);
            Assert.Empty(Directory.GetFiles(Path.Combine(data, "flash", "journal")));
            SandboxOrder settled = Assert.Single(WeChatSandbox.ReadLedger(ledger));
            Assert.Equal("SUCCESS", settled.State);
            Assert.Equal(4200, settled.NetCharged);
        }

        /// <summary>`terminal simulate --data DIR --script` as a child process, fed line by line.</summary>
        private sealed class SimulatorProcess : IDisposable
        {
            private readonly Process process;
            private readonly List<string> lines = new List<string>();
            private readonly object gate = new object();

            private SimulatorProcess(Process process)
            {
                this.process = process;
            }

            public static SimulatorProcess Start(string data)
            {
                var info = new ProcessStartInfo("dotnet")
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "terminal.dll"));
                info.ArgumentList.Add("simulate");
                info.ArgumentList.Add("--data");
                info.ArgumentList.Add(data);
                info.ArgumentList.Add("--script");
                var sim = new SimulatorProcess(new Process { StartInfo = info });
                sim.process.OutputDataReceived += (_, e) => sim.Add(e.Data);
                sim.process.ErrorDataReceived += (_, e) => sim.Add(e.Data);
                sim.process.Start();
                sim.process.BeginOutputReadLine();
                sim.process.BeginErrorReadLine();
                return sim;
            }

            private void Add(string line)
            {
                if (line == null)
                {
                    return;
                }

                lock (gate)
                {
                    lines.Add(line);
                    Monitor.PulseAll(gate);
                }
            }

            public string Output
            {
                get
                {
                    lock (gate)
                    {
                        return string.Join("\n", lines);
                    }
                }
            }

            public void Send(string line)
            {
                process.StandardInput.WriteLine(line);
                process.StandardInput.Flush();
            }

            public void WaitFor(string start, TimeSpan timeout)
            {
                DateTime until = DateTime.UtcNow + timeout;
                lock (gate)
                {
                    while (!lines.Any(l => l.StartsWith(start, StringComparison.Ordinal)))
                    {
                        TimeSpan left = until - DateTime.UtcNow;
                        Assert.True(left > TimeSpan.Zero, "no line starting '" + start + "' in time; output:\n" + string.Join("\n", lines));
                        Monitor.Wait(gate, left);
                    }
                }
            }

            /// <summary>A power cut: SIGKILL, nothing flushed, nothing cleaned up.</summary>
            public void Kill()
            {
                process.Kill(true);
                process.WaitForExit();
            }

            public string WaitForExit(TimeSpan timeout)
            {
                Assert.True(process.WaitForExit((int)timeout.TotalMilliseconds), "the simulator did not quit; output:\n" + Output);
                process.WaitForExit();
                return Output;
            }

            public void Dispose()
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                }

                process.Dispose();
            }
        }
    }
}
