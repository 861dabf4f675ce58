using System;
using System.Collections.Generic;

namespace Terminal.Tools.DeployImage
{
    /// <summary>Why an image does not hold exactly the expected assemblies.</summary>
    public enum ImageProblem
    {
        None,
        InputNotAnAssembly,
        InputSizeNotTotalSize,
        ImageTooShort,
        ImageDiffers,
        TailNotErased,
        ImageTooBig,
    }

    /// <summary>One assembly found where the nanoCLR would find it.</summary>
    public sealed class ImageEntry
    {
        public ImageEntry(int offset, NfAssembly assembly)
        {
            Offset = offset;
            Assembly = assembly;
        }

        public int Offset { get; }

        public NfAssembly Assembly { get; }

        public int PaddedSize => DeploymentImage.PaddedSize(Assembly.TotalSize);
    }

    /// <summary>
    /// The deployment image of a nanoFramework application: what nanoff writes to the ESP32's
    /// deployment partition with <c>--deploy --image X.bin --address A</c> (nanoFirmwareFlasher
    /// baccab8d, nanoFirmwareFlasher.Library/Esp32Operations.cs, DeployApplicationAsync: the file's
    /// bytes are written as they are, at A).
    ///
    /// Format, as Visual Studio's build writes it (nf-Visual-Studio-extension f2057022,
    /// Tools.BuildTasks-2019/GenerateBinaryOutputTask.cs, used by NFProjectSystem.MDP.targets'
    /// NanoGenerateBinaryOutput): the .pe file of every referenced assembly, then the application's,
    /// each followed by zero bytes up to a multiple of 4, nothing else (no header, no index).
    ///
    /// How the nanoCLR reads it (nf-interpreter a3e8139a, src/CLR/Startup/CLRStartup.cpp,
    /// ContiguousBlockAssemblies): from the partition's start, a good header starts an assembly
    /// of ROUNDTOMULTIPLE(TotalSize, 4) bytes; after a bad header it moves on by one header size
    /// (124 bytes), to the partition's end. Every good assembly found is loaded, so bytes left
    /// after the image by an earlier, longer deployment can still be loaded: see <see cref="Fill"/>.
    /// </summary>
    public static class DeploymentImage
    {
        public const int Alignment = 4;
        public const byte Padding = 0x00;
        public const byte Erased = 0xFF;

        public static int PaddedSize(int size)
        {
            return (size + Alignment - 1) / Alignment * Alignment;
        }

        /// <summary>The image, byte for byte as Visual Studio's GenerateBinaryOutputTask writes it for the same .pe files in the same order.</summary>
        public static byte[] Build(IList<byte[]> peFiles)
        {
            int length = 0;
            foreach (byte[] pe in peFiles)
            {
                length += PaddedSize(pe.Length);
            }

            byte[] image = new byte[length];
            int at = 0;
            foreach (byte[] pe in peFiles)
            {
                Array.Copy(pe, 0, image, at, pe.Length);
                for (int i = pe.Length; i < PaddedSize(pe.Length); i++)
                {
                    image[at + i] = Padding;
                }

                at += PaddedSize(pe.Length);
            }

            return image;
        }

        /// <summary>
        /// The image followed by erased-flash bytes (0xFF) up to <paramref name="size"/>: written
        /// at the partition's start it replaces whatever an earlier deployment left in those bytes
        /// (nanoff erases and writes only the sectors the file covers), and 0xFF is what the
        /// nanoCLR skips as "no assembly here".
        /// </summary>
        public static byte[] Fill(byte[] image, int size)
        {
            if (image.Length > size)
            {
                throw new ArgumentException(Describe(ImageProblem.ImageTooBig) + ": " + image.Length + " > " + size + " bytes");
            }

            byte[] filled = new byte[size];
            Array.Copy(image, filled, image.Length);
            for (int i = image.Length; i < size; i++)
            {
                filled[i] = Erased;
            }

            return filled;
        }

        /// <summary>The assemblies the nanoCLR would load from a deployment partition holding <paramref name="partition"/> (its scan, step for step).</summary>
        public static List<ImageEntry> Scan(byte[] partition)
        {
            List<ImageEntry> found = new List<ImageEntry>();
            int at = 0;
            while (partition.Length - at >= NfAssembly.HeaderSize)
            {
                if (!HeaderLooksGood(partition, at))
                {
                    at += NfAssembly.HeaderSize;
                    continue;
                }

                long totalSize = NfAssembly.ReadTotalSize(partition, at);
                if (totalSize < NfAssembly.HeaderSize || totalSize > partition.Length - at)
                {
                    break;
                }

                int size = PaddedSize((int)totalSize);
                if (size > partition.Length - at)
                {
                    break;
                }

                if (NfAssembly.TryRead(partition, at, size, out NfAssembly? assembly) == AssemblyProblem.None && assembly != null)
                {
                    found.Add(new ImageEntry(at, assembly));
                }

                at += size;
            }

            return found;
        }

        /// <summary>
        /// Checks that <paramref name="image"/> is exactly the image of <paramref name="peFiles"/>
        /// (in that order, each a good assembly whose file size is its TotalSize), optionally
        /// followed by erased bytes only. <paramref name="detail"/> says where it went wrong.
        /// </summary>
        public static ImageProblem Verify(byte[] image, IList<byte[]> peFiles, out string detail)
        {
            detail = string.Empty;
            for (int i = 0; i < peFiles.Count; i++)
            {
                AssemblyProblem problem = NfAssembly.TryRead(peFiles[i], 0, peFiles[i].Length, out NfAssembly? assembly);
                if (problem != AssemblyProblem.None || assembly == null)
                {
                    detail = "input " + i + ": " + problem;
                    return ImageProblem.InputNotAnAssembly;
                }

                if (assembly.TotalSize != peFiles[i].Length)
                {
                    detail = "input " + i + ": file " + peFiles[i].Length + " bytes, assembly " + assembly.TotalSize;
                    return ImageProblem.InputSizeNotTotalSize;
                }
            }

            byte[] expected = Build(peFiles);
            if (image.Length < expected.Length)
            {
                detail = image.Length + " < " + expected.Length + " bytes";
                return ImageProblem.ImageTooShort;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (image[i] != expected[i])
                {
                    detail = "first difference at byte " + i;
                    return ImageProblem.ImageDiffers;
                }
            }

            for (int i = expected.Length; i < image.Length; i++)
            {
                if (image[i] != Erased)
                {
                    detail = "byte " + i + " is 0x" + image[i].ToString("X2");
                    return ImageProblem.TailNotErased;
                }
            }

            return ImageProblem.None;
        }

        public static string Describe(ImageProblem problem)
        {
            switch (problem)
            {
                case ImageProblem.None: return "the image holds exactly the given .pe files";
                case ImageProblem.InputNotAnAssembly: return "a .pe file is not a good nanoFramework assembly";
                case ImageProblem.InputSizeNotTotalSize: return "a .pe file's length is not its assembly size";
                case ImageProblem.ImageTooShort: return "the image is shorter than the .pe files it should hold";
                case ImageProblem.ImageDiffers: return "the image differs from the .pe files (stale build or wrong order)";
                case ImageProblem.TailNotErased: return "the image has bytes after its assemblies that are not erased flash (0xFF)";
                case ImageProblem.ImageTooBig: return "the image is bigger than the deployment partition";
                default: return "unknown problem";
            }
        }

        private static bool HeaderLooksGood(byte[] data, int at)
        {
            // The nanoCLR's GoodHeader: marker, header CRC and string table version, nothing about the size.
            AssemblyProblem problem = NfAssembly.TryRead(data, at, data.Length - at, out NfAssembly? _);
            return problem != AssemblyProblem.BadMarker && problem != AssemblyProblem.BadHeaderCrc
                && problem != AssemblyProblem.BadStringTableVersion && problem != AssemblyProblem.TooShort;
        }
    }
}
