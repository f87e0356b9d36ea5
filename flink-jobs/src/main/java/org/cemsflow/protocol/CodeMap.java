package org.cemsflow.protocol;

import java.util.Map;

/** HJ/T 212-2005 codes and their HJ 212-2017 names. Values are never converted. */
public final class CodeMap {
    private static final Map<String, String> OLD_TO_NEW = Map.ofEntries(
            Map.entry("01", "a34013"), Map.entry("02", "a21026"), Map.entry("03", "a21002"),
            Map.entry("04", "a21005"), Map.entry("S01", "a19001"), Map.entry("S02", "a01011"),
            Map.entry("S03", "a01012"), Map.entry("S04", "a01017"), Map.entry("S05", "a01014"),
            Map.entry("S07", "a01016"), Map.entry("S08", "a01013"), Map.entry("B02", "a00000"),
            Map.entry("B01", "w00000"), Map.entry("011", "w01018"), Map.entry("060", "w21003"),
            Map.entry("101", "w21011"), Map.entry("065", "w21001"), Map.entry("001", "w01001"),
            Map.entry("003", "w01012"));

    private CodeMap() {}

    /** The 2017 name of a code; 2017 and unknown codes are returned as sent. */
    public static String to2017(String code) {
        String renamed = OLD_TO_NEW.get(code);
        return renamed != null ? renamed : code;
    }
}
