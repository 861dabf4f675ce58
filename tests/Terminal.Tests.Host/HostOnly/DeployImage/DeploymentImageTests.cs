using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Terminal.Tools.DeployImage;
using Xunit;

namespace Terminal.Tests.HostOnly.DeployImage
{
    /// <summary>
    /// The deployment image builder (tools/DeployImage, run by .ci/device-image) on small made-up
    /// assemblies: the format Visual Studio writes, the nanoCLR's scan of a deployment partition,
    /// and the checks that catch a stale or corrupt image. Real .pe files are checked by
    /// .ci/device-image on every CI run.
    /// </summary>
    public class DeploymentImageTests
    {
        [Fact]
        public void Crc_is_the_nanoclr_crc32_msb_first_without_final_xor()
        {
            // CRC-32/CKSUM of "123456789" is 0x765E7680 with its final XOR; the nanoCLR has none.
            byte[] check = Encoding.ASCII.GetBytes("123456789");
            Assert.Equal(~0x765E7680u, NfCrc32.Compute(check, 0, check.Length, 0));
        }

        [Fact]
        public void Build_pads_each_pe_with_zeros_to_four_bytes_and_keeps_the_order()
        {
            byte[] a = FakePe("A", 201);
            byte[] b = FakePe("Bb", 256);
            byte[] c = FakePe("Ccc", 333);

            byte[] image = DeploymentImage.Build(new[] { a, b, c });

            Assert.Equal(204 + 256 + 336, image.Length);
            Assert.Equal(a, image.Take(201).ToArray());
            Assert.Equal(new byte[3], image.Skip(201).Take(3).ToArray());
            Assert.Equal(b, image.Skip(204).Take(256).ToArray());
            Assert.Equal(c, image.Skip(460).Take(333).ToArray());
            Assert.Equal(new byte[3], image.Skip(793).ToArray());
        }

        [Fact]
        public void The_nanoclr_scan_finds_every_assembly_at_its_offset()
        {
            byte[][] pes = { FakePe("First", 130), FakePe("Second", 4097), FakePe("Third", 136) };
            byte[] partition = DeploymentImage.Fill(DeploymentImage.Build(pes), 16384);

            List<ImageEntry> found = DeploymentImage.Scan(partition);

            Assert.Equal(new[] { "First", "Second", "Third" }, found.Select(e => e.Assembly.Name));
            Assert.Equal(new[] { 0, 132, 132 + 4100 }, found.Select(e => e.Offset));
            Assert.All(found, e => Assert.Equal(0, e.Offset % DeploymentImage.Alignment));
        }

        [Fact]
        public void A_shorter_image_leaves_an_earlier_deployment_loadable_unless_filled()
        {
            // What nanoff does: write the file's bytes at the partition's start, nothing after them.
            byte[] app = FakePe("App", 1000);
            byte[] old = FakePe("Old", 600);
            byte[] partition = DeploymentImage.Fill(DeploymentImage.Build(new[] { app, old }), 8192);

            byte[] plain = DeploymentImage.Build(new[] { app });
            Array.Copy(plain, partition, plain.Length);
            Assert.Equal(new[] { "App", "Old" }, DeploymentImage.Scan(partition).Select(e => e.Assembly.Name));

            byte[] filled = DeploymentImage.Fill(plain, partition.Length);
            Array.Copy(filled, partition, filled.Length);
            Assert.Equal(new[] { "App" }, DeploymentImage.Scan(partition).Select(e => e.Assembly.Name));
        }

        [Fact]
        public void Verify_accepts_the_image_and_the_filled_image_of_the_same_files()
        {
            byte[][] pes = { FakePe("A", 301), FakePe("B", 400) };
            byte[] image = DeploymentImage.Build(pes);

            Assert.Equal(ImageProblem.None, DeploymentImage.Verify(image, pes, out _));
            Assert.Equal(ImageProblem.None, DeploymentImage.Verify(DeploymentImage.Fill(image, 4096), pes, out _));
        }

        [Fact]
        public void Verify_rejects_an_image_of_other_builds_or_order()
        {
            byte[][] pes = { FakePe("A", 301), FakePe("B", 400) };
            byte[] image = DeploymentImage.Build(pes);

            byte[][] rebuilt = { pes[0], FakePe("B", 400, seed: 7) };
            Assert.Equal(ImageProblem.ImageDiffers, DeploymentImage.Verify(image, rebuilt, out _));
            Assert.Equal(ImageProblem.ImageDiffers, DeploymentImage.Verify(image, new[] { pes[1], pes[0] }, out _));
            Assert.Equal(ImageProblem.ImageTooShort, DeploymentImage.Verify(image.Take(image.Length - 4).ToArray(), pes, out _));

            byte[] tail = DeploymentImage.Fill(image, 2048);
            tail[2000] = 0x00;
            Assert.Equal(ImageProblem.TailNotErased, DeploymentImage.Verify(tail, pes, out string detail));
            Assert.Contains("2000", detail);
        }

        [Fact]
        public void Verify_rejects_pe_files_the_nanoclr_would_not_load()
        {
            byte[] good = FakePe("A", 300);
            byte[] corrupt = (byte[])good.Clone();
            corrupt[250] ^= 1;
            Assert.Equal(ImageProblem.InputNotAnAssembly, DeploymentImage.Verify(DeploymentImage.Build(new[] { corrupt }), new[] { corrupt }, out _));

            byte[] longer = good.Concat(new byte[] { 1, 2, 3, 4 }).ToArray();
            Assert.Equal(ImageProblem.InputSizeNotTotalSize, DeploymentImage.Verify(DeploymentImage.Build(new[] { longer }), new[] { longer }, out _));
        }

        [Fact]
        public void Each_header_check_of_the_nanoclr_is_made()
        {
            byte[] pe = FakePe("A", 300);
            Assert.Equal(AssemblyProblem.None, NfAssembly.TryRead(pe, 0, pe.Length, out NfAssembly assembly));
            Assert.Equal("A", assembly.Name);
            Assert.Equal("1.2.3.4", assembly.Version);
            Assert.Equal(300, assembly.TotalSize);

            Assert.Equal(AssemblyProblem.TooShort, NfAssembly.TryRead(pe, 0, 100, out _));
            Assert.Equal(AssemblyProblem.BadMarker, NfAssembly.TryRead(Changed(pe, 5, 0x41), 0, pe.Length, out _));
            Assert.Equal(AssemblyProblem.BadHeaderCrc, NfAssembly.TryRead(Changed(pe, 30, 9), 0, pe.Length, out _));
            Assert.Equal(AssemblyProblem.BadStringTableVersion, NfAssembly.TryRead(FakePe("A", 300, stringTableVersion: 2), 0, 300, out _));
            Assert.Equal(AssemblyProblem.BadTotalSize, NfAssembly.TryRead(pe, 0, 299, out _));
            Assert.Equal(AssemblyProblem.BadAssemblyCrc, NfAssembly.TryRead(Changed(pe, 299, 0x55), 0, pe.Length, out _));
        }

        [Fact]
        public void Fill_refuses_an_image_bigger_than_the_partition()
        {
            byte[] image = DeploymentImage.Build(new[] { FakePe("A", 600) });
            Assert.Throws<ArgumentException>(() => DeploymentImage.Fill(image, 512));
        }

        [Fact]
        public void One_address_serves_both_partition_tables_and_the_filled_image_never_reaches_config()
        {
            foreach (PartitionTable table in Esp32Partitions.All)
            {
                Assert.Equal(Esp32Partitions.FourMb.DeployOffset, table.DeployOffset);
                Assert.True(Esp32Partitions.FillSize <= table.DeploySize, table.Name);
                Assert.True(table.DeployOffset + table.DeploySize <= table.ConfigOffset, table.Name);
                Assert.True(table.ConfigOffset + table.ConfigSize <= table.FlashSize, table.Name);

                // nanoff's default address is not this table's deploy partition: the docs must always pass --address.
                Assert.False(Esp32Partitions.NanoffDefaultDeployAddress >= table.DeployOffset
                    && Esp32Partitions.NanoffDefaultDeployAddress < table.DeployOffset + table.DeploySize, table.Name);
            }
        }

        /// <summary>
        /// Every nanoff deployment in the user docs either goes through the running firmware
        /// (--nanodevice: nanoff asks the board for its deployment area and erases it) or writes the
        /// filled image at the deploy partition's address; never with --update (nanoff then ignores
        /// --address), never at nanoff's default address.
        /// </summary>
        [Theory]
        [InlineData("docs/flashing.md")]
        [InlineData("README.md")]
        public void Every_nanoff_deploy_in_the_docs_targets_the_deploy_partition(string doc)
        {
            string text = File.ReadAllText(RepoPaths.Combine(doc));
            string address = "--address 0x" + Esp32Partitions.FourMb.DeployOffset.ToString("X");
            string[] deploys = Regex.Matches(text, "nanoff [^`\\n]*--deploy[^`\\n]*").Select(m => m.Value).ToArray();

            Assert.NotEmpty(deploys);
            Assert.Contains(deploys, c => c.Contains(address));
            Assert.All(deploys, command =>
            {
                Assert.DoesNotContain("--update", command);
                if (!command.Contains("--nanodevice"))
                {
                    Assert.Contains(address, command);
                    Assert.Contains(".deploy.bin", command);
                }
            });
        }

        /// <summary>A made-up assembly the nanoCLR's header checks accept: its name in its string table, a pattern for the rest.</summary>
        internal static byte[] FakePe(string name, int totalSize, int seed = 1, int stringTableVersion = NfAssembly.StringTableVersion, uint nativeChecksum = 0)
        {
            byte[] pe = new byte[totalSize];
            for (int i = NfAssembly.HeaderSize; i < totalSize; i++)
            {
                pe[i] = (byte)(i * 31 + seed);
            }

            Encoding.ASCII.GetBytes("NFMRK1").CopyTo(pe, 0);
            PutU16(pe, 28, 1);
            PutU16(pe, 30, 2);
            PutU16(pe, 32, 3);
            PutU16(pe, 34, 4);
            PutU16(pe, 36, 0); // name: the first string of the table
            PutU16(pe, 38, stringTableVersion);
            PutU32(pe, 20, nativeChecksum);
            int strings = NfAssembly.HeaderSize;
            int stringsEnd = strings + name.Length + 1;
            for (int table = 0; table < 16; table++)
            {
                int start = table <= 11 ? strings : table < 15 ? stringsEnd : totalSize;
                PutU32(pe, 40 + 4 * table, (uint)start);
            }

            Encoding.ASCII.GetBytes(name).CopyTo(pe, strings);
            pe[strings + name.Length] = 0;
            PutU32(pe, 12, NfCrc32.Compute(pe, NfAssembly.HeaderSize, totalSize - NfAssembly.HeaderSize, 0));
            PutU32(pe, 8, 0);
            PutU32(pe, 8, NfCrc32.Compute(pe, 0, NfAssembly.HeaderSize, 0));
            return pe;
        }

        private static byte[] Changed(byte[] pe, int at, byte value)
        {
            byte[] copy = (byte[])pe.Clone();
            copy[at] = value;
            return copy;
        }

        private static void PutU16(byte[] data, int at, int value)
        {
            data[at] = (byte)value;
            data[at + 1] = (byte)(value >> 8);
        }

        private static void PutU32(byte[] data, int at, uint value)
        {
            for (int i = 0; i < 4; i++)
            {
                data[at + i] = (byte)(value >> (8 * i));
            }
        }
    }
}
