using System.Text;
using WebClustering.Core.Search;

namespace WebClustering.Core.Tests.Search;

public sealed class ItemIdTableTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 20_000).Select(i => $"item-{i}"), "ünïcödé-🙂", "a", "", "a much longer id than the others, past thirty-two bytes"];

    [Fact]
    public void Every_id_finds_its_row_and_others_find_none()
    {
        var table = new ItemIdTable(Ids);

        for (int row = 0; row < Ids.Length; row++)
            Assert.Equal(row, table.Find(Ids[row]));
        Assert.Equal(-1, table.Find("item-20000"));
        Assert.Equal(-1, table.Find("Item-1"));
        Assert.Equal(-1, table.Find("item-1 "));
    }

    [Fact]
    public void Looking_up_many_at_once_answers_as_one_at_a_time()
    {
        var table = new ItemIdTable(Ids);
        var random = new Random(3);
        string[] asked = [.. Enumerable.Range(0, 3000).Select(_ => random.Next(4) == 0 ? $"ghost-{random.Next(100)}" : Ids[random.Next(Ids.Length)])];
        // The ids laid out in one buffer with gaps between them, as they sit in a request body.
        var source = new List<byte>();
        var slices = new int[2 * asked.Length];
        for (int i = 0; i < asked.Length; i++)
        {
            source.AddRange("\",\""u8.ToArray());
            slices[2 * i] = source.Count;
            slices[2 * i + 1] = Encoding.UTF8.GetByteCount(asked[i]);
            source.AddRange(Encoding.UTF8.GetBytes(asked[i]));
        }
        var rows = new int[asked.Length];

        table.FindMany(source.ToArray(), slices, rows);

        Assert.Equal(asked.Select(id => table.Find(id)), rows);
        Assert.Equal(asked.Select(id => Array.LastIndexOf(Ids, id)), rows);
    }

    [Fact]
    public void An_id_given_twice_maps_to_its_last_row_and_an_empty_table_finds_nothing()
    {
        var table = new ItemIdTable(["x", "y", "x"]);

        Assert.Equal((2, 1), (table.Find("x"), table.Find("y")));
        Assert.Equal(-1, new ItemIdTable([]).Find("x"));
        var none = new int[1];
        new ItemIdTable([]).FindMany("x"u8, [0, 1], none);
        Assert.Equal(-1, none[0]);
    }
}
