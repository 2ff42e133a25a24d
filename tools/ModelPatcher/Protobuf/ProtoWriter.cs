namespace SemanticJpeg.ModelPatcher.Protobuf;

/// <summary>Writes protobuf fields in wire format. Nested messages are written from their own writer.</summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _stream;

    public ProtoWriter(int capacity = 256) => _stream = new MemoryStream(capacity);

    public long Length => _stream.Length;

    public byte[] ToArray() => _stream.ToArray();

    public ProtoWriter Varint(int number, long value)
    {
        WriteKey(number, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Bytes(int number, ReadOnlySpan<byte> payload)
    {
        WriteKey(number, WireType.Len);
        WriteVarint((ulong)payload.Length);
        _stream.Write(payload);
        return this;
    }

    public ProtoWriter String(int number, string value) => Bytes(number, System.Text.Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int number, ProtoWriter message) => Bytes(number, message._stream.GetBuffer().AsSpan(0, (int)message._stream.Length));

    public ProtoWriter Message(int number, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Message(number, inner);
    }

    /// <summary>Packed repeated int64 (proto3 default for repeated scalars).</summary>
    public ProtoWriter PackedInt64s(int number, IEnumerable<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values) inner.WriteVarint(unchecked((ulong)v));
        return Message(number, inner);
    }

    public ProtoWriter Float(int number, float value)
    {
        WriteKey(number, WireType.Fixed32);
        Span<byte> b = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _stream.Write(b);
        return this;
    }

    /// <summary>Copies a field exactly as it was read.</summary>
    public ProtoWriter Field(ProtoField field)
    {
        switch (field.Wire)
        {
            case WireType.Varint:
                WriteKey(field.Number, WireType.Varint);
                WriteVarint(field.Varint);
                break;
            case WireType.Len:
                Bytes(field.Number, field.Payload.Span);
                break;
            default:
                WriteKey(field.Number, field.Wire);
                _stream.Write(field.Payload.Span);
                break;
        }
        return this;
    }

    private void WriteKey(int number, WireType wire) => WriteVarint(((ulong)number << 3) | (uint)wire);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }
}
