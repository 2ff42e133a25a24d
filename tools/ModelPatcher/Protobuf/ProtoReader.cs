namespace SemanticJpeg.ModelPatcher.Protobuf;

/// <summary>
/// One field of a protobuf message as it sits on the wire. Length-delimited payloads are slices of
/// the source buffer (no copy), so a 64 MB model can be taken apart and put back together cheaply:
/// fields we do not touch (weights above all) are written back byte for byte.
/// </summary>
public readonly record struct ProtoField(int Number, WireType Wire, ulong Varint, ReadOnlyMemory<byte> Payload)
{
    public string AsString() => System.Text.Encoding.UTF8.GetString(Payload.Span);
    public long AsInt64() => unchecked((long)Varint);
}

/// <summary>Protobuf wire types (protobuf encoding spec, "Message Structure").</summary>
public enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    Len = 2,
    Fixed32 = 5,
}

public static class ProtoReader
{
    /// <summary>Splits a message into its fields, in wire order.</summary>
    public static List<ProtoField> Parse(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoField>();
        var span = message.Span;
        int i = 0;
        while (i < span.Length)
        {
            ulong key = ReadVarint(span, ref i);
            int number = (int)(key >> 3);
            var wire = (WireType)(int)(key & 7);
            switch (wire)
            {
                case WireType.Varint:
                    fields.Add(new ProtoField(number, wire, ReadVarint(span, ref i), default));
                    break;
                case WireType.Fixed64:
                    fields.Add(new ProtoField(number, wire, 0, Slice(message, ref i, 8)));
                    break;
                case WireType.Fixed32:
                    fields.Add(new ProtoField(number, wire, 0, Slice(message, ref i, 4)));
                    break;
                case WireType.Len:
                    ulong len = ReadVarint(span, ref i);
                    if (len > (ulong)(span.Length - i))
                        throw new InvalidDataException($"Protobuf field {number} claims {len} bytes but only {span.Length - i} remain.");
                    fields.Add(new ProtoField(number, wire, 0, Slice(message, ref i, (int)len)));
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {(int)wire} (field {number}) at byte {i}.");
            }
        }
        return fields;
    }

    /// <summary>Packed or unpacked repeated int64 (ONNX dims, ints attributes).</summary>
    public static List<long> ReadInt64s(IEnumerable<ProtoField> fields, int number)
    {
        var values = new List<long>();
        foreach (var f in fields)
        {
            if (f.Number != number) continue;
            if (f.Wire == WireType.Varint) { values.Add(f.AsInt64()); continue; }
            var span = f.Payload.Span;
            int i = 0;
            while (i < span.Length) values.Add(unchecked((long)ReadVarint(span, ref i)));
        }
        return values;
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> message, ref int i, int length)
    {
        if (i + length > message.Length)
            throw new InvalidDataException("Truncated protobuf message.");
        var slice = message.Slice(i, length);
        i += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int i)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (i >= span.Length) throw new InvalidDataException("Truncated protobuf varint.");
            byte b = span[i++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Malformed protobuf varint.");
    }
}
