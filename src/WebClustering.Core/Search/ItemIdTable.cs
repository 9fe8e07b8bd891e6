using System.IO.Hashing;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace WebClustering.Core.Search;

/// <summary>
/// Item id to row, keyed by the ids' UTF-8 bytes: a batch read looks up ids straight from the request body. A
/// dictionary of strings took three dependent cache misses an id (bucket, entry, string), most of a batch read's
/// time; here a slot holds a 32-bit tag of the hash beside the row, and <see cref="FindMany"/> hashes every id first
/// and fetches their slots and bytes ahead of use, so that the misses of different ids overlap.
/// </summary>
/// <remarks>
/// XxHash3 with a seed drawn per table: clients cannot choose ids that collide. Open addressing with linear probing
/// at a load of at most one half.
/// </remarks>
public sealed class ItemIdTable
{
    private readonly byte[] utf8;   // every id's UTF-8, row after row
    private readonly int[] starts;  // row r's bytes are utf8[starts[r] .. starts[r + 1])
    private readonly ulong[] slots; // 0 empty, else (tag << 32) | (row + 1)
    private readonly int mask;
    private readonly long seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>Indexes <paramref name="ids"/>; an id given twice maps to its last row, as a dictionary's indexer would.</summary>
    public ItemIdTable(IReadOnlyList<string> ids)
    {
        starts = new int[ids.Count + 1];
        long total = 0;
        for (int r = 0; r < ids.Count; r++) total += Encoding.UTF8.GetByteCount(ids[r]);
        utf8 = new byte[total];
        for (int r = 0, at = 0; r < ids.Count; r++)
        {
            starts[r] = at;
            at += Encoding.UTF8.GetBytes(ids[r], utf8.AsSpan(at));
        }
        starts[^1] = utf8.Length;
        slots = new ulong[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)(2 * ids.Count)))];
        mask = slots.Length - 1;
        for (int r = 0; r < ids.Count; r++) Insert(r);
    }

    /// <summary>Bytes held, for the index's memory budget.</summary>
    public long SizeBytes => utf8.Length + 4L * starts.Length + 8L * slots.Length;

    /// <summary>The row of <paramref name="id"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> id) => Probe(id, Hash(id));

    /// <summary>The row of <paramref name="id"/>, or -1.</summary>
    public int Find(string id)
    {
        int length = Encoding.UTF8.GetByteCount(id);
        Span<byte> bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(id, bytes);
        return Find(bytes);
    }

    /// <summary>
    /// Rows of many ids at once (-1 for those not here): id i is <c>source[slices[2i] ..][.. slices[2i + 1]]</c>.
    /// The same answers as <see cref="Find(ReadOnlySpan{byte})"/> one at a time, in a fraction of the time.
    /// </summary>
    public void FindMany(ReadOnlySpan<byte> source, ReadOnlySpan<int> slices, Span<int> rows)
    {
        int count = rows.Length;
        var hashes = count <= 4096 ? stackalloc ulong[count] : new ulong[count];
        for (int i = 0; i < count; i++)
        {
            hashes[i] = Hash(source.Slice(slices[2 * i], slices[2 * i + 1]));
            CacheHints.Prefetch(ref slots[(int)hashes[i] & mask]);
        }
        // Fetch the bytes each id's first slot points at, then compare: by now most of those lines have arrived.
        for (int i = 0; i < count; i++)
        {
            ulong slot = slots[(int)hashes[i] & mask];
            if (slot != 0 && utf8.Length > 0) CacheHints.Prefetch(ref utf8[Math.Min(starts[(int)(uint)slot - 1], utf8.Length - 1)]);
        }
        for (int i = 0; i < count; i++) rows[i] = Probe(source.Slice(slices[2 * i], slices[2 * i + 1]), hashes[i]);
    }

    private ReadOnlySpan<byte> IdBytes(int row) => utf8.AsSpan(starts[row], starts[row + 1] - starts[row]);

    private ulong Hash(ReadOnlySpan<byte> id) => XxHash3.HashToUInt64(id, seed);

    private int Probe(ReadOnlySpan<byte> id, ulong hash) => slots[SlotOf(id, hash)] is var slot and not 0 ? (int)(uint)slot - 1 : -1;

    private void Insert(int row)
    {
        var id = IdBytes(row);
        ulong hash = Hash(id);
        slots[SlotOf(id, hash)] = (hash >> 32 << 32) | (uint)(row + 1);
    }

    /// <summary>The slot that holds <paramref name="id"/>, or the empty slot where it would go.</summary>
    private int SlotOf(ReadOnlySpan<byte> id, ulong hash)
    {
        uint tag = (uint)(hash >> 32);
        int s = (int)hash & mask;
        for (ulong slot; (slot = slots[s]) != 0; s = (s + 1) & mask)
            if ((uint)(slot >> 32) == tag && id.SequenceEqual(IdBytes((int)(uint)slot - 1))) break;
        return s;
    }
}
