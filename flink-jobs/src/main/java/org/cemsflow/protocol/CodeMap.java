package org.cemsflow.protocol;

import java.util.Map;

/** HJ/T 212-2005 codes and their HJ 212-2017 names. Values are never converted. */
public final class CodeMap {
    private static final Map<String, String> OLD_TO_NEW = new java.util.HashMap<>();

    static {
        for (org.cemsflow.model.Pollutants.Pollutant p : org.cemsflow.model.Pollutants.all()) {
            OLD_TO_NEW.put(p.code2005(), p.code());
        }
    }

    private CodeMap() {}

    /** The 2017 name of a code; 2017 and unknown codes are returned as sent. */
    public static String to2017(String code) {
        String renamed = OLD_TO_NEW.get(code);
        return renamed != null ? renamed : code;
    }
}
