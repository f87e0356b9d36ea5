package org.cemsflow.sinks;

import java.sql.Types;
import java.util.List;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.JobOptions;
import org.cemsflow.config.SettingsException;
import org.cemsflow.correlation.AnomalyEpisodes;
import org.cemsflow.quality.DataQuality;
import org.cemsflow.quota.QuotaUsage;
import org.cemsflow.reference.DimensionRow;
import org.cemsflow.supervision.Lead;
import org.cemsflow.supervision.Order;

/** The tables of sql/migrations and how each stream's records bind to their columns. */
public final class ClickHouseTables {
    private ClickHouseTables() {}

    public static ClickHouseSink<Aggregate> hourly(CemsflowSettings s) {
        return hourly(s, "cemsflow.hourly_means");
    }

    /** Hourly rows into {@code table}, a table of hourly_means's columns (the benchmark's copy). */
    public static ClickHouseSink<Aggregate> hourly(CemsflowSettings s, String table) {
        return sink(
                s,
                table,
                List.of(
                        "mn",
                        "point_id",
                        "unit_id",
                        "pollutant",
                        "period_start",
                        "avg",
                        "min",
                        "max",
                        "zs_avg",
                        "coverage_min",
                        "valid",
                        "emission_kg",
                        "volume_m3",
                        "source",
                        "revision"),
                (to, a) -> {
                    bindAggregate(to, a);
                    to.setString(14, a.getSource() == null ? "" : a.getSource());
                    to.setLong(15, a.getReadings());
                });
    }

    public static ClickHouseSink<Aggregate> daily(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.daily_means",
                List.of(
                        "mn",
                        "point_id",
                        "unit_id",
                        "pollutant",
                        "period_start",
                        "avg",
                        "min",
                        "max",
                        "zs_avg",
                        "coverage_min",
                        "valid",
                        "emission_kg",
                        "volume_m3",
                        "revision"),
                (to, a) -> {
                    bindAggregate(to, a);
                    to.setLong(14, a.getReadings());
                });
    }

    public static ClickHouseSink<RejectedFrame> rejected(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.rejected_frames",
                List.of("source", "reason", "detail", "raw", "mn", "data_time", "received_at"),
                (to, r) -> {
                    to.setString(1, r.getSource());
                    to.setString(2, r.getReason());
                    to.setString(3, r.getDetail() == null ? "" : r.getDetail());
                    to.setString(4, r.getRaw());
                    to.setString(5, r.getMn() == null ? "" : r.getMn());
                    setSeconds(to, 6, r.getDataTime());
                    to.setLong(7, (r.getReceivedAt() == null ? 0L : r.getReceivedAt()) / 1000);
                });
    }

    public static ClickHouseSink<DataQuality> quality(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.data_quality",
                List.of(
                        "mn",
                        "day",
                        "frames",
                        "readings",
                        "valid_hours",
                        "rejected_bad_length",
                        "rejected_bad_crc",
                        "rejected_unknown_device",
                        "rejected_bad_password",
                        "rejected_bad_timestamp",
                        "rejected_bad_value",
                        "rejected_late",
                        "rejected_no_key",
                        "rejected_incomplete",
                        "backfilled_frames",
                        "heartbeats",
                        "revision"),
                (to, q) -> {
                    to.setString(1, q.mn);
                    to.setString(2, q.day);
                    to.setLong(3, q.frames);
                    to.setLong(4, q.readings);
                    to.setLong(5, q.validHours);
                    to.setLong(6, q.rejectedBadLength);
                    to.setLong(7, q.rejectedBadCrc);
                    to.setLong(8, q.rejectedUnknownDevice);
                    to.setLong(9, q.rejectedBadPassword);
                    to.setLong(10, q.rejectedBadTimestamp);
                    to.setLong(11, q.rejectedBadValue);
                    to.setLong(12, q.rejectedLate);
                    to.setLong(13, q.rejectedNoKey);
                    to.setLong(14, q.rejectedIncomplete);
                    to.setLong(15, q.backfilledFrames);
                    to.setLong(16, q.heartbeats);
                    to.setLong(17, q.version());
                });
    }

    public static ClickHouseSink<AlertEvent> alerts(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.alerts",
                List.of(
                        "alert_id",
                        "type",
                        "severity",
                        "unit_id",
                        "point_id",
                        "mn",
                        "pollutant",
                        "window_start",
                        "window_end",
                        "value",
                        "limit_value",
                        "detected_at",
                        "deadline",
                        "rule",
                        "evidence",
                        "state",
                        "last_event",
                        "sequence",
                        "channel"),
                (to, e) -> {
                    Alert a = bindAlertWindow(to, e);
                    to.setString(19, channel(a));
                    setDouble(to, 10, a.getValue());
                    setDouble(to, 11, a.getLimit());
                    to.setLong(12, a.getDetectedAt() / 1000);
                    to.setLong(13, a.getDeadline() / 1000);
                    to.setString(14, a.getRule());
                    to.setString(15, a.getEvidence());
                    to.setString(
                            16, e.getEvent() == AlertEventType.RETRACTED ? "RETRACTED" : "OPEN");
                    to.setString(17, e.getEvent().name());
                    to.setLong(18, e.getSequence());
                });
    }

    /** Correlation episodes (sql/migrations/0011): the alert states ({@link #changesAlert}) of correlation alerts. */
    public static ClickHouseSink<AlertEvent> anomalyEpisodes(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.anomaly_episodes",
                List.of(
                        "alert_id",
                        "type",
                        "severity",
                        "unit_id",
                        "point_id",
                        "mn",
                        "code",
                        "started_at",
                        "ended_at",
                        "duration_min",
                        "ongoing",
                        "retracted",
                        "detected_at",
                        "value",
                        "evidence",
                        "sequence"),
                (to, e) -> {
                    Alert a = bindAlertWindow(to, e);
                    to.setLong(10, Math.max(0, (a.getWindowEnd() - a.getWindowStart()) / 60_000));
                    to.setInt(11, AnomalyEpisodes.ongoing(e) ? 1 : 0);
                    to.setInt(12, e.getEvent() == AlertEventType.RETRACTED ? 1 : 0);
                    to.setLong(13, a.getDetectedAt() / 1000);
                    setDouble(to, 14, a.getValue());
                    to.setString(15, a.getEvidence());
                    to.setLong(16, e.getSequence());
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
        return sink(
                s,
                "cemsflow.orders",
                List.of(
                        "alert_id",
                        "unit_id",
                        "type",
                        "opened_at",
                        "deadline",
                        "state",
                        "answered_at",
                        "verdict",
                        "escalation_level",
                        "version"),
                (to, o) -> {
                    to.setString(1, o.alertId);
                    to.setString(2, nz(o.unitId));
                    to.setString(3, o.alert == null ? "" : o.alert.getType());
                    to.setLong(4, o.openedAt / 1000);
                    to.setLong(5, o.deadline / 1000);
                    to.setString(6, o.state.name());
                    setSeconds(to, 7, o.answeredAt);
                    to.setString(8, nz(o.verdict));
                    to.setString(9, nz(o.escalationLevel));
                    to.setLong(10, o.version);
                });
    }

    /** The alert's channel as the tables and the JSON form write it: order, notice or lead. */
    public static String channel(Alert a) {
        return (a.getChannel() == null ? org.cemsflow.avro.AlertChannel.ORDER : a.getChannel())
                .name()
                .toLowerCase(java.util.Locale.ROOT);
    }

    public static ClickHouseSink<Lead> leads(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.leads",
                List.of(
                        "alert_id",
                        "unit_id",
                        "type",
                        "opened_at",
                        "state",
                        "reviewed_at",
                        "verdict",
                        "reviewed_by",
                        "text",
                        "version"),
                (to, l) -> {
                    to.setString(1, l.alertId);
                    to.setString(2, nz(l.unitId));
                    to.setString(3, l.type);
                    to.setLong(4, l.openedAt / 1000);
                    to.setString(5, l.state.name());
                    setSeconds(to, 6, l.reviewedAt);
                    to.setString(7, nz(l.verdict));
                    to.setString(8, nz(l.by));
                    to.setString(9, nz(l.text));
                    to.setLong(10, l.version);
                });
    }

    public static ClickHouseSink<QuotaUsage> quota(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.quota_usage",
                List.of(
                        "unit_id",
                        "pollutant",
                        "year",
                        "month",
                        "measured_kg",
                        "substituted_kg",
                        "ytd_emitted_kg",
                        "ytd_substituted_kg",
                        "permitted_kg",
                        "ratio",
                        "version"),
                (to, u) -> {
                    to.setString(1, u.unitId);
                    to.setString(2, u.pollutant);
                    to.setInt(3, u.year);
                    to.setInt(4, u.month);
                    to.setDouble(5, u.measuredKg);
                    to.setDouble(6, u.substitutedKg);
                    to.setDouble(7, u.ytdEmittedKg);
                    to.setDouble(8, u.ytdSubstitutedKg);
                    setDouble(to, 9, u.permittedKg);
                    setDouble(to, 10, u.ratio);
                    to.setLong(11, u.version);
                });
    }

    public static ClickHouseSink<AlertEvent> alertEvents(CemsflowSettings s) {
        return sink(
                s,
                "cemsflow.alert_events",
                List.of("event_id", "alert_id", "sequence", "event", "at", "alert_json"),
                (to, e) -> {
                    to.setString(1, e.getEventId());
                    to.setString(2, e.getAlertId());
                    to.setLong(3, e.getSequence());
                    to.setString(4, e.getEvent().name());
                    to.setLong(5, e.getAt() / 1000);
                    to.setString(6, AlertJson.alert(e.getAlert()));
                });
    }

    /**
     * The first nine columns that cemsflow.alerts and cemsflow.anomaly_episodes share: id, type,
     * severity, unit, point, device, code, window start and end.
     */
    private static Alert bindAlertWindow(RowBatch.Row to, AlertEvent e) {
        Alert a = e.getAlert();
        to.setString(1, a.getAlertId());
        to.setString(2, a.getType());
        to.setString(3, a.getSeverity());
        to.setString(4, nz(a.getUnitId()));
        to.setString(5, nz(a.getPointId()));
        to.setString(6, nz(a.getMn()));
        to.setString(7, nz(a.getPollutant()));
        to.setLong(8, a.getWindowStart() / 1000);
        to.setLong(9, a.getWindowEnd() / 1000);
        return a;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The sink of one dimension table; rows of the other tables must be filtered out before it. */
    public static ClickHouseSink<DimensionRow> dimension(
            CemsflowSettings s, DimensionRow.Table table) {
        return switch (table) {
            case UNITS ->
                    sink(
                            s,
                            "cemsflow.dim_units",
                            List.of("unit_id", "unit_name", "version"),
                            (to, r) -> {
                                to.setString(1, r.id);
                                to.setString(2, r.name);
                                to.setLong(3, r.version);
                            });
            case POINTS ->
                    sink(
                            s,
                            "cemsflow.dim_points",
                            List.of(
                                    "point_id",
                                    "mn",
                                    "unit_id",
                                    "medium",
                                    "o2_ref",
                                    "minute_interval",
                                    "removed",
                                    "version"),
                            (to, r) -> {
                                to.setString(1, r.id == null ? "" : r.id);
                                to.setString(2, r.mn);
                                to.setString(3, r.unitId == null ? "" : r.unitId);
                                to.setString(4, r.medium == null ? "" : r.medium);
                                setDouble(to, 5, r.o2Ref);
                                if (r.minuteInterval == null) {
                                    to.setNull(6, Types.INTEGER);
                                } else {
                                    to.setInt(6, r.minuteInterval);
                                }
                                to.setInt(7, r.removed ? 1 : 0);
                                to.setLong(8, r.version);
                            });
            case METERS ->
                    sink(
                            s,
                            "cemsflow.dim_meters",
                            List.of("mn", "unit_id", "role", "rated_kw", "removed", "version"),
                            (to, r) -> {
                                to.setString(1, r.id);
                                to.setString(2, r.unitId == null ? "" : r.unitId);
                                to.setString(3, r.kind == null ? "" : r.kind);
                                setDouble(to, 4, r.value);
                                to.setInt(5, r.removed ? 1 : 0);
                                to.setLong(6, r.version);
                            });
            case LIMITS ->
                    sink(
                            s,
                            "cemsflow.dim_limits",
                            List.of(
                                    "point_id",
                                    "pollutant",
                                    "averaging",
                                    "valid_from",
                                    "limit_value",
                                    "removed",
                                    "version"),
                            (to, r) -> {
                                to.setString(1, r.id);
                                to.setString(2, r.pollutant);
                                to.setString(3, r.kind);
                                to.setLong(4, r.validFrom == null ? 0 : r.validFrom / 1000);
                                to.setDouble(5, r.value);
                                to.setInt(6, r.removed ? 1 : 0);
                                to.setLong(7, r.version);
                            });
            case PERMITS ->
                    sink(
                            s,
                            "cemsflow.dim_permits",
                            List.of(
                                    "unit_id",
                                    "pollutant",
                                    "year",
                                    "permitted_kg",
                                    "valid_from",
                                    "removed",
                                    "version"),
                            (to, r) -> {
                                to.setString(1, r.id);
                                to.setString(2, r.pollutant);
                                to.setInt(3, r.year);
                                to.setDouble(4, r.value);
                                setSeconds(to, 5, r.validFrom);
                                to.setInt(6, r.removed ? 1 : 0);
                                to.setLong(7, r.version);
                            });
            case POLLUTANTS ->
                    sink(
                            s,
                            "cemsflow.dim_pollutants",
                            List.of("code", "code_2005", "name_zh", "name_en", "unit", "version"),
                            (to, r) -> {
                                to.setString(1, r.id);
                                to.setString(2, r.code2005);
                                to.setString(3, r.name);
                                to.setString(4, r.nameEn);
                                to.setString(5, r.measure);
                                to.setLong(6, r.version);
                            });
        };
    }

    private static <T> ClickHouseSink<T> sink(
            CemsflowSettings s,
            String table,
            List<String> cols,
            ClickHouseSink.RowBinder<T> binder) {
        ClickHouseSink.ClickHouseConnection connection =
                new ClickHouseSink.ClickHouseConnection(s.get(JobOptions.CLICKHOUSE_URL));
        try {
            connection.endpoint();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(
                    "setting 'clickhouse.url' = '"
                            + s.get(JobOptions.CLICKHOUSE_URL)
                            + "' is not a ClickHouse URL (jdbc:clickhouse://host:port/database or"
                            + " http://host:port/database)");
        }
        return new ClickHouseSink<>(
                connection,
                table,
                cols,
                binder,
                s.get(JobOptions.CLICKHOUSE_BATCH_SIZE),
                s.get(JobOptions.CLICKHOUSE_MAX_RETRIES));
    }

    private static void bindAggregate(RowBatch.Row to, Aggregate a) {
        to.setString(1, a.getMn());
        to.setString(2, a.getPointId() == null ? "" : a.getPointId());
        to.setString(3, a.getUnitId() == null ? "" : a.getUnitId());
        to.setString(4, a.getPollutant());
        // DateTime as epoch seconds: 18.16 lacks the functions that timestamp binds call
        to.setLong(5, a.getPeriodStart() / 1000);
        setDouble(to, 6, a.getAvg());
        setDouble(to, 7, a.getMin());
        setDouble(to, 8, a.getMax());
        setDouble(to, 9, a.getZsAvg());
        to.setInt(10, a.getCoverageMin());
        to.setInt(11, a.getValid() ? 1 : 0);
        setDouble(to, 12, a.getEmissionKg());
        setDouble(to, 13, a.getVolumeM3());
    }

    private static void setDouble(RowBatch.Row to, int i, Double v) {
        if (v == null) {
            to.setNull(i, Types.DOUBLE);
        } else {
            to.setDouble(i, v);
        }
    }

    private static void setSeconds(RowBatch.Row to, int i, Long epochMs) {
        if (epochMs == null) {
            to.setNull(i, Types.BIGINT);
        } else {
            to.setLong(i, epochMs / 1000);
        }
    }
}
