package org.cemsflow.protocol;

/**
 * The field names of a data item ({@code code-Field=value}) a reading keeps, found in the frame's
 * text without a substring, so that the decoder's switch compares constants.
 */
final class Fields {
    private static final String[] KNOWN = {
        "Rtd",
        "Avg",
        "Min",
        "Max",
        "Cou",
        "ZsRtd",
        "ZsMin",
        "ZsAvg",
        "ZsMax",
        "ZsCou",
        "Flag",
        "RS",
        "Ala",
        "SampleTime"
    };

    private Fields() {}

    /** {@code s.substring(from, to)}, a shared constant when it is a known field. */
    static String at(String s, int from, int to) {
        int len = to - from;
        if (len >= 2 && len <= 10) {
            char first = s.charAt(from);
            for (String k : KNOWN) {
                if (k.length() == len
                        && k.charAt(0) == first
                        && s.regionMatches(from + 1, k, 1, len - 1)) {
                    return k;
                }
            }
        }
        return s.substring(from, to);
    }
}
