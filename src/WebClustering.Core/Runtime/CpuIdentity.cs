using System.Runtime.Intrinsics.X86;

namespace WebClustering.Core.Runtime;

/// <summary>The x86 vendor and family from CPUID, as far as convolution kernels care.</summary>
public readonly record struct CpuIdentity(string Vendor, int Family)
{
    /// <summary>AMD Zen 5 and later (family 0x1A up): see <see cref="ConvolutionKernels"/>.</summary>
    public bool HasFaultyOneDnnDirectConvolutions => Vendor == "AuthenticAMD" && Family >= 0x1A;

    public static CpuIdentity Current()
    {
        if (!X86Base.IsSupported) return new CpuIdentity("", 0);
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var (signature, _, _, _) = X86Base.CpuId(1, 0);
        return new CpuIdentity(VendorName(ebx, edx, ecx), FamilyOf(signature));
    }

    /// <summary>The displayed family: the base family, plus the extended family when the base is 0xF.</summary>
    public static int FamilyOf(int signature)
    {
        int baseFamily = (signature >> 8) & 0xF;
        return baseFamily == 0xF ? baseFamily + ((signature >> 20) & 0xFF) : baseFamily;
    }

    private static string VendorName(int ebx, int edx, int ecx)
    {
        Span<byte> bytes = stackalloc byte[12];
        BitConverter.TryWriteBytes(bytes, ebx);
        BitConverter.TryWriteBytes(bytes[4..], edx);
        BitConverter.TryWriteBytes(bytes[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
