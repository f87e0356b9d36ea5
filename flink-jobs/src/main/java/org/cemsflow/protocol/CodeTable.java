package org.cemsflow.protocol;

import org.cemsflow.model.Pollutants;

/**
 * The pollutant codes a frame names, looked up from the frame's text without a substring: every
 * known 2005 and 2017 code maps to its one 2017 string ({@link CodeMap#to2017}), so a decoded
 * reading's code is a shared constant. Immutable after class initialisation, so safe from any
 * thread; an unknown code is cut from the text and returned as sent.
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
        return CodeMap.to2017(s.substring(from, to));
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
