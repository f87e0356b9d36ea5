package org.cemsflow.sinks;

import java.util.Arrays;

/** A growing byte buffer for a request body: text, escapes and little-endian numbers. */
final class Bytes {
    private byte[] buf;
    private int n;

    Bytes(int capacity) {
        buf = new byte[Math.max(capacity, 256)];
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

    void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[n++] = (byte) s.charAt(i);
        }
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

    /** {@code b[from, from + n)}, UTF-8, with the bytes TabSeparated reserves escaped. */
    void escaped(byte[] b, int from, int len) {
        for (int k = from; k < from + len; k++) {
            byte c = b[k];
            switch (c) {
                case '\\' -> {
                    put((byte) '\\');
                    put((byte) '\\');
                }
                case '\t' -> {
                    put((byte) '\\');
                    put((byte) 't');
                }
                case '\n' -> {
                    put((byte) '\\');
                    put((byte) 'n');
                }
                case '\r' -> {
                    put((byte) '\\');
                    put((byte) 'r');
                }
                case 0 -> {
                    put((byte) '\\');
                    put((byte) '0');
                }
                default -> put(c);
            }
        }
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, n);
    }
}
