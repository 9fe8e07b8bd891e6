namespace WebClustering.Core.Metrics;

/// <summary>Maps arbitrary int labels (including -1 for noise) to dense codes 0..count-1.</summary>
internal static class LabelEncoding
{
    /// <summary>
    /// Codes follow ascending label order, so they never depend on the order labels first appear;
    /// -1 (noise) is simply one more label, as in scikit-learn.
    /// </summary>
    public static int[] Encode(int[] labels, out int count)
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
