package org.cemsflow.protocol;

/**
 * The field names of a data item ({@code code-Field=value}) a reading keeps, found in the frame's
 * text without a substring. The constants are named as the protocol writes the fields, so {@link
 * #name()} is the field's text.
 */
enum Fields {
    Rtd,
    Avg,
    Min,
    Max,
    Cou,
    ZsRtd,
    ZsMin,
    ZsAvg,
    ZsMax,
    ZsCou,
    Flag,
    RS,
    Ala,
    SampleTime;

    /** The field named {@code s[from, to)}, or null when it is not one a reading keeps. */
    static Fields of(String s, int from, int to) {
        Fields f =
                switch (to - from) {
                    // the common fields decided by one or two chars, then checked whole below
                    case 3 ->
                            switch (s.charAt(from)) {
                                case 'R' -> Rtd;
                                case 'A' -> s.charAt(from + 1) == 'v' ? Avg : Ala;
                                case 'M' -> s.charAt(from + 1) == 'i' ? Min : Max;
                                case 'C' -> Cou;
                                default -> null;
                            };
                    case 4 -> Flag;
                    case 5 ->
                            switch (s.charAt(from + 2)) {
                                case 'R' -> ZsRtd;
                                case 'A' -> ZsAvg;
                                case 'C' -> ZsCou;
                                case 'M' -> s.charAt(from + 3) == 'i' ? ZsMin : ZsMax;
                                default -> null;
                            };
                    case 2 -> RS;
                    case 10 -> SampleTime;
                    default -> null;
                };
        return f != null && s.regionMatches(from, f.name(), 0, to - from) ? f : null;
    }
}
