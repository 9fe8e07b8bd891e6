using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace WebClustering.Core.Search;

/// <summary>Hints that let lookups of many random rows overlap their cache misses instead of waiting on each.</summary>
internal static class CacheHints
{
    /// <summary>Asks the CPU to start loading the cache line of <paramref name="at"/>; a no-op where SSE is missing.</summary>
    /// <remarks>A prefetch never faults, so an address the GC has since moved costs nothing but the hint.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T at) where T : unmanaged
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref at));
    }
}
