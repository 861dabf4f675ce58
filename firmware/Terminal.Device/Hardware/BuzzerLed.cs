using System;
using System.Device.Gpio;
using System.Threading;

namespace Terminal.Device.Hardware
{
    /// <summary>
    /// An active buzzer (on/off through an NPN transistor; the 1.x listings have no PWM, and an
    /// active buzzer needs none) and a two-colour LED (green, red; both = amber). Patterns play on
    /// this class's own thread, so callers never block; a new pattern replaces the one playing.
    /// </summary>
    public sealed class BuzzerLed : IDisposable
    {
        private readonly GpioPin buzzer;
        private readonly GpioPin green;
        private readonly GpioPin red;
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private readonly object gate = new object();
        private readonly Thread player;
        private int[] pending;
        private int generation;
        private bool running = true;

        public BuzzerLed(GpioController gpio, int buzzerPin, int greenPin, int redPin)
        {
            buzzer = gpio.OpenPin(buzzerPin, PinMode.Output);
            green = gpio.OpenPin(greenPin, PinMode.Output);
            red = gpio.OpenPin(redPin, PinMode.Output);
            buzzer.Write(PinValue.Low);
            green.Write(PinValue.Low);
            red.Write(PinValue.Low);
            player = new Thread(new ThreadStart(Run));
            player.Start();
        }

        /// <summary>
        /// Plays <paramref name="onOffMs"/>: sound for the first duration, silence for the second,
        /// and so on. Returns at once; replaces any pattern still playing.
        /// </summary>
        public void Play(int[] onOffMs)
        {
            lock (gate)
            {
                pending = onOffMs;
                generation++;
            }

            wake.Set();
        }

        public void SetLed(bool greenOn, bool redOn)
        {
            green.Write(greenOn ? PinValue.High : PinValue.Low);
            red.Write(redOn ? PinValue.High : PinValue.Low);
        }

        public void Dispose()
        {
            running = false;
            wake.Set();
            buzzer.Write(PinValue.Low);
            buzzer.Dispose();
            green.Dispose();
            red.Dispose();
        }

        private void Run()
        {
            while (running)
            {
                wake.WaitOne();
                int[] pattern;
                int mine;
                lock (gate)
                {
                    pattern = pending;
                    mine = generation;
                }

                if (pattern == null)
                {
                    continue;
                }

                for (int i = 0; i < pattern.Length && running; i++)
                {
                    buzzer.Write(i % 2 == 0 ? PinValue.High : PinValue.Low);
                    int left = pattern[i];
                    while (left > 0 && running)
                    {
                        int step = left > 20 ? 20 : left;
                        Thread.Sleep(step);
                        left -= step;
                        lock (gate)
                        {
                            if (generation != mine)
                            {
                                left = 0;
                                i = pattern.Length;
                            }
                        }
                    }
                }

                buzzer.Write(PinValue.Low);
                lock (gate)
                {
                    if (generation != mine)
                    {
                        // A newer pattern arrived while this one played: start it now.
                        wake.Set();
                    }
                }
            }
        }
    }
}
