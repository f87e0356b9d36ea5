package org.cemsflow.correlation;

import org.cemsflow.alerts.AlertFactory;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;

/** Builds the alert events of the correlation detectors. */
final class Alerts {
    private Alerts() {}

    static Alert alert(
            String type,
            String severity,
            String unit,
            String point,
            String mn,
            String code,
            long start,
            long end,
            Double value,
            Double limit,
            long detectedAt,
            long answerMs,
            String evidence) {
        return AlertFactory.alert(
                AlertIds.alertId(type, unit, point, code, start),
                type,
                severity,
                unit,
                point,
                mn,
                code,
                start,
                end,
                value,
                limit,
                detectedAt,
                detectedAt + answerMs,
                evidence);
    }

    static AlertEvent event(AlertEventType type, int sequence, long at, Alert a) {
        return AlertFactory.event(type, sequence, at, a);
    }

    /** The main value of a reading: Rtd for real-time records, else Avg; null when it has none. */
    static Double value(org.cemsflow.avro.Reading r) {
        return r.getKind() == org.cemsflow.avro.RecordKind.REALTIME ? r.getRtd() : r.getAvg();
    }

    /** At most this many codes have their state keys kept (codes come from devices' data). */
    private static final int MAX_KEYED_CODES = 4_096;

    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> CODE_KINDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A device rule's state key of a reading's code and record kind ({@code code|KIND}): one shared
     * string per pair, whose hash is computed once, instead of a new one per reading.
     */
    static String codeKindKey(org.cemsflow.avro.Reading r) {
        String code = r.getCode();
        org.cemsflow.avro.RecordKind kind = r.getKind();
        String[] keys = CODE_KINDS.get(code);
        if (keys == null) {
            if (CODE_KINDS.size() >= MAX_KEYED_CODES) {
                return code + "|" + kind;
            }
            org.cemsflow.avro.RecordKind[] kinds = org.cemsflow.avro.RecordKind.values();
            String[] made = new String[kinds.length];
            for (org.cemsflow.avro.RecordKind k : kinds) {
                made[k.ordinal()] = code + "|" + k;
            }
            String[] known = CODE_KINDS.putIfAbsent(code, made);
            keys = known != null ? known : made;
        }
        return keys[kind.ordinal()];
    }

    /**
     * Where {@code key} (a {@link #codeKindKey}) is among a device's keys, -1 when absent. The
     * shared strings are compared by identity in a first scan, so that a hit costs no string
     * comparison; a key equal but not identical (read back from a checkpoint) is found by the
     * second scan and replaced by the shared string, so that it is found by identity next time.
     */
    static int indexOfKey(String[] keys, String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                keys[i] = key;
                return i;
            }
        }
        return -1;
    }

    /** The main value of a reading flagged N (valid), or null: absent, no value, or another flag. */
    static Double validValue(org.cemsflow.avro.Reading r) {
        return r == null || !"N".equals(r.getFlag()) ? null : value(r);
    }
}
