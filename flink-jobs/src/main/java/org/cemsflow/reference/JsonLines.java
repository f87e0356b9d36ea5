package org.cemsflow.reference;

import java.io.IOException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.cemsflow.config.LocalTimes;

/** Reading the JSON-lines side inputs (marks, feedback, reference records); errors say which field and why. */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    /** One JSON object of a JSON-lines input; throws IllegalArgumentException saying why not. */
    public static JsonNode object(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return n;
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    public static long time(JsonNode n, String field) {
        String t = text(n, field);
        try {
            return LocalTimes.parseIso(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field '" + field + "' = '" + t + "' is not an ISO-8601 time");
        }
    }

}
