package org.cemsflow.alerts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.cemsflow.time.LocalTimes;

/**
 * Deterministic ids: a name-based (MD5, version 3) UUID of
 * {@code type|unit_id|point_id|pollutant|window_start}, window_start as ISO-8601
 * local time with offset; absent parts are empty. Never derived from values, so a replay, a
 * restart or a corrected value keeps the id.
 */
public final class AlertIds {
    private AlertIds() {}

    public static String alertId(
            String type,
            String unitId,
            String pointId,
            String pollutant,
            long windowStart,
            String... extra) {
        StringBuilder name =
                new StringBuilder(type)
                        .append('|')
                        .append(nz(unitId))
                        .append('|')
                        .append(nz(pointId))
                        .append('|')
                        .append(nz(pollutant))
                        .append('|')
                        .append(LocalTimes.iso(windowStart));
        for (String e : extra) {
            name.append('|').append(nz(e));
        }
        return uuid(name.toString());
    }

    public static String eventId(String alertId, String event, int sequence) {
        return uuid(alertId + "|" + event + "|" + sequence);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
