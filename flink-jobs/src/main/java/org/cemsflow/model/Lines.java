package org.cemsflow.model;

import java.nio.charset.StandardCharsets;

/** Conversions between the byte view used for checks and the text written to dead letters. */
public final class Lines {
    private Lines() {}

    /** The line as written in dead letters: UTF-8, bad bytes as U+FFFD. */
    public static String rawText(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return new String(
                        latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
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

    /** A Kafka record's text without the CR/LF a sender may have left at its end. */
    public static String withoutLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** Strips one trailing CR (lines end in CR LF or LF). */
    public static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
