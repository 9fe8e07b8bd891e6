using System.Collections;
using System.Text;

namespace WebClustering.Storage.Datasets;

/// <summary>
/// Item ids packed as UTF-8 in pages, each decoded when it is read: a streamed job holds every row's id while it
/// runs, and 5,000,000 ids as strings take about 240 MB where packed they take about 12 bytes a row plus their text.
/// Read in row order, as the result writers do.
/// </summary>
public sealed class ItemIdList : IReadOnlyList<string>
{
    private const int PageBytes = 1 << 24;

    private readonly List<byte[]> pages = [];
    private readonly long[] starts;
    private readonly int[] lengths;
    private int used = PageBytes;

    public ItemIdList(int count)
    {
        starts = new long[count];
        lengths = new int[count];
    }

    public int Count => starts.Length;

    /// <summary>Sets the id of row <paramref name="index"/>; every row is set once, in any order.</summary>
    public void Set(int index, string id)
    {
        int length = Encoding.UTF8.GetByteCount(id);
        if (used + length > PageBytes)
        {
            pages.Add(new byte[Math.Max(PageBytes, length)]);
            used = 0;
        }
        var page = pages[^1];
        Encoding.UTF8.GetBytes(id, page.AsSpan(used));
        starts[index] = (long)(pages.Count - 1) * PageBytes + used;
        lengths[index] = length;
        used += length;
    }

    public string this[int index]
    {
        get
        {
            long start = starts[index];
            return Encoding.UTF8.GetString(pages[(int)(start / PageBytes)], (int)(start % PageBytes), lengths[index]);
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
