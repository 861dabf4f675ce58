using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Terminal.Simulator.Sim;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// Console commands in the simulator, above all 'reboot' (issue 13 item 5: it crashed the
    /// interactive simulator with a NullReferenceException, and froze the console port). The
    /// invariant: every host callback (the interactive view redraws from the display and console
    /// callbacks, a tick thread runs) only ever sees a fully started core, and a reboot happens
    /// after the command returned, in both console modes (standard input and --console-port).
    /// </summary>
    public sealed class SimulatorRebootTests : IDisposable
    {
        private readonly Rig rig;
        private readonly VirtualClock clock = new VirtualClock();
        private int halfStartedSeen;

        public SimulatorRebootTests()
        {
            clock.Advance(1000);
            rig = Rig.Start(TestRigs.InProcess("reboot", clock));
        }

        public void Dispose() => TestRigs.Stop(rig);

        /// <summary>What the interactive view reads on every redraw.</summary>
        private void LikeTheInteractiveView()
        {
            var app = rig.App;
            if (app.Ui == null || app.Outbox == null || app.Engine == null || app.Console == null)
            {
                Interlocked.Increment(ref halfStartedSeen);
                return;
            }

            _ = app.Ui.Screen.ToText() + app.Outbox.Status().Depth + app.Engine.PendingCount;
        }

        [Fact]
        public void Reboot_from_the_standard_input_console_restarts_a_whole_core()
        {
            var before = rig.App;
            var output = new ObservingWriter(LikeTheInteractiveView);
            var script = new StringReader("console pin set 2468\nconsole login 2468\nconsole reboot\nconsole status\nscreen\n");
            int code = SimulateCommand.RunScript(rig, script, output, Path.Combine(rig.Options.DataFolder, "x.png"));
            Assert.Equal(0, code);
            Assert.Equal(0, halfStartedSeen);
            Assert.Equal(1, rig.System.Reboots);
            Assert.NotSame(before, rig.App);
            string text = output.ToString();
            Assert.Contains("rebooting", text);
            Assert.Contains("uptime:", text); // 'status' answered by the new core
            Assert.Contains("screen ", text);
            Assert.False(rig.App.Console.LoggedIn);
        }

        [Fact]
        public void Reboot_from_the_console_port_restarts_and_the_port_keeps_answering()
        {
            var before = rig.App;
            rig.Display.Shown = (s, b) => LikeTheInteractiveView();
            rig.ConsoleOutput.Forward = _ => LikeTheInteractiveView();
            using var ticks = new Timer(_ => SimulateCommand.SafeTick(rig), null, 0, 5);
            TcpListener listener = SimulateCommand.StartConsolePort(rig, 0, TextWriter.Null);
            try
            {
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                using var client = new TcpClient("127.0.0.1", port);
                client.ReceiveTimeout = 10000;
                NetworkStream stream = client.GetStream();
                byte[] send = Encoding.ASCII.GetBytes("pin set 2468\r\nlogin 2468\r\nreboot\r\n");
                stream.Write(send, 0, send.Length);
                string got = ReadUntil(stream, "rebooting\r\nok\r\n");
                Assert.Contains("rebooting", got);
                SpinWait.SpinUntil(() => !ReferenceEquals(before, rig.App), 10000);
                send = Encoding.ASCII.GetBytes("time\r\n");
                stream.Write(send, 0, send.Length);
                Assert.Contains("uptime:", ReadUntil(stream, "ok\r\n"));
                Assert.Equal(1, rig.System.Reboots);
                Assert.NotSame(before, rig.App);
                Assert.Equal(0, halfStartedSeen);
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>The script mode prints every screen and console line: each print looks at the core like a redraw.</summary>
        private sealed class ObservingWriter : StringWriter
        {
            private readonly Action observe;

            public ObservingWriter(Action observe) => this.observe = observe;

            public override void Write(string value)
            {
                observe();
                base.Write(value);
            }

            public override void WriteLine(string value)
            {
                observe();
                base.WriteLine(value);
            }
        }

        private static string ReadUntil(NetworkStream stream, string end)
        {
            var text = new StringBuilder();
            var buffer = new byte[512];
            while (!text.ToString().Contains(end, StringComparison.Ordinal))
            {
                int n = stream.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            return text.ToString();
        }
    }
}
