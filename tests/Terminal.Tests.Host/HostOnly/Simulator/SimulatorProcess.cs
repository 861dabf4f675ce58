using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// `terminal simulate --data DIR --script` as a child process, fed line by line (the real
    /// program: its own sandbox over TLS with the ledger on disk, its own merchant server). A kill
    /// is a power cut: SIGKILL, nothing flushed.
    /// </summary>
    internal sealed class SimulatorProcess : IDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = new List<string>();
        private readonly object gate = new object();

        private SimulatorProcess(Process process)
        {
            this.process = process;
        }

        /// <summary>Starts the simulator on <paramref name="data"/>; <paramref name="environment"/>: its test hooks (docs/sandbox.md).</summary>
        public static SimulatorProcess Start(string data, params (string Name, string Value)[] environment)
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
            foreach ((string name, string value) in environment)
            {
                info.Environment[name] = value;
            }

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

        /// <summary>How many lines have come so far (a mark for <see cref="LinesSince"/>).</summary>
        public int Mark
        {
            get
            {
                lock (gate)
                {
                    return lines.Count;
                }
            }
        }

        public List<string> LinesSince(int mark)
        {
            lock (gate)
            {
                return lines.Skip(mark).ToList();
            }
        }

        public void Send(string line)
        {
            process.StandardInput.WriteLine(line);
            process.StandardInput.Flush();
        }

        /// <summary>Waits for a line starting with <paramref name="start"/> after <paramref name="mark"/>; returns it.</summary>
        public string WaitFor(string start, TimeSpan timeout, int mark = 0)
        {
            DateTime until = DateTime.UtcNow + timeout;
            lock (gate)
            {
                while (true)
                {
                    string found = lines.Skip(mark).FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));
                    if (found != null)
                    {
                        return found;
                    }

                    TimeSpan left = until - DateTime.UtcNow;
                    Assert.True(left > TimeSpan.Zero && !process.HasExited, "no line starting '" + start + "' in time; output:\n" + string.Join("\n", lines));
                    Monitor.Wait(gate, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
                }
            }
        }

        /// <summary>A console command: its answer's lines (up to and with its `ok` / `error:` line).</summary>
        public List<string> Console(string command, int timeoutSeconds = 60)
        {
            int mark = Mark;
            Send("console " + command);
            DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(timeoutSeconds);
            lock (gate)
            {
                while (true)
                {
                    List<string> since = lines.Skip(mark).ToList();
                    int end = since.FindIndex(l => l == "ok" || l.StartsWith("error: ", StringComparison.Ordinal));
                    if (end >= 0)
                    {
                        return since.Take(end + 1).ToList();
                    }

                    TimeSpan left = until - DateTime.UtcNow;
                    Assert.True(left > TimeSpan.Zero && !process.HasExited, "no answer to '" + command + "' in time; output:\n" + string.Join("\n", lines));
                    Monitor.Wait(gate, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
                }
            }
        }

        /// <summary>Repeats a console command until one of its answers has a line containing <paramref name="expected"/>.</summary>
        public List<string> ConsoleUntil(string command, string expected, TimeSpan timeout)
        {
            DateTime until = DateTime.UtcNow + timeout;
            while (true)
            {
                List<string> answer = Console(command);
                if (answer.Any(l => l.Contains(expected, StringComparison.Ordinal)))
                {
                    return answer;
                }

                Assert.True(DateTime.UtcNow < until, "'" + command + "' never answered '" + expected + "'; last answer:\n" + string.Join("\n", answer) + "\noutput:\n" + Output);
                Thread.Sleep(500);
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
