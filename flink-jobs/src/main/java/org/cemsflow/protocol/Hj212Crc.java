package org.cemsflow.protocol;

/**
 * The HJ 212 CRC: a CRC-16 with the 0xA001 polynomial that, unlike Modbus, shifts the register
 * right by 8 before each byte is folded in. Computed over the data segment bytes only.
 */
public final class Hj212Crc {
    /** The eight shift-and-xor rounds applied to each possible register value after a byte is folded in. */
    private static final int[] TABLE = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            int crc = v;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[v] = crc;
        }
    }

    private Hj212Crc() {}

    /** CRC of {@code len} chars of {@code s} from {@code from}; each char is one byte (ISO-8859-1 view). */
    public static int compute(CharSequence s, int from, int len) {
        int crc = INITIAL;
        for (int i = from; i < from + len; i++) {
            crc = step(crc, s.charAt(i));
        }
        return crc & 0xFFFF;
    }

    /** The register before the first byte. */
    public static final int INITIAL = 0xFFFF;

    /** Folds one byte into the register. */
    public static int step(int crc, int b) {
        // (crc >>> 8) ^ byte is below 256: the rounds that follow are a table lookup
        return TABLE[(crc >>> 8) ^ (b & 0xFF)];
    }

    public static int compute(CharSequence s) {
        return compute(s, 0, s.length());
    }
}
