package org.cemsflow.protocol;

/**
 * The HJ 212 CRC: a CRC-16 with the 0xA001 polynomial that, unlike Modbus, shifts the register
 * right by 8 before each byte is folded in. Computed over the data segment bytes only.
 *
 * <p>Because the register is shifted right by 8 before each byte, only its high byte carries over
 * from one byte to the next, and the eight rounds are linear over GF(2): with {@code H(x)} the
 * high byte of the rounds applied to {@code x}, the carried byte after eight bytes is {@code
 * H⁸(s ^ b0) ^ H⁷(b1) ^ ... ^ H¹(b7)}. {@link #compute} folds eight bytes at a time that way
 * (eight independent look-ups and one dependent one, instead of eight dependent ones) and gives
 * exactly the byte-at-a-time register ({@link #step}), which the tests compare it with.
 */
public final class Hj212Crc {
    /** The eight shift-and-xor rounds applied to each possible register value after a byte is folded in. */
    private static final int[] TABLE = new int[256];

    /** {@code H^k} for k = 1..8: the carried (high) byte after k rounds of eight, from a byte. */
    private static final byte[] H1 = new byte[256],
            H2 = new byte[256],
            H3 = new byte[256],
            H4 = new byte[256],
            H5 = new byte[256],
            H6 = new byte[256],
            H7 = new byte[256],
            H8 = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            int crc = v;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[v] = crc;
        }
        byte[][] powers = {H1, H2, H3, H4, H5, H6, H7, H8};
        for (int v = 0; v < 256; v++) {
            int x = v;
            for (byte[] h : powers) {
                x = TABLE[x] >>> 8;
                h[v] = (byte) x;
            }
        }
    }

    private Hj212Crc() {}

    /** CRC of {@code len} chars of {@code s} from {@code from}; each char is one byte (ISO-8859-1 view). */
    public static int compute(CharSequence s, int from, int len) {
        if (len <= 0) {
            return INITIAL;
        }
        int last = from + len - 1;
        int carried = INITIAL >>> 8;
        int i = from;
        // every byte but the last only hands its high byte on; the last gives the whole register
        for (; i + 8 <= last; i += 8) {
            carried =
                    (H8[(carried ^ s.charAt(i)) & 0xFF]
                                    ^ H7[s.charAt(i + 1) & 0xFF]
                                    ^ H6[s.charAt(i + 2) & 0xFF]
                                    ^ H5[s.charAt(i + 3) & 0xFF]
                                    ^ H4[s.charAt(i + 4) & 0xFF]
                                    ^ H3[s.charAt(i + 5) & 0xFF]
                                    ^ H2[s.charAt(i + 6) & 0xFF]
                                    ^ H1[s.charAt(i + 7) & 0xFF])
                            & 0xFF;
        }
        for (; i < last; i++) {
            carried = H1[(carried ^ s.charAt(i)) & 0xFF] & 0xFF;
        }
        return TABLE[(carried ^ s.charAt(last)) & 0xFF];
    }

    /** The register before the first byte. */
    public static final int INITIAL = 0xFFFF;

    /** Folds one byte into the register: the definition, one byte at a time. */
    public static int step(int crc, int b) {
        // (crc >>> 8) ^ byte is below 256: the rounds that follow are a table lookup
        return TABLE[(crc >>> 8) ^ (b & 0xFF)];
    }

    public static int compute(CharSequence s) {
        return compute(s, 0, s.length());
    }
}
