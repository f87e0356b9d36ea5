package org.cemsflow.alerts;

import java.util.Locale;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.json.Json;

/** Alerts and their events as JSON with the field names of the alert contract (snake case, ISO-8601 local times). */
public final class AlertJson {
    private AlertJson() {}

    public static String alert(Alert a) {
        return Json.object()
                .put("alert_id", a.getAlertId())
                .put("type", a.getType())
                .put("severity", a.getSeverity())
                .put("unit_id", a.getUnitId())
                .put("point_id", a.getPointId())
                .put("mn", a.getMn())
                .put("pollutant", a.getPollutant())
                .time("window_start", a.getWindowStart())
                .time("window_end", a.getWindowEnd())
                .put("value", a.getValue())
                .put("limit", a.getLimit())
                .time("detected_at", a.getDetectedAt())
                .time("deadline", a.getDeadline())
                .put("rule", a.getRule())
                .raw("evidence", a.getEvidence())
                .put(
                        "channel",
                        (a.getChannel() == null
                                        ? org.cemsflow.avro.AlertChannel.ORDER
                                        : a.getChannel())
                                .name()
                                .toLowerCase(Locale.ROOT))
                .toString();
    }

    public static String event(AlertEvent e) {
        return Json.object()
                .put("event_id", e.getEventId())
                .put("alert_id", e.getAlertId())
                .put("event", e.getEvent().name().toLowerCase(Locale.ROOT))
                .put("sequence", (long) e.getSequence())
                .time("at", e.getAt())
                .raw("alert", alert(e.getAlert()))
                .toString();
    }
}
