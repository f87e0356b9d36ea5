package org.cemsflow.alerts;

import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.model.AlertType;

/**
 * The one place alerts and their events are built, whatever rule raised them; an alert's
 * {@code rule} is the clause its type enforces ({@link AlertType#clause()}). An alert leaves here
 * on the ORDER channel; the pipeline puts each rule alert on the channel its type takes
 * ({@code supervision.order-types}, {@code notice-types}, {@code lead-types}).
 */
public final class AlertFactory {
    private AlertFactory() {}

    public static Alert alert(
            String alertId,
            String type,
            String severity,
            String unit,
            String point,
            String mn,
            String pollutant,
            long windowStart,
            long windowEnd,
            Double value,
            Double limit,
            long detectedAt,
            long deadline,
            String evidence) {
        Alert a = new Alert();
        a.setAlertId(alertId);
        a.setType(type);
        a.setSeverity(severity);
        a.setUnitId(unit);
        a.setPointId(point);
        a.setMn(mn);
        a.setPollutant(pollutant);
        a.setWindowStart(windowStart);
        a.setWindowEnd(windowEnd);
        a.setValue(value);
        a.setLimit(limit);
        a.setDetectedAt(detectedAt);
        a.setDeadline(deadline);
        a.setRule(AlertType.valueOf(type).clause());
        a.setEvidence(evidence);
        a.setChannel(AlertChannel.ORDER);
        return a;
    }

    /** An event of the alert's own lifecycle; its id is the same on every replay. */
    public static AlertEvent event(AlertEventType type, int sequence, long at, Alert a) {
        return new AlertEvent(
                AlertIds.eventId(a.getAlertId(), type.name(), sequence),
                a.getAlertId(),
                type,
                sequence,
                at,
                a);
    }

    /** The first event of an alert, at its detection. */
    public static AlertEvent opened(Alert a) {
        return event(AlertEventType.OPENED, 1, a.getDetectedAt(), a);
    }
}
