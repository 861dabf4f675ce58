#!/usr/bin/env bash
# Instructions the nanoCLR interpreter executes per call of the core's hash functions: the figures
# of docs/performance.md ("SHA-256, HMAC-SHA256 and the PIN on the interpreter").
#
#   bash tests/Terminal.Benchmarks/interpreter-crypto.sh [NF_DIR]
#
# For each operation it builds a one-test assembly (over Terminal.Core.Base, as the device runs it)
# that makes the call N times, runs it on the POSIX nanoCLR of the toolchain under valgrind's
# callgrind and prints (instructions of the run - instructions of the same run with N = 0) / N.
# Instruction counts do not depend on the machine's load, unlike times. Needs ../shared/nf (or
# NF_DIR) and valgrind; takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
nf=$(cd "${1:-../shared/nf}" && pwd)
command -v valgrind >/dev/null || { echo "interpreter-crypto: valgrind is needed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/Bench.nfproj" <<EOF
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup><OutputType>Library</OutputType><AssemblyName>NFUnitTest</AssemblyName><LangVersion>9.0</LangVersion></PropertyGroup>
  <ItemGroup><Compile Include="Bench.cs" /></ItemGroup>
  <ItemGroup>
    <Reference Include="mscorlib" /><Reference Include="nanoFramework.TestFramework" /><Reference Include="nanoFramework.UnitTestLauncher" />
    <Reference Include="nanoFramework.System.Security.Cryptography" />
  </ItemGroup>
  <ItemGroup><ProjectReference Include="$repo/firmware/Terminal.Core/Base/Terminal.Core.Base.nfproj" /></ItemGroup>
</Project>
EOF

# instructions SIZE N CALL: callgrind's instruction count of one run making CALL N times.
instructions() {
  cat > "$work/Bench.cs" <<EOF
using System.Security.Cryptography;
using Terminal.Core.Crypto;
using nanoFramework.TestFramework;

namespace Bench
{
    [TestClass]
    public class Run
    {
        [TestMethod]
        public void Op()
        {
            byte[] data = new byte[$1];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(32 + (i * 7) % 90);
            }

            byte[] key = new byte[32];
            byte[] salt = new byte[16];
            byte[] pin = new byte[6];
            for (int i = 0; i < $2; i++)
            {
                $3;
            }
        }
    }
}
EOF
  local out dir pes
  out=$(NF_KEEP=1 "$nf/bin/nf-test.sh" --project "$work/Bench.nfproj" 2>&1) || { echo "$out" >&2; exit 1; }
  dir=$(sed -n 's/^nf-test: work dir //p' <<<"$out")
  mapfile -t pes < <(dotnet "$nf/bin/nfc/nfc.dll" closure --dirs "$dir/all:$nf/refs" "$nf/refs/nanoFramework.UnitTestLauncher.exe" "$dir/all/NFUnitTest.dll")
  ( cd "$dir/all" && LD_LIBRARY_PATH="$nf/nanoclr" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$nf/nanoclr/nanoFramework.nanoCLR.test" "${pes[@]}" 2>&1 >"$work/run.log" | sed -n 's/.*Collected : //p' )
  grep -q "Test passed" "$work/run.log" || { cat "$work/run.log" >&2; exit 1; }
  rm -rf "$dir"
}

# measure LABEL SIZE N CALL
measure() {
  local base with
  base=$(instructions "$2" 0 "$4")
  with=$(instructions "$2" "$3" "$4")
  printf '%-58s %12d instructions per call\n' "$1" $(( (with - base) / $3 ))
}

measure "MD5, 400 bytes (managed)" 400 20 "Md5.Hash(data)"
measure "MD5, 4096 bytes (managed)" 4096 5 "Md5.Hash(data)"
measure "SHA-256, 400 bytes (managed)" 400 20 "Sha256.Hash(data)"
measure "SHA-256, 4096 bytes (managed)" 4096 5 "Sha256.Hash(data)"
measure "HMAC-SHA256, 400 bytes, 32-byte key (managed)" 400 20 "Hmac.Sha256(key, data)"
measure "HMAC-SHA256, 400 bytes, 32-byte key (native, Mbed TLS)" 400 400 "HMACSHA256.HashData(key, data)"
measure "PBKDF2-HMAC-SHA256, 6-byte PIN, 16-byte salt, 1 round" 400 20 "Hmac.Pbkdf2Sha256(pin, salt, 1)"
measure "PBKDF2-HMAC-SHA256, 6-byte PIN, 16-byte salt, 100 rounds" 400 2 "Hmac.Pbkdf2Sha256(pin, salt, 100)"
