using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Terminal.Tools.DeployImage
{
    /// <summary>
    /// deploy-image build --bin OUT.bin --deploy-bin OUT.deploy.bin PE...
    ///   writes the deployment image of the .pe files (in the given order: dependencies first,
    ///   the application last), and the same image filled with 0xFF to the 4 MB table's deploy
    ///   partition; reads both back and checks them; prints the sizes against the ESP32 4 MB and
    ///   8 MB partition tables. Exit 1 on any problem or when the image leaves less than half of
    ///   the 4 MB board's deploy partition free.
    ///   Each assembly's native checksum is checked against the firmware docs/flashing.md names
    ///   (<see cref="Firmware.Documented"/>): exit 1 when the nanoCLR of that firmware would refuse
    ///   an assembly or lacks its native code.
    /// deploy-image verify IMAGE PE...
    ///   exit 0 when IMAGE holds exactly these .pe files (then only erased bytes).
    /// deploy-image check-firmware DEVICEDETAILS.txt PE...
    ///   compares the .pe files' native checksums with a board's, as saved from
    ///   `nanoff --nanodevice --serialport PORT --devicedetails`; exit 0 when every one matches.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            try
            {
                if (args.Length >= 1 && args[0] == "build")
                {
                    return Build(args);
                }

                if (args.Length >= 3 && args[0] == "verify")
                {
                    return Verify(args[1], ReadAll(Sub(args, 2)));
                }

                if (args.Length >= 3 && args[0] == "check-firmware")
                {
                    return CheckFirmware(args[1], Sub(args, 2));
                }
            }
            catch (IOException e)
            {
                Console.Error.WriteLine("deploy-image: " + e.Message);
                return 1;
            }

            Console.Error.WriteLine("usage: deploy-image build --bin OUT.bin --deploy-bin OUT.deploy.bin PE... | verify IMAGE PE... | check-firmware DEVICEDETAILS.txt PE...");
            return 2;
        }

        private static int Build(string[] args)
        {
            string? bin = null;
            string? deployBin = null;
            List<string> peFiles = new List<string>();
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--bin" && i + 1 < args.Length)
                {
                    bin = args[++i];
                }
                else if (args[i] == "--deploy-bin" && i + 1 < args.Length)
                {
                    deployBin = args[++i];
                }
                else
                {
                    peFiles.Add(args[i]);
                }
            }

            if (bin == null || deployBin == null || peFiles.Count == 0)
            {
                Console.Error.WriteLine("deploy-image build: --bin, --deploy-bin and at least one .pe file are required");
                return 2;
            }

            List<byte[]> pes = ReadAll(peFiles);
            byte[] image = DeploymentImage.Build(pes);
            if (image.Length > Esp32Partitions.FillSize)
            {
                Console.Error.WriteLine("deploy-image: " + DeploymentImage.Describe(ImageProblem.ImageTooBig) + ": "
                    + image.Length + " bytes > " + Esp32Partitions.FillSize + " (" + Esp32Partitions.FourMb.Name + ")");
                return 1;
            }

            File.WriteAllBytes(bin, image);
            File.WriteAllBytes(deployBin, DeploymentImage.Fill(image, Esp32Partitions.FillSize));

            // Check what was written, from the disk, as the nanoCLR will see it.
            if (Verify(bin, pes) != 0 || Verify(deployBin, pes) != 0)
            {
                return 1;
            }

            List<ImageEntry> scanned = DeploymentImage.Scan(File.ReadAllBytes(deployBin));
            if (scanned.Count != pes.Count)
            {
                Console.Error.WriteLine("deploy-image: the nanoCLR's scan of " + deployBin + " finds " + scanned.Count
                    + " assemblies, not " + pes.Count);
                return 1;
            }

            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,8} {2,9}  {3,-10} {4,-10} {5}", "assembly (load order)", "offset", ".pe bytes", "native", "version", "firmware"));
            int peTotal = 0;
            List<string> firmwareProblems = new List<string>();
            for (int i = 0; i < scanned.Count; i++)
            {
                ImageEntry entry = scanned[i];
                string name = entry.Assembly.Name ?? Path.GetFileNameWithoutExtension(peFiles[i]);
                string onFirmware = Firmware.Documented.Describe(name, entry.Assembly.NativeChecksum);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} 0x{1:X6} {2,9:N0}  {3,-10} {4,-10} {5}", name, entry.Offset, entry.Assembly.TotalSize,
                    Hex(entry.Assembly.NativeChecksum), entry.Assembly.Version, onFirmware));
                peTotal += entry.Assembly.TotalSize;
                NativeMatch match = Firmware.Documented.Check(name, entry.Assembly.NativeChecksum);
                if (match == NativeMatch.Mismatch || match == NativeMatch.NotInFirmware)
                {
                    firmwareProblems.Add(name + " " + Hex(entry.Assembly.NativeChecksum) + ": " + onFirmware);
                }
            }

            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} assemblies, {1:N0} bytes of .pe; image {2:N0} bytes ({3})", pes.Count, peTotal, image.Length, Path.GetFileName(bin)));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: the same image + 0xFF to {1:N0} bytes (overwrites any earlier deployment)", Path.GetFileName(deployBin), Esp32Partitions.FillSize));

            bool fits = true;
            foreach (PartitionTable table in Esp32Partitions.All)
            {
                int free = table.DeploySize - image.Length;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0} table: deploy partition 0x{1:X6}, {2:N0} bytes: image uses {3:P1}, margin {4:N0} bytes",
                    table.Name, table.DeployOffset, table.DeploySize, (double)image.Length / table.DeploySize, free));
            }

            double freeShare = (double)(Esp32Partitions.FourMb.DeploySize - image.Length) / Esp32Partitions.FourMb.DeploySize;
            if (freeShare < Esp32Partitions.MinimumFreeShare)
            {
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "deploy-image: the image leaves {0:P1} of the {1} deploy partition free; the budget is at least {2:P0}",
                    freeShare, Esp32Partitions.FourMb.Name, Esp32Partitions.MinimumFreeShare));
                fits = false;
            }

            Console.WriteLine("firmware: " + Firmware.Documented.Description + ": "
                + (firmwareProblems.Count == 0 ? "every native checksum matches" : firmwareProblems.Count + " assembly(ies) do not match"));
            foreach (string problem in firmwareProblems)
            {
                Console.Error.WriteLine("deploy-image: WARNING: this image cannot run on the firmware docs/flashing.md names: " + problem
                    + " (move the package to a version whose checksum that firmware has, or document a firmware that has it)");
            }

            return fits && firmwareProblems.Count == 0 ? 0 : 1;
        }

        private static int CheckFirmware(string deviceDetailsPath, List<string> peFiles)
        {
            Firmware? board = Firmware.FromDeviceDetails(File.ReadAllText(deviceDetailsPath));
            if (board == null)
            {
                Console.Error.WriteLine("deploy-image: " + deviceDetailsPath + " has no \"Native Assemblies:\" section: save the output of nanoff --nanodevice --serialport PORT --devicedetails");
                return 2;
            }

            int problems = 0;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,-10} {2,-10} {3}", "assembly", "native", "board", "result"));
            foreach (string path in peFiles)
            {
                byte[] pe = File.ReadAllBytes(path);
                AssemblyProblem problem = NfAssembly.TryRead(pe, 0, pe.Length, out NfAssembly? assembly);
                if (problem != AssemblyProblem.None || assembly == null)
                {
                    Console.Error.WriteLine("deploy-image: " + path + ": not a nanoFramework assembly (" + problem + ")");
                    return 2;
                }

                string name = assembly.Name ?? Path.GetFileNameWithoutExtension(path);
                uint? onBoard = board.ChecksumOf(name);
                NativeMatch match = board.Check(name, assembly.NativeChecksum);
                if (match == NativeMatch.Mismatch || match == NativeMatch.NotInFirmware)
                {
                    problems++;
                }

                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,-10} {2,-10} {3}", name, Hex(assembly.NativeChecksum),
                    onBoard == null ? "-" : Hex(onBoard.Value), board.Describe(name, assembly.NativeChecksum)));
            }

            Console.WriteLine(problems == 0
                ? "check-firmware: the board's firmware has every native checksum these assemblies need"
                : "check-firmware: " + problems + " assembly(ies) will not run on this board's firmware (docs/flashing.md, section 1)");
            return problems == 0 ? 0 : 1;
        }

        private static string Hex(uint checksum)
        {
            return checksum == 0 ? "-" : "0x" + checksum.ToString("X8", CultureInfo.InvariantCulture);
        }

        private static int Verify(string imagePath, List<byte[]> pes)
        {
            ImageProblem problem = DeploymentImage.Verify(File.ReadAllBytes(imagePath), pes, out string detail);
            if (problem != ImageProblem.None)
            {
                Console.Error.WriteLine("deploy-image: " + imagePath + ": " + DeploymentImage.Describe(problem) + " (" + detail + ")");
                return 1;
            }

            return 0;
        }

        private static List<byte[]> ReadAll(List<string> paths)
        {
            List<byte[]> all = new List<byte[]>();
            foreach (string path in paths)
            {
                all.Add(File.ReadAllBytes(path));
            }

            return all;
        }

        private static List<string> Sub(string[] args, int from)
        {
            List<string> list = new List<string>();
            for (int i = from; i < args.Length; i++)
            {
                list.Add(args[i]);
            }

            return list;
        }
    }
}
