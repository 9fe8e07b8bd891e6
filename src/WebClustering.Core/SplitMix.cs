namespace WebClustering.Core;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014) as a hash: any key, such as (seed, iteration, row), gets its own well-mixed
/// random numbers, so parallel loops draw the same numbers whichever thread runs which part.
/// </summary>
internal static class SplitMix
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(Mix(a) ^ b) ^ c);
}
