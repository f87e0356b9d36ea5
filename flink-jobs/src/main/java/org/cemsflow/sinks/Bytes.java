package org.cemsflow.sinks;

import java.util.Arrays;

/**
 * A growing byte buffer: a row batch's values, a request body's text, escapes and little-endian
 * numbers. Its bytes are {@code array()[start(), end())}; a buffer that wraps an array does not
 * copy it.
 */
final class Bytes {
    private byte[] buf;
    private final int start;
    private int n;

    Bytes(int capacity) {
        buf = new byte[Math.max(capacity, 256)];
        start = 0;
    }

    private Bytes(byte[] b, int from) {
        buf = b;
        start = from;
        n = b.length;
    }

    /** The bytes {@code b[from, b.length)}, not copied. */
    static Bytes wrap(byte[] b, int from) {
        return new Bytes(b, from);
    }

    byte[] array() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return n;
    }

    int length() {
        return n - start;
    }

    /** A copy of its bytes. */
    byte[] bytes() {
        return Arrays.copyOfRange(buf, start, n);
    }

    private void room(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }

    void put(byte b) {
        room(1);
        buf[n++] = b;
    }

    void put(byte[] b, int from, int len) {
        room(len);
        System.arraycopy(b, from, buf, n, len);
        n += len;
    }

    void bigEndian(long v, int bytes) {
        room(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buf[n++] = (byte) (v >>> (8 * i));
        }
    }

    /** The low bytes of the chars of {@code s}, which are all below 0x80, at once. */
    @SuppressWarnings("deprecation")
    void ascii(String s) {
        room(s.length());
        s.getBytes(0, s.length(), buf, n);
        n += s.length();
    }

    void littleEndian(long v, int bytes) {
        room(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[n++] = (byte) (v >>> (8 * i));
        }
    }

    void unsignedLeb128(int v) {
        room(5);
        while ((v & ~0x7F) != 0) {
            buf[n++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
    }

    /** {@code b[from, from + len)}, UTF-8, with the bytes TabSeparated reserves escaped. */
    void escaped(byte[] b, int from, int len) {
        for (int k = from; k < from + len; k++) {
            byte c = b[k];
            int escape =
                    switch (c) {
                        case '\\' -> '\\';
                        case '\t' -> 't';
                        case '\n' -> 'n';
                        case '\r' -> 'r';
                        case 0 -> '0';
                        default -> -1;
                    };
            if (escape < 0) {
                put(c);
            } else {
                put((byte) '\\');
                put((byte) escape);
            }
        }
    }
}
