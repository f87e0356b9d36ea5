package org.cemsflow.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.cemsflow.config.LocalTimes;

/**
 * Marks as JSON lines: {@code {"mn", "from", "to", "kind", "marked_at"}}, ISO-8601 times (+08:00
 * when no offset). A line that does not parse is reported (BAD_INPUT) and skipped; the rest load.
 */
public final class MarksFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MarksFile() {}

    /** Parses one line; throws IllegalArgumentException naming what is wrong. */
    public static Mark parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Mark m = new Mark(text(n, "mn"), time(n, "from"), time(n, "to"), n.hasNonNull("kind") ? n.get("kind").asText() : "",
                time(n, "marked_at"));
        if (m.to <= m.from) {
            throw new IllegalArgumentException("'to' is not after 'from'");
        }
        return m;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    static long time(JsonNode n, String field) {
        String t = text(n, field);
        try {
            return LocalTimes.parseIso(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field '" + field + "' = '" + t + "' is not an ISO-8601 time");
        }
    }

    /**
     * @param bad receives (1-based line number, reason) of each line that does not parse
     */
    public static List<Mark> read(Path file, BiConsumer<Integer, String> bad) throws IOException {
        List<Mark> marks = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                marks.add(parse(line));
            } catch (IllegalArgumentException e) {
                bad.accept(i + 1, e.getMessage());
            }
        }
        return marks;
    }
}
