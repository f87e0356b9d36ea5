package org.cemsflow.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cemsflow.json.Json;
import org.cemsflow.time.LocalTimes;

/**
 * The records of the compacted reference topic, published from a reference directory by
 * {@code scripts/reference publish DIR}: one record per device (point or meter) and per limit row,
 * keyed so that a newer record of the same device, or of the same point, pollutant and valid_from,
 * replaces the older one, then a {@code _snapshot}
 * record that tells the jobs the snapshot is complete (means are held until then).
 */
public final class ReferenceTopic {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String SNAPSHOT_KEY = "_snapshot";

    private ReferenceTopic() {}

    /** Key and value of each record for a reference directory, in publishing order. */
    public static List<Map.Entry<String, String>> records(ReferenceData ref, long publishedAt) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Device d : ref.devices().values()) {
            Json j =
                    Json.object()
                            .put("kind", d.isMeter() ? "meter" : "point")
                            .put("mn", d.mn)
                            .put("unit_id", d.unitId);
            if (d.isMeter()) {
                j.put("role", d.meterRole).put("rated_kw", d.ratedKw);
            } else {
                j.put("point_id", d.pointId)
                        .put("unit_name", d.unitName)
                        .put("medium", d.medium)
                        .put("o2_ref", d.o2Ref)
                        .put("password", d.password)
                        .put(
                                "minute_interval",
                                d.minuteInterval == null ? null : d.minuteInterval.doubleValue());
            }
            out.add(Map.entry("device|" + d.mn, j.toString()));
        }
        for (Limit l : ref.limits()) {
            String key =
                    "limit|"
                            + l.pointId
                            + "|"
                            + l.pollutant
                            + "|"
                            + (l.validFrom == null ? "" : LocalTimes.iso(l.validFrom));
            out.add(
                    Map.entry(
                            key,
                            Json.object()
                                    .put("kind", "limit")
                                    .put("point_id", l.pointId)
                                    .put("pollutant", l.pollutant)
                                    .put("limit", l.limit)
                                    .put("averaging", l.averaging)
                                    .time("valid_from", l.validFrom)
                                    .toString()));
        }
        for (Permit p : ref.permits()) {
            String key =
                    "permit|"
                            + p.unitId
                            + "|"
                            + p.pollutant
                            + "|"
                            + p.year
                            + "|"
                            + (p.validFrom == null ? "" : LocalTimes.iso(p.validFrom));
            out.add(
                    Map.entry(
                            key,
                            Json.object()
                                    .put("kind", "permit")
                                    .put("unit_id", p.unitId)
                                    .put("pollutant", p.pollutant)
                                    .put("year", (long) p.year)
                                    .put("permitted_kg", p.permittedKg)
                                    .time("valid_from", p.validFrom)
                                    .toString()));
        }
        out.add(
                Map.entry(
                        SNAPSHOT_KEY,
                        Json.object()
                                .put("kind", "loaded")
                                .time("published_at", publishedAt)
                                .toString()));
        return out;
    }

    private static String optText(JsonNode n, String f) {
        return n.hasNonNull(f) && !n.get(f).asText().isEmpty() ? n.get(f).asText() : null;
    }

    private static Double optDouble(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asDouble() : null;
    }

    /** A record's value as a side input of the judge; throws IllegalArgumentException when it is not one. */
    public static SideInput decode(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            String kind = n.path("kind").asText();
            return switch (kind) {
                case "limit" -> {
                    String averaging = n.path("averaging").asText();
                    if (!averaging.equals("hour") && !averaging.equals("day")) {
                        throw new IllegalArgumentException("averaging must be hour or day");
                    }
                    JsonNode vf = n.get("valid_from");
                    yield SideInput.limit(
                            new Limit(
                                    JsonLines.text(n, "point_id"),
                                    JsonLines.text(n, "pollutant"),
                                    n.path("limit").asDouble(),
                                    averaging,
                                    vf == null || vf.isNull()
                                            ? null
                                            : JsonLines.time(n, "valid_from")));
                }
                case "point" ->
                        SideInput.device(
                                Device.point(
                                        JsonLines.text(n, "mn"),
                                        JsonLines.text(n, "point_id"),
                                        JsonLines.text(n, "unit_id"),
                                        optText(n, "unit_name"),
                                        JsonLines.text(n, "medium"),
                                        optDouble(n, "o2_ref"),
                                        optText(n, "password"),
                                        n.hasNonNull("minute_interval")
                                                ? n.get("minute_interval").asInt()
                                                : null));
                case "meter" ->
                        SideInput.device(
                                Device.meter(
                                        JsonLines.text(n, "mn"),
                                        JsonLines.text(n, "unit_id"),
                                        JsonLines.text(n, "role"),
                                        optDouble(n, "rated_kw")));
                case "permit" -> {
                    JsonNode vf = n.get("valid_from");
                    if (!n.hasNonNull("year") || !n.hasNonNull("permitted_kg")) {
                        throw new IllegalArgumentException("a permit needs year and permitted_kg");
                    }
                    yield SideInput.permit(
                            new Permit(
                                    JsonLines.text(n, "unit_id"),
                                    JsonLines.text(n, "pollutant"),
                                    n.get("year").asInt(),
                                    n.get("permitted_kg").asDouble(),
                                    vf == null || vf.isNull()
                                            ? null
                                            : JsonLines.time(n, "valid_from")));
                }
                case "loaded" -> SideInput.loaded();
                default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }
}
