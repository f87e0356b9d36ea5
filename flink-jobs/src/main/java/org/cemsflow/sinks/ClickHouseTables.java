package org.cemsflow.sinks;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.correlation.AnomalyEpisodes;
import org.cemsflow.quality.DataQuality;
import org.cemsflow.quota.QuotaUsage;
import org.cemsflow.supervision.Lead;
import org.cemsflow.supervision.Order;

/** The tables of sql/migrations and how each stream's records bind to their columns. */
public final class ClickHouseTables {
    private ClickHouseTables() {}

    public static ClickHouseSink<Aggregate> hourly(CemsflowSettings s) {
        return sink(s, "cemsflow.hourly_means", List.of("mn", "point_id", "unit_id", "pollutant", "period_start",
                "avg", "min", "max", "zs_avg", "coverage_min", "valid", "emission_kg", "volume_m3", "source", "revision"),
                (ps, a) -> {
                    bindAggregate(ps, a);
                    ps.setString(14, a.getSource() == null ? "" : a.getSource());
                    ps.setLong(15, a.getRevision());
                });
    }

    public static ClickHouseSink<Aggregate> daily(CemsflowSettings s) {
        return sink(s, "cemsflow.daily_means", List.of("mn", "point_id", "unit_id", "pollutant", "period_start",
                "avg", "min", "max", "zs_avg", "coverage_min", "valid", "emission_kg", "volume_m3", "revision"),
                (ps, a) -> {
                    bindAggregate(ps, a);
                    ps.setLong(14, a.getRevision());
                });
    }

    public static ClickHouseSink<RejectedFrame> rejected(CemsflowSettings s) {
        return sink(s, "cemsflow.rejected_frames",
                List.of("source", "reason", "detail", "raw", "mn", "data_time", "received_at"),
                (ps, r) -> {
                    ps.setString(1, r.getSource());
                    ps.setString(2, r.getReason());
                    ps.setString(3, r.getDetail() == null ? "" : r.getDetail());
                    ps.setString(4, r.getRaw());
                    ps.setString(5, r.getMn() == null ? "" : r.getMn());
                    setSeconds(ps, 6, r.getDataTime());
                    ps.setLong(7, (r.getReceivedAt() == null ? 0L : r.getReceivedAt()) / 1000);
                });
    }

    public static ClickHouseSink<DataQuality> quality(CemsflowSettings s) {
        return sink(s, "cemsflow.data_quality", List.of("mn", "day", "frames", "readings", "valid_hours",
                "rejected_bad_length", "rejected_bad_crc", "rejected_unknown_device", "rejected_bad_password",
                "rejected_bad_timestamp", "rejected_bad_value", "rejected_late", "revision"),
                (ps, q) -> {
                    ps.setString(1, q.mn);
                    ps.setString(2, q.day);
                    ps.setLong(3, q.frames);
                    ps.setLong(4, q.readings);
                    ps.setLong(5, q.validHours);
                    ps.setLong(6, q.rejectedBadLength);
                    ps.setLong(7, q.rejectedBadCrc);
                    ps.setLong(8, q.rejectedUnknownDevice);
                    ps.setLong(9, q.rejectedBadPassword);
                    ps.setLong(10, q.rejectedBadTimestamp);
                    ps.setLong(11, q.rejectedBadValue);
                    ps.setLong(12, q.rejectedLate);
                    ps.setLong(13, q.revision);
                });
    }

    public static ClickHouseSink<AlertEvent> alerts(CemsflowSettings s) {
        return sink(s, "cemsflow.alerts", List.of("alert_id", "type", "severity", "unit_id", "point_id", "mn",
                "pollutant", "window_start", "window_end", "value", "limit_value", "detected_at", "deadline", "rule",
                "evidence", "state", "last_event", "sequence", "channel"),
                (ps, e) -> {
                    Alert a = bindAlertWindow(ps, e);
                    ps.setString(19, channel(a));
                    setDouble(ps, 10, a.getValue());
                    setDouble(ps, 11, a.getLimit());
                    ps.setLong(12, a.getDetectedAt() / 1000);
                    ps.setLong(13, a.getDeadline() / 1000);
                    ps.setString(14, a.getRule());
                    ps.setString(15, a.getEvidence());
                    ps.setString(16, e.getEvent() == AlertEventType.RETRACTED ? "RETRACTED" : "OPEN");
                    ps.setString(17, e.getEvent().name());
                    ps.setLong(18, e.getSequence());
                });
    }

    /** Correlation episodes (sql/migrations/0011): the alert states ({@link #changesAlert}) of correlation alerts. */
    public static ClickHouseSink<AlertEvent> anomalyEpisodes(CemsflowSettings s) {
        return sink(s, "cemsflow.anomaly_episodes", List.of("alert_id", "type", "severity", "unit_id", "point_id", "mn",
                "code", "started_at", "ended_at", "duration_min", "ongoing", "retracted", "detected_at", "value", "evidence",
                "sequence"),
                (ps, e) -> {
                    Alert a = bindAlertWindow(ps, e);
                    ps.setLong(10, Math.max(0, (a.getWindowEnd() - a.getWindowStart()) / 60_000));
                    ps.setInt(11, AnomalyEpisodes.ongoing(e) ? 1 : 0);
                    ps.setInt(12, e.getEvent() == AlertEventType.RETRACTED ? 1 : 0);
                    ps.setLong(13, a.getDetectedAt() / 1000);
                    setDouble(ps, 14, a.getValue());
                    ps.setString(15, a.getEvidence());
                    ps.setLong(16, e.getSequence());
                });
    }

    /** The events that change an alert's own state (the order's events change the order, not the alert). */
    public static boolean changesAlert(AlertEvent e) {
        return switch (e.getEvent()) {
            case OPENED, UPDATED, RETRACTED, REOPENED -> true;
            default -> false;
        };
    }

    public static ClickHouseSink<Order> orders(CemsflowSettings s) {
        return sink(s, "cemsflow.orders", List.of("alert_id", "unit_id", "type", "opened_at", "deadline", "state",
                "answered_at", "verdict", "escalation_level", "version"),
                (ps, o) -> {
                    ps.setString(1, o.alertId);
                    ps.setString(2, nz(o.unitId));
                    ps.setString(3, o.alert == null ? "" : o.alert.getType());
                    ps.setLong(4, o.openedAt / 1000);
                    ps.setLong(5, o.deadline / 1000);
                    ps.setString(6, o.state.name());
                    setSeconds(ps, 7, o.answeredAt);
                    ps.setString(8, nz(o.verdict));
                    ps.setString(9, nz(o.escalationLevel));
                    ps.setLong(10, o.version);
                });
    }

    /** The alert's channel as the tables and the JSON form write it: order, notice or lead. */
    public static String channel(Alert a) {
        return (a.getChannel() == null ? org.cemsflow.avro.AlertChannel.ORDER : a.getChannel()).name()
                .toLowerCase(java.util.Locale.ROOT);
    }

    public static ClickHouseSink<Lead> leads(CemsflowSettings s) {
        return sink(s, "cemsflow.leads", List.of("alert_id", "unit_id", "type", "opened_at", "state", "reviewed_at",
                "verdict", "reviewed_by", "text", "version"),
                (ps, l) -> {
                    ps.setString(1, l.alertId);
                    ps.setString(2, nz(l.unitId));
                    ps.setString(3, l.type);
                    ps.setLong(4, l.openedAt / 1000);
                    ps.setString(5, l.state.name());
                    setSeconds(ps, 6, l.reviewedAt);
                    ps.setString(7, nz(l.verdict));
                    ps.setString(8, nz(l.by));
                    ps.setString(9, nz(l.text));
                    ps.setLong(10, l.version);
                });
    }

    public static ClickHouseSink<QuotaUsage> quota(CemsflowSettings s) {
        return sink(s, "cemsflow.quota_usage", List.of("unit_id", "pollutant", "year", "month", "measured_kg",
                "substituted_kg", "ytd_emitted_kg", "ytd_substituted_kg", "permitted_kg", "ratio", "version"),
                (ps, u) -> {
                    ps.setString(1, u.unitId);
                    ps.setString(2, u.pollutant);
                    ps.setInt(3, u.year);
                    ps.setInt(4, u.month);
                    ps.setDouble(5, u.measuredKg);
                    ps.setDouble(6, u.substitutedKg);
                    ps.setDouble(7, u.ytdEmittedKg);
                    ps.setDouble(8, u.ytdSubstitutedKg);
                    setDouble(ps, 9, u.permittedKg);
                    setDouble(ps, 10, u.ratio);
                    ps.setLong(11, u.version);
                });
    }

    public static ClickHouseSink<AlertEvent> alertEvents(CemsflowSettings s) {
        return sink(s, "cemsflow.alert_events", List.of("event_id", "alert_id", "sequence", "event", "at", "alert_json"),
                (ps, e) -> {
                    ps.setString(1, e.getEventId());
                    ps.setString(2, e.getAlertId());
                    ps.setLong(3, e.getSequence());
                    ps.setString(4, e.getEvent().name());
                    ps.setLong(5, e.getAt() / 1000);
                    ps.setString(6, AlertJson.alert(e.getAlert()));
                });
    }

    /**
     * The first nine columns that cemsflow.alerts and cemsflow.anomaly_episodes share: id, type,
     * severity, unit, point, device, code, window start and end.
     */
    private static Alert bindAlertWindow(PreparedStatement ps, AlertEvent e) throws SQLException {
        Alert a = e.getAlert();
        ps.setString(1, a.getAlertId());
        ps.setString(2, a.getType());
        ps.setString(3, a.getSeverity());
        ps.setString(4, nz(a.getUnitId()));
        ps.setString(5, nz(a.getPointId()));
        ps.setString(6, nz(a.getMn()));
        ps.setString(7, nz(a.getPollutant()));
        ps.setLong(8, a.getWindowStart() / 1000);
        ps.setLong(9, a.getWindowEnd() / 1000);
        return a;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static <T> ClickHouseSink<T> sink(CemsflowSettings s, String table, List<String> cols,
                                              ClickHouseSink.RowBinder<T> binder) {
        return new ClickHouseSink<>(new ClickHouseSink.ClickHouseConnection(s.get("clickhouse.url")), table, cols,
                binder, s.batchSize(), s.duration("clickhouse.flush-interval"), s.maxRetries());
    }

    private static void bindAggregate(PreparedStatement ps, Aggregate a) throws SQLException {
        ps.setString(1, a.getMn());
        ps.setString(2, a.getPointId() == null ? "" : a.getPointId());
        ps.setString(3, a.getUnitId() == null ? "" : a.getUnitId());
        ps.setString(4, a.getPollutant());
        // DateTime as epoch seconds: 18.16 lacks the functions that timestamp binds call
        ps.setLong(5, a.getPeriodStart() / 1000);
        setDouble(ps, 6, a.getAvg());
        setDouble(ps, 7, a.getMin());
        setDouble(ps, 8, a.getMax());
        setDouble(ps, 9, a.getZsAvg());
        ps.setInt(10, a.getCoverageMin());
        ps.setInt(11, a.getValid() ? 1 : 0);
        setDouble(ps, 12, a.getEmissionKg());
        setDouble(ps, 13, a.getVolumeM3());
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setSeconds(PreparedStatement ps, int i, Long epochMs) throws SQLException {
        if (epochMs == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, epochMs / 1000);
        }
    }
}
