package org.cemsflow.protocol;

/**
 * The field names of a data item ({@code code-Field=value}) a reading keeps, found in the frame's
 * text without a substring: {@link #id} gives a small number the decoder switches on.
 */
final class Fields {
    static final int RTD = 0,
            AVG = 1,
            MIN = 2,
            MAX = 3,
            COU = 4,
            ZS_RTD = 5,
            ZS_MIN = 6,
            ZS_AVG = 7,
            ZS_MAX = 8,
            ZS_COU = 9,
            FLAG = 10,
            RS = 11,
            ALA = 12,
            SAMPLE_TIME = 13;

    /** Indexed by id. */
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

    /** The id of the field named {@code s[from, to)}, or -1 when it is not one a reading keeps. */
    static int id(String s, int from, int to) {
        int id =
                switch (to - from) {
                    // the common fields decided by one or two chars, then checked whole below
                    case 3 ->
                            switch (s.charAt(from)) {
                                case 'R' -> RTD;
                                case 'A' -> s.charAt(from + 1) == 'v' ? AVG : ALA;
                                case 'M' -> s.charAt(from + 1) == 'i' ? MIN : MAX;
                                case 'C' -> COU;
                                default -> -1;
                            };
                    case 4 -> FLAG;
                    case 5 ->
                            switch (s.charAt(from + 2)) {
                                case 'R' -> ZS_RTD;
                                case 'A' -> ZS_AVG;
                                case 'C' -> ZS_COU;
                                case 'M' -> s.charAt(from + 3) == 'i' ? ZS_MIN : ZS_MAX;
                                default -> -1;
                            };
                    case 2 -> RS;
                    case 10 -> SAMPLE_TIME;
                    default -> -1;
                };
        return id >= 0 && s.regionMatches(from, KNOWN[id], 0, to - from) ? id : -1;
    }

    /** The name of a field id. */
    static String name(int id) {
        return KNOWN[id];
    }

    /** {@code s.substring(from, to)}, a shared constant when it is a known field. */
    static String at(String s, int from, int to) {
        int id = id(s, from, to);
        return id >= 0 ? KNOWN[id] : s.substring(from, to);
    }
}
