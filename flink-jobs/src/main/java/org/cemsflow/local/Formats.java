package org.cemsflow.local;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The local-run output formats of DESIGN.md: plain decimals with at most 6 places, JSON strings. */
public final class Formats {
    private Formats() {}

    /** Plain decimal notation, at most 6 decimals, no trailing zeros; empty for null. */
    public static String number(Double d) {
        if (d == null || d.isNaN() || d.isInfinite()) {
            return "";
        }
        return BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    public static String text(String s) {
        return s == null ? "" : s;
    }

    public static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
