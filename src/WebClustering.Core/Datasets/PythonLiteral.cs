using System.Globalization;
using System.Text;

namespace WebClustering.Core.Datasets;

/// <summary>
/// Parses the small subset of Python literals that NPY headers use: dicts, tuples and lists, quoted strings,
/// integers (with Python 2's optional L suffix), True, False and None. Anything else is an error, never evaluated.
/// </summary>
internal sealed class PythonLiteral
{
    private readonly string _text;
    private int _pos;

    private PythonLiteral(string text) => _text = text;

    /// <summary>Values come back as Dictionary&lt;string, object?&gt;, List&lt;object?&gt;, string, long, bool or null.</summary>
    /// <exception cref="FormatException">The text is not one such literal.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.Value();
        parser.SkipSpace();
        if (parser._pos != text.Length)
            throw parser.Error("unexpected text after the end");
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (_pos >= _text.Length)
            throw Error("the text ends where a value was expected");
        char c = _text[_pos];
        switch (c)
        {
            case '{': return Dict();
            case '(': return Sequence(')');
            case '[': return Sequence(']');
            case '\'' or '"': return String(c);
        }
        if (c == '-' || char.IsAsciiDigit(c))
            return Integer();
        foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0)
            {
                _pos += word.Length;
                return value;
            }
        }
        throw Error($"'{c}' does not start a value");
    }

    private Dictionary<string, object?> Dict()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (object? item in Items('}', pairs: true))
        {
            var (key, value) = ((string, object?))item!;
            if (!result.TryAdd(key, value))
                throw Error($"the key '{key}' appears twice");
        }
        return result;
    }

    private List<object?> Sequence(char close) => Items(close, pairs: false);

    private List<object?> Items(char close, bool pairs)
    {
        _pos++; // the opening bracket
        var items = new List<object?>();
        while (true)
        {
            SkipSpace();
            if (Peek() == close) { _pos++; return items; }
            object? item = Value();
            if (pairs)
            {
                if (item is not string key)
                    throw Error("dictionary keys must be strings");
                Expect(':');
                item = (key, Value());
            }
            items.Add(item);
            SkipSpace();
            if (Peek() == ',') { _pos++; continue; }
            Expect(close);
            return items;
        }
    }

    private string String(char quote)
    {
        var text = new StringBuilder();
        _pos++;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            // Headers hold dtype codes and field names; escapes there would be a file we do not read anyway.
            if (_text[_pos] == '\\')
                throw Error("escapes in strings are not supported");
            text.Append(_text[_pos++]);
        }
        Expect(quote);
        return text.ToString();
    }

    private long Integer()
    {
        int start = _pos;
        if (Peek() == '-') _pos++;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        if (!long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error("an integer is malformed or too large");
        if (Peek() is 'L' or 'l') _pos++;
        return value;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
            throw Error($"'{c}' was expected");
        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private FormatException Error(string problem) => new($"{problem} (at character {_pos + 1})");
}
