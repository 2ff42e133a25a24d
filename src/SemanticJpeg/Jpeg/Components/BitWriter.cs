using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Growing byte buffer for a whole JPEG file plus an MSB-first bit accumulator for the entropy-coded
/// segment, which inserts a 0x00 after every 0xFF data byte (T.81 F.1.2.3) and pads with 1 bits (F.1.2.3).
/// </summary>
internal sealed class BitWriter
{
    private byte[] _buffer;
    private int _length;
    private ulong _acc;
    private int _bits; // valid bits in the low end of _acc, always < 32 between calls

    public BitWriter(int initialCapacity) => _buffer = new byte[Math.Max(initialCapacity, 1024)];

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void WriteUInt16(int v)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), (ushort)v);
        _length += 2;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends the low <paramref name="count"/> bits (0..32) of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PutBits(uint value, int count)
    {
        _acc = (_acc << count) | (value & (uint)((1UL << count) - 1));
        _bits += count;
        if (_bits >= 32)
        {
            _bits -= 32;
            EmitWord((uint)(_acc >> _bits));
        }
    }

    /// <summary>Pads the last byte with 1 bits and writes out everything pending (before a marker).</summary>
    public void FlushBits()
    {
        int pad = (8 - (_bits & 7)) & 7;
        if (pad > 0) PutBits(0xFF, pad);
        while (_bits >= 8)
        {
            _bits -= 8;
            EmitByte((byte)(_acc >> _bits));
        }
        _acc = 0;
    }

    private void EmitWord(uint w)
    {
        Ensure(8);
        // Fast path: no byte equals 0xFF (classic "has zero byte" test on ~w).
        uint inv = ~w;
        if (((inv - 0x01010101u) & ~inv & 0x80808080u) == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), w);
            _length += 4;
            return;
        }
        EmitByte((byte)(w >> 24));
        EmitByte((byte)(w >> 16));
        EmitByte((byte)(w >> 8));
        EmitByte((byte)w);
    }

    private void EmitByte(byte b)
    {
        Ensure(2);
        _buffer[_length++] = b;
        if (b == 0xFF) _buffer[_length++] = 0;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
