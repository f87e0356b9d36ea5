package org.cemsflow.protocol;

import org.cemsflow.model.Pollutants;

/**
 * The pollutant codes a frame names, looked up from the frame's text without a substring: every
 * known 2005 and 2017 code maps to its one 2017 string ({@link CodeMap#to2017}), so a decoded
 * reading's code is a shared constant. Codes outside the pollutant list (a device's parameters:
 * 13 of the 29 codes of the real captures, a fifth of their readings) are shared too once seen:
 * the first frame that names one adds it to a second table, up to {@link #MAX_OTHERS} of them, so
 * that later frames neither cut a substring nor hash it anew (a shared string keeps its hash).
 * The first table is immutable after class initialisation; the second is replaced whole when a
 * code is added (copy on write, published through a volatile field), so both are safe from any
 * thread. Past that bound a code is cut from the text and returned as sent, as before: garbage
 * codes cannot grow the table.
 */
final class CodeTable {
    private static final String[] KEYS;
    private static final String[] VALUES;

    static {
        java.util.Set<String> codes = new java.util.LinkedHashSet<>();
        for (Pollutants.Pollutant p : Pollutants.all()) {
            codes.add(p.code());
            if (p.code2005() != null) {
                codes.add(p.code2005());
            }
        }
        int size = Integer.highestOneBit(Math.max(4, codes.size()) * 4);
        KEYS = new String[size];
        VALUES = new String[size];
        for (String code : codes) {
            int i = slot(hash(code, 0, code.length()), size - 1);
            while (KEYS[i] != null) {
                i = (i + 1) & (size - 1);
            }
            KEYS[i] = code;
            VALUES[i] = CodeMap.to2017(code);
        }
    }

    private CodeTable() {}

    /** {@code CodeMap.to2017(s.substring(from, to))}. */
    static String code2017(String s, int from, int to) {
        return code2017(s, from, to, hash(s, from, to));
    }

    /**
     * {@link #code2017(String, int, int)} where the caller has already computed {@code h = 31 * h
     * + c} over the code's chars (the decoder does while it looks for the code's end).
     */
    static String code2017(String s, int from, int to, int h) {
        int len = to - from;
        int mask = KEYS.length - 1;
        for (int i = slot(h, mask); KEYS[i] != null; i = (i + 1) & mask) {
            String k = KEYS[i];
            if (k.length() == len && s.regionMatches(from, k, 0, len)) {
                return VALUES[i];
            }
        }
        String[] others = otherCodes;
        int omask = others.length / 2 - 1;
        for (int i = slot(h, omask); others[2 * i] != null; i = (i + 1) & omask) {
            String k = others[2 * i];
            if (k.length() == len && s.regionMatches(from, k, 0, len)) {
                return others[2 * i + 1];
            }
        }
        return addOther(s.substring(from, to), h);
    }

    /** The most codes outside the pollutant list kept shared (a province sends a few dozen). */
    static final int MAX_OTHERS = 1024;

    /**
     * Codes outside the pollutant list seen so far: pairs of slots (the code as sent, its 2017
     * name), open addressing by the code's hash, at most half full.
     */
    private static volatile String[] otherCodes = new String[2 * 64];

    private static int otherCount;

    /** The 2017 name of {@code code}, added to the shared codes while there is room. */
    private static synchronized String addOther(String code, int h) {
        String[] others = otherCodes;
        int size = others.length / 2;
        for (int i = slot(h, size - 1); others[2 * i] != null; i = (i + 1) & (size - 1)) {
            if (others[2 * i].equals(code)) {
                return others[2 * i + 1]; // another thread added it
            }
        }
        String renamed = CodeMap.to2017(code);
        if (otherCount >= MAX_OTHERS) {
            return renamed;
        }
        int newSize = 2 * (otherCount + 1) > size ? 2 * size : size;
        String[] next = new String[2 * newSize];
        for (int j = 0; j < size; j++) {
            if (others[2 * j] != null) {
                put(next, others[2 * j], others[2 * j + 1]);
            }
        }
        put(next, code, renamed);
        otherCount++;
        otherCodes = next;
        return renamed;
    }

    private static void put(String[] table, String code, String renamed) {
        int mask = table.length / 2 - 1;
        int i = slot(code.hashCode(), mask);
        while (table[2 * i] != null) {
            i = (i + 1) & mask;
        }
        table[2 * i] = code;
        table[2 * i + 1] = renamed;
    }

    /** {@code String.hashCode} of {@code s[from, to)}. */
    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private static int slot(int h, int mask) {
        return (h ^ (h >>> 16)) & mask;
    }
}
