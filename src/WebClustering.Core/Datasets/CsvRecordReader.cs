using System.Text;

namespace WebClustering.Core.Datasets;

/// <summary>
/// Splits RFC 4180 text into records: quoted fields may hold separators, doubled quotes and line
/// breaks; records end with CRLF, LF or CR. Fields are unescaped into one reused buffer and exposed
/// as spans, so a million-row file does not allocate a string per cell.
/// </summary>
internal sealed class CsvRecordReader
{
    private const int ReadChunk = 1 << 16;

    /// <summary>
    /// Longest cell accepted, in characters. No number, id or label is anywhere near this long; without a limit, a
    /// file with no line break (or an unclosed quote) would be gathered into one ever-growing record.
    /// </summary>
    public const int MaxFieldLength = 1 << 20;

    /// <summary>Longest record accepted, in characters (every cell of one row together): 16 Mi chars, 32 MB.</summary>
    public const int MaxRecordLength = 1 << 24;
    // Separator detection looks at the header only; stop looking in a file with no line break at all.
    private const int MaxDetectChars = 1 << 20;

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private readonly TextReader _reader;
    private char[] _buf = new char[ReadChunk];
    private int _pos, _len;
    private char[] _record = new char[256];
    private int _recordLength;
    private int[] _fieldEnds = new int[16];
    private long _nextLine = 1;

    public CsvRecordReader(TextReader reader, char? separator)
    {
        _reader = reader;
        Separator = separator ?? DetectSeparator();
    }

    public char Separator { get; }

    public int FieldCount { get; private set; }

    /// <summary>Line of the file (1-based) on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current record is an empty or whitespace-only line, with no quoted field.</summary>
    public bool IsBlank { get; private set; }

    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            int start = index == 0 ? 0 : _fieldEnds[index - 1];
            return _record.AsSpan(start, _fieldEnds[index] - start);
        }
    }

    /// <summary>Reads the next record; false at the end of the input.</summary>
    public bool Read()
    {
        if (_pos >= _len && !Fill())
            return false;

        LineNumber = _nextLine;
        _recordLength = 0;
        FieldCount = 0;
        bool anyQuoted = false, previousWasCr = false;
        State state = State.FieldStart;
        while (true)
        {
            if (_pos >= _len && !Fill())
            {
                if (state == State.Quoted)
                    throw DatasetFormatException.At(LineNumber, null,
                        "a quoted value starts here but its closing quote (\") is missing.");
                EndField();
                break;
            }

            char c = _buf[_pos++];
            switch (state)
            {
                case State.FieldStart:
                    if (c == '"')
                    {
                        state = State.Quoted;
                        anyQuoted = true;
                        break;
                    }
                    state = State.Unquoted;
                    goto case State.Unquoted;

                case State.Unquoted:
                    if (c == Separator) { EndField(); state = State.FieldStart; }
                    else if (c is '\n' or '\r') { EndLine(c); EndField(); goto done; }
                    else
                    {
                        Append(c); // a stray quote inside an unquoted value is kept as text, as spreadsheets do
                        AppendRun(Separator, '\r', '\n');
                    }
                    break;

                case State.Quoted:
                    if (c == '"') { state = State.QuoteInQuoted; break; }
                    if (c is '\r' or '\n')
                    {
                        // Line breaks inside quotes are data, but still count for the line numbers we report.
                        if (c == '\r' || !previousWasCr) _nextLine++;
                        previousWasCr = c == '\r';
                        Append(c);
                        break;
                    }
                    previousWasCr = false;
                    Append(c);
                    AppendRun('"', '\r', '\n');
                    break;

                case State.QuoteInQuoted:
                    if (c == '"') { Append('"'); state = State.Quoted; previousWasCr = false; }
                    else if (c == Separator) { EndField(); state = State.FieldStart; }
                    else if (c is '\n' or '\r') { EndLine(c); EndField(); goto done; }
                    else
                        throw DatasetFormatException.At(LineNumber, null,
                            $"a quoted value is followed by '{c}' before the next separator. " +
                            "Write a quote inside a quoted value as two quotes (\"\").");
                    break;
            }
        }

    done:
        IsBlank = FieldCount == 1 && !anyQuoted && this[0].IsWhiteSpace();
        return true;
    }

    private void EndLine(char c)
    {
        // CRLF is one line break: swallow the LF that follows a CR.
        if (c == '\r' && (_pos < _len || Fill()) && _buf[_pos] == '\n')
            _pos++;
        _nextLine++;
    }

    private void Append(char c)
    {
        if (_recordLength == _record.Length)
            Grow(_recordLength + 1);
        _record[_recordLength++] = c;
    }

    private void Grow(int needed)
    {
        CheckLength(needed);
        Array.Resize(ref _record, (int)Math.Min(Math.Max((long)_record.Length * 2, needed), MaxRecordLength + 1L));
    }

    /// <summary>Refuses a cell or record past the limits before the buffer grows to hold it.</summary>
    private void CheckLength(int recordLength)
    {
        int fieldStart = FieldCount == 0 ? 0 : _fieldEnds[FieldCount - 1];
        if (recordLength - fieldStart > MaxFieldLength)
            throw DatasetFormatException.At(LineNumber, null,
                $"value {FieldCount + 1} of the line is longer than {MaxFieldLength} characters, the most accepted in one cell. " +
                "Is a closing quote or a line break missing?");
        if (recordLength > MaxRecordLength)
            throw DatasetFormatException.At(LineNumber, null,
                $"the line is longer than {MaxRecordLength} characters, the most accepted in one row.");
    }

    /// <summary>
    /// Copies buffered text up to the next of three stop characters in one vectorized step;
    /// going char by char through the state machine is several times slower on large files.
    /// </summary>
    private void AppendRun(char stop1, char stop2, char stop3)
    {
        ReadOnlySpan<char> rest = _buf.AsSpan(_pos, _len - _pos);
        int run = rest.IndexOfAny(stop1, stop2, stop3);
        if (run < 0)
            run = rest.Length;
        if (_recordLength + run > _record.Length)
            Grow(_recordLength + run);
        rest[..run].CopyTo(_record.AsSpan(_recordLength));
        _recordLength += run;
        _pos += run;
    }

    private void EndField()
    {
        // A reused buffer may already be large enough, so growth alone does not catch every long cell.
        CheckLength(_recordLength);
        if (FieldCount == _fieldEnds.Length)
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        _fieldEnds[FieldCount++] = _recordLength;
    }

    /// <summary>Picks the candidate separator seen most often, outside quotes, on the first line.</summary>
    private char DetectSeparator()
    {
        int comma = 0, semicolon = 0, tab = 0;
        bool inQuotes = false;
        int i = _pos;
        while (i - _pos < MaxDetectChars)
        {
            if (i >= _len)
            {
                // Fill keeps unread text (it only moves it to the buffer start), so the scan resumes.
                int scanned = i - _pos;
                if (!Fill())
                    break;
                i = _pos + scanned;
                continue;
            }
            char c = _buf[i++];
            if (c == '"') inQuotes = !inQuotes;
            else if (inQuotes) continue;
            else if (c is '\n' or '\r') break;
            else if (c == ',') comma++;
            else if (c == ';') semicolon++;
            else if (c == '\t') tab++;
        }
        // Ties go to the comma, the most common separator.
        if (semicolon > comma && semicolon >= tab) return ';';
        return tab > comma ? '\t' : ',';
    }

    /// <summary>Reads more text after the unread part; false when the input is exhausted.</summary>
    private bool Fill()
    {
        int unread = _len - _pos;
        if (unread > 0 && _pos > 0)
            Array.Copy(_buf, _pos, _buf, 0, unread);
        _pos = 0;
        _len = unread;
        if (_len == _buf.Length)
            Array.Resize(ref _buf, _buf.Length * 2);

        int read;
        try
        {
            read = _reader.Read(_buf, _len, _buf.Length - _len);
        }
        catch (DecoderFallbackException e)
        {
            // Text is decoded ahead of parsing, so the bad bytes are somewhere at or after this line.
            throw new DatasetFormatException(
                $"The file is not valid UTF-8 text (the problem is at or after line {_nextLine}). " +
                "Save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs) and upload it again.",
                null, null, e);
        }
        _len += read;
        return read > 0;
    }
}
