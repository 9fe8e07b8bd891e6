namespace WebClustering.Core.Metrics;

/// <summary>Each row's dense code 0..count-1, looked up as it is needed (see <see cref="LabelEncoding.Codes"/>).</summary>
internal readonly struct LabelCodes(int[] labels, int[] codeOf, int offset, bool perRow)
{
    public int this[int row] => perRow ? codeOf[row] : codeOf[labels[row] - offset];
}

/// <summary>Maps arbitrary int labels (including -1 for noise) to dense codes 0..count-1.</summary>
internal static class LabelEncoding
{
    /// <summary>
    /// Codes follow ascending label order, so they never depend on the order labels first appear;
    /// -1 (noise) is simply one more label, as in scikit-learn.
    /// </summary>
    public static int[] Encode(int[] labels, out int count)
    {
        var codes = Codes(labels, out count);
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            result[i] = codes[i];
        return result;
    }

    /// <summary>
    /// The same codes without an array of them: labels within a range not much wider than the row count (a
    /// clustering's 0..k-1 and -1) are looked up in a table of that range, so that scoring millions of rows holds
    /// no copy of their labels. Labels spread wider are sorted and coded row by row.
    /// </summary>
    public static LabelCodes Codes(int[] labels, out int count)
    {
        if (labels.Length == 0)
        {
            count = 0;
            return new LabelCodes(labels, [], 0, perRow: true);
        }
        int min = labels.Min(), max = labels.Max();
        long range = (long)max - min + 1;
        if (range > 2L * labels.Length + 1024)
            return new LabelCodes(labels, Sorted(labels, out count), 0, perRow: true);
        var codeOf = new int[range];
        foreach (int label in labels)
            codeOf[label - min] = 1;
        count = 0;
        for (int i = 0; i < codeOf.Length; i++)
            codeOf[i] = codeOf[i] == 1 ? count++ : -1;
        return new LabelCodes(labels, codeOf, min, perRow: false);
    }

    private static int[] Sorted(int[] labels, out int count)
    {
        int[] distinct = (int[])labels.Clone();
        Array.Sort(distinct);
        int unique = 0;
        for (int i = 0; i < distinct.Length; i++)
        {
            if (i == 0 || distinct[i] != distinct[i - 1])
                distinct[unique++] = distinct[i];
        }

        var codeOf = new Dictionary<int, int>(unique);
        for (int i = 0; i < unique; i++)
            codeOf[distinct[i]] = i;

        var codes = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            codes[i] = codeOf[labels[i]];
        count = unique;
        return codes;
    }
}
