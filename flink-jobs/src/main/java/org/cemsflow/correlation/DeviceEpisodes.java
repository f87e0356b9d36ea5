package org.cemsflow.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.cemsflow.alerts.AlertFactory;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.json.Json;

/**
 * One lead per device and condition: the codes of a device that meet a rule's condition at
 * overlapping times (humidity, pressure and temperature stuck at once; three pollutants of one stack
 * mis-converted) are one episode and one alert. The first code whose run qualifies opens it (its
 * id: type, unit, point and that start, never a code, so codes joining later keep it); a code
 * qualifying while the episode lasts joins it (UPDATED, its data in the evidence); the episode
 * ends when the last of its codes' runs ends (UPDATED with the end, {@code "ongoing": false}). The
 * alert's pollutant is the code when there is one, empty when there are several.
 */
final class DeviceEpisodes implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String severity;
    private final long answerMs;
    private transient ValueState<Episode> episode;
    private transient MapState<String, EpisodeCode> codes;

    DeviceEpisodes(String type, String severity, long answerMs) {
        this.type = type;
        this.severity = severity;
        this.answerMs = answerMs;
    }

    void open(CorrelationRule<?> host) {
        String prefix = type.toLowerCase(java.util.Locale.ROOT);
        episode =
                host.valueState(
                        new ValueStateDescriptor<>(
                                prefix + "-episode", TypeInformation.of(Episode.class)));
        codes =
                host.mapState(
                        new MapStateDescriptor<>(
                                prefix + "-episode-codes",
                                Types.STRING,
                                TypeInformation.of(EpisodeCode.class)));
    }

    /** A code's run met the condition long enough at {@code t}: it opens an episode or joins the one that lasts. */
    String join(
            String unit,
            String point,
            String mn,
            String code,
            EpisodeCode run,
            long t,
            Collector<AlertEvent> out)
            throws Exception {
        Episode e = episode.value();
        run.open = true;
        codes.put(code, run);
        if (e == null) {
            e = new Episode();
            e.start = run.first;
            e.detectedAt = t;
            e.unitId = unit;
            e.pointId = point;
            e.mn = mn;
            e.alertId = AlertIds.alertId(type, unit, point, null, e.start);
            e.sequence = 1;
            episode.update(e);
            out.collect(AlertFactory.event(AlertEventType.OPENED, 1, t, alert(e, true)));
        } else {
            e.sequence++;
            episode.update(e);
            out.collect(AlertFactory.event(AlertEventType.UPDATED, e.sequence, t, alert(e, true)));
        }
        return e.alertId;
    }

    /** A code's run that was part of the episode ended at {@code t}; the episode ends with its last code. */
    void leave(String code, EpisodeCode run, long t, Collector<AlertEvent> out) throws Exception {
        Episode e = episode.value();
        if (e == null || !codes.contains(code)) {
            return;
        }
        run.open = false;
        codes.put(code, run);
        for (EpisodeCode c : codes.values()) {
            if (c.open) {
                return; // another code still meets the condition: the episode goes on
            }
        }
        e.sequence++;
        out.collect(AlertFactory.event(AlertEventType.UPDATED, e.sequence, t, alert(e, false)));
        episode.clear();
        codes.clear();
    }

    private Alert alert(Episode e, boolean ongoing) throws Exception {
        List<String> names = new ArrayList<>();
        Json byCode = Json.object();
        long end = e.start;
        Double value = null;
        for (Map.Entry<String, EpisodeCode> c : codes.entries()) {
            names.add(c.getKey());
        }
        names.sort(null);
        for (String name : names) {
            EpisodeCode c = codes.get(name);
            byCode.raw(name, c.evidence);
            end = Math.max(end, c.last);
            if (c.value != null && (value == null || Math.abs(c.value) > Math.abs(value))) {
                value = c.value;
            }
        }
        String single = names.size() == 1 ? names.get(0) : null;
        Json evidence =
                Json.object()
                        .put("codes_count", (long) names.size())
                        .raw("codes", byCode.toString())
                        .put("ongoing", ongoing);
        return AlertFactory.alert(
                e.alertId,
                type,
                severity,
                e.unitId,
                e.pointId,
                e.mn,
                single,
                e.start,
                end,
                value,
                null,
                e.detectedAt,
                e.detectedAt + answerMs,
                evidence.toString());
    }
}
