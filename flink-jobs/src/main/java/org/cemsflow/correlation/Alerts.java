package org.cemsflow.correlation;

import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;

/** Builds the alert events of the correlation detectors. */
final class Alerts {
    private Alerts() {}

    static Alert alert(String type, String severity, String unit, String point, String mn, String code, long start,
                       long end, Double value, Double limit, long detectedAt, long answerMs, String rule, String evidence) {
        Alert a = new Alert();
        a.setAlertId(AlertIds.alertId(type, unit, point, code, start));
        a.setType(type);
        a.setSeverity(severity);
        a.setUnitId(unit);
        a.setPointId(point);
        a.setMn(mn);
        a.setPollutant(code);
        a.setWindowStart(start);
        a.setWindowEnd(end);
        a.setValue(value);
        a.setLimit(limit);
        a.setDetectedAt(detectedAt);
        a.setDeadline(detectedAt + answerMs);
        a.setRule(rule);
        a.setEvidence(evidence);
        return a;
    }

    static AlertEvent event(AlertEventType type, int sequence, long at, Alert a) {
        return new AlertEvent(AlertIds.eventId(a.getAlertId(), type.name(), sequence), a.getAlertId(), type, sequence, at, a);
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
