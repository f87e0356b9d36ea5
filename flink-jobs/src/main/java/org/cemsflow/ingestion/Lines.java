package org.cemsflow.ingestion;

import java.nio.charset.StandardCharsets;

/** Conversions between the byte view used for checks and the text written to dead letters. */
public final class Lines {
    private Lines() {}

    /** The line as written in dead letters: UTF-8, bad bytes as U+FFFD. */
    public static String rawText(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return latin1;
    }

    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Strips one trailing CR (lines end in CR LF or LF). */
    public static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
