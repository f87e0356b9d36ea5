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
        for (String k : KNOWN) {
            if (k.length() == len && s.regionMatches(from, k, 0, len)) {
                return k;
            }
        }
        return s.substring(from, to);
    }
}
