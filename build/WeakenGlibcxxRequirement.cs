using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Marks the GLIBCXX_3.4.32 entry of libLibTorchSharp.so's .gnu.version_r section as weak (VER_FLG_WEAK) when
// the host's libstdc++ does not provide that version, so that the dynamic loader accepts the library.
public class WeakenGlibcxxRequirement : Task
{
    const string Version = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required] public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (HostHasVersion()) return true;
        foreach (var candidate in new[] { "runtimes/linux-x64/native/libLibTorchSharp.so", "libLibTorchSharp.so" })
        {
            var path = Path.Combine(Directory, candidate);
            if (File.Exists(path)) Patch(path);
        }
        // TorchSharp copies natives into cpu/ after a failed load; a stale copy there would be unpatched.
        var stale = Path.Combine(Directory, "cpu");
        if (System.IO.Directory.Exists(stale)) System.IO.Directory.Delete(stale, recursive: true);
        return !Log.HasLoggedErrors;
    }

    static bool HostHasVersion()
    {
        foreach (var lib in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
        {
            if (!File.Exists(lib)) continue;
            var text = Encoding.ASCII.GetString(File.ReadAllBytes(lib));
            return text.Contains(Version);
        }
        return true; // no glibc libstdc++ found: nothing we know how to fix
    }

    void Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[4] != 2)
        {
            Log.LogWarning($"{path} is not a 64-bit ELF file; left as it is.");
            return;
        }
        ulong shoff = BitConverter.ToUInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = (long)shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(bytes, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(bytes, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(bytes, (int)sh + 0x28);
            long strtab = (long)BitConverter.ToUInt64(bytes, (int)((long)shoff + (long)link * shentsize) + 0x18);
            if (PatchVerneed(bytes, offset, strtab))
            {
                File.WriteAllBytes(path, bytes);
                Log.LogMessage(MessageImportance.High, $"TorchSharp compatibility: marked {Version} weak in {path}");
            }
            return;
        }
    }

    static bool PatchVerneed(byte[] bytes, long verneed, long strtab)
    {
        bool changed = false;
        while (true)
        {
            int cnt = BitConverter.ToUInt16(bytes, (int)verneed + 2);
            long aux = verneed + BitConverter.ToUInt32(bytes, (int)verneed + 8);
            for (int j = 0; j < cnt; j++)
            {
                uint name = BitConverter.ToUInt32(bytes, (int)aux + 8);
                if (ReadString(bytes, strtab + name) == Version)
                {
                    ushort flags = BitConverter.ToUInt16(bytes, (int)aux + 4);
                    if ((flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(bytes, (int)aux + 4);
                        changed = true;
                    }
                }
                uint next = BitConverter.ToUInt32(bytes, (int)aux + 12);
                if (next == 0) break;
                aux += next;
            }
            uint nextNeed = BitConverter.ToUInt32(bytes, (int)verneed + 12);
            if (nextNeed == 0) return changed;
            verneed += nextNeed;
        }
    }

    static string ReadString(byte[] bytes, long at)
    {
        int end = (int)at;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)at, end - (int)at);
    }
}
