package org.cemsflow.correlation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.cemsflow.avro.Reading;

/**
 * The readings of one upload of a device (one DataTime and record kind), as the device rules judge
 * it. Its readings by code are built once, on first use, for every rule that looks codes up: the
 * map is the same (same construction, same iteration order) as each rule used to build for itself.
 * Not state: an upload lives for one call of the rules.
 */
final class Upload extends ArrayList<Reading> {
    private static final long serialVersionUID = 1L;

    private transient Map<String, Reading> byCode;

    Upload() {
        super(16);
    }

    /** The readings by code (the last of a code wins); read-only for the rules. */
    Map<String, Reading> byCode() {
        if (byCode == null) {
            byCode = new HashMap<>();
            for (Reading r : this) {
                byCode.put(r.getCode(), r);
            }
        }
        return byCode;
    }
}
