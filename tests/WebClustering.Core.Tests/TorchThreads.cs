using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests;

internal static class TorchThreads
{
    /// <summary>
    /// One libtorch thread for the whole test run: xunit already runs test classes in parallel, and the tiny models
    /// here gain nothing from intra-op threads but contention on a small machine.
    /// </summary>
#pragma warning disable CA2255 // A module initializer is the one hook that runs before any test in this assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseOne() => set_num_threads(1);
}
