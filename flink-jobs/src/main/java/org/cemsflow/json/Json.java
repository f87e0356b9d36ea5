package org.cemsflow.json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.cemsflow.time.LocalTimes;

/** A small JSON object writer for evidence and the local run's JSON lines; numbers in plain decimal. */
public final class Json {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    public static Json object() {
        return new Json();
    }

    private Json key(String k) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append(string(k)).append(':');
        return this;
    }

    public Json put(String k, String v) {
        key(k).sb.append(string(v));
        return this;
    }

    public Json put(String k, Double v) {
        key(k).sb.append(number(v));
        return this;
    }

    public Json put(String k, long v) {
        key(k).sb.append(v);
        return this;
    }

    public Json put(String k, boolean v) {
        key(k).sb.append(v);
        return this;
    }

    public Json time(String k, Long epochMs) {
        key(k).sb.append(epochMs == null ? "null" : string(LocalTimes.iso(epochMs)));
        return this;
    }

    /** A value that is already JSON text (an object, an array). */
    public Json raw(String k, String json) {
        key(k).sb.append(json == null ? "null" : json);
        return this;
    }

    @Override
    public String toString() {
        return sb.toString() + "}";
    }

    public static String number(Double d) {
        if (d == null || d.isNaN() || d.isInfinite()) {
            return "null";
        }
        return BigDecimal.valueOf(d)
                .setScale(6, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    public static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
