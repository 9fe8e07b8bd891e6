using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace WebClustering.Core.Runtime;

/// <summary>What <see cref="ConvolutionKernels.EnsureCorrect"/> found and did.</summary>
/// <param name="OneDnnCappedAtAvx">The oneDNN instruction set was capped at AVX before its first convolution.</param>
/// <param name="OneDnnDisabled">libtorch was told not to use oneDNN (its slower own kernels compute convolutions).</param>
/// <param name="RelativeGradientError">The float32 gradients' largest error against float64, relative to their size, with
/// oneDNN (as capped, if it was): when oneDNN was then turned off, this is the error that made it so.</param>
public sealed record ConvolutionKernelState(bool OneDnnCappedAtAvx, bool OneDnnDisabled, double RelativeGradientError)
{
    public string Description => (OneDnnCappedAtAvx, OneDnnDisabled) switch
    {
        (_, true) => $"oneDNN disabled: its convolution gradients were wrong on this CPU (relative error before {RelativeGradientError:G3} now within tolerance)",
        (true, _) => "oneDNN capped at AVX: its AVX-512 and AVX2 convolution gradients are wrong on this CPU family",
        _ => "oneDNN convolutions checked against float64",
    };
}

/// <summary>
/// Makes sure that convolution gradients are right before a conv model trains. libtorch 2.10's oneDNN 3.7.1 (the one
/// TorchSharp-cpu 0.107 ships) computes wrong float32 input gradients in its direct backward-data kernels,
/// <c>jit:avx512_core</c> and <c>jit:avx2</c> alike, on AMD Zen 5 (CPU family 0x1A): measured 2026-11-28, errors
/// from 4% to over 100% of the largest gradient, sometimes NaN, with one thread or two, when the output channels are
/// not a multiple of the vector width; conv autoencoders then stop learning or diverge. Forward and weight-gradient
/// kernels are right. The conv tests that fail there passed on the Zen 4 (family 0x19) machines before, so the fault
/// is not known elsewhere; the check below runs everywhere. Capped at AVX, oneDNN has no direct kernel and computes
/// convolutions through GEMM: right, and a conv autoencoder step ran as fast as with the faulty kernel (AVX2 was
/// 1.2-1.4x slower, and wrong). Turning oneDNN off is right too but ran 2.5-5.9x slower, so it is only the fallback
/// for a CPU not known to be faulty whose gradients fail the check anyway. The cap only works before oneDNN's first
/// convolution, which is why <see cref="Models.Backbone"/> calls this before it builds any conv layer.
/// </summary>
public static partial class ConvolutionKernels
{
    /// <summary>oneDNN reads its instruction-set cap from this variable once, at its first primitive.</summary>
    public const string IsaCapVariable = "ONEDNN_MAX_CPU_ISA";
    private const double Tolerance = 1e-4;

    private static readonly Lazy<ConvolutionKernelState> State = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Checks (once per process) and, where needed, works around faulty convolution kernels.</summary>
    /// <exception cref="InvalidOperationException">Gradients stay wrong even without oneDNN.</exception>
    public static ConvolutionKernelState EnsureCorrect() => State.Value;

    private static ConvolutionKernelState Prepare()
    {
        bool capped = false;
        if (!IsaCapSetByUser() && CpuIdentity.Current().HasFaultyOneDnnDirectConvolutions)
            capped = CapOneDnnAtAvx();

        double error = ConvolutionGradientCheck.RelativeError();
        if (error <= Tolerance) return new ConvolutionKernelState(capped, false, error);

        DisableOneDnn();
        double without = ConvolutionGradientCheck.RelativeError();
        if (without <= Tolerance) return new ConvolutionKernelState(capped, true, error);
        throw new InvalidOperationException(
            $"Convolution gradients are wrong on this CPU (relative error {error:G3} with oneDNN, {without:G3} without); conv models cannot train here.");
    }

    private static bool IsaCapSetByUser() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IsaCapVariable))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA"));

    /// <summary>Sets the cap in the native environment: .NET keeps its own copy of the variables on Unix.</summary>
    private static bool CapOneDnnAtAvx()
    {
        if (!OperatingSystem.IsLinux()) return false;
        Environment.SetEnvironmentVariable(IsaCapVariable, "AVX");
        return NativeEnvironment.setenv(IsaCapVariable, "AVX", 1) == 0;
    }

    /// <summary>PyTorch's <c>torch.backends.mkldnn.enabled = False</c>; TorchSharp does not wrap it, libtorch exports it.</summary>
    private static void DisableOneDnn()
    {
        try
        {
            LibTorch.SetUserEnabledMkldnn(LibTorch.GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException("Convolution gradients are wrong on this CPU and oneDNN could not be turned off.", e);
        }
    }

    private static partial class NativeEnvironment
    {
        [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int setenv(string name, string value, int overwrite);
    }

    private static partial class LibTorch
    {
        [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
        internal static partial IntPtr GlobalContext();

        // A member function: on x86-64 the context is passed as the first argument.
        [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        internal static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    }
}
