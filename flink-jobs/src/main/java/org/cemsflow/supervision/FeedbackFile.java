package org.cemsflow.supervision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.cemsflow.config.LocalTimes;

/**
 * Answers as JSON lines: {@code {"alert_id", "answered_at", "verdict": "confirmed" | "disputed" |
 * "marked", "by", "text"}}. A line that does not parse is reported (BAD_INPUT) and skipped.
 */
public final class FeedbackFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERDICTS = Set.of("confirmed", "disputed", "marked");

    private FeedbackFile() {}

    public static Answer parse(String line, String source) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Answer a = new Answer();
        a.alertId = text(n, "alert_id");
        String t = text(n, "answered_at");
        try {
            a.answeredAt = LocalTimes.parseIso(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field 'answered_at' = '" + t + "' is not an ISO-8601 time");
        }
        a.verdict = text(n, "verdict");
        if (!VERDICTS.contains(a.verdict)) {
            throw new IllegalArgumentException("verdict '" + a.verdict + "' is not confirmed, disputed or marked");
        }
        a.by = n.hasNonNull("by") ? n.get("by").asText() : null;
        a.text = n.hasNonNull("text") ? n.get("text").asText() : null;
        a.raw = line;
        a.source = source;
        return a;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    /** @param bad receives (1-based line number, reason) of each line that does not parse */
    public static List<Answer> read(Path file, BiConsumer<Integer, String> bad) throws IOException {
        List<Answer> answers = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                answers.add(parse(lines.get(i), file + ":" + (i + 1)));
            } catch (IllegalArgumentException e) {
                bad.accept(i + 1, e.getMessage());
            }
        }
        return answers;
    }
}
