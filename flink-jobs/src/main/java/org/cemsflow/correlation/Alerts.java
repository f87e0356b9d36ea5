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

    /** The main value of a reading flagged N (valid), or null: absent, no value, or another flag. */
    static Double validValue(org.cemsflow.avro.Reading r) {
        return r == null || !"N".equals(r.getFlag()) ? null : value(r);
    }
}
