package org.cemsflow.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.cemsflow.time.LocalTimes;

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
            throw new IllegalArgumentException(
                    "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
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

    /** An optional field as text, or {@code orElse} when absent or null. */
    public static String optionalText(JsonNode n, String field, String orElse) {
        return n.hasNonNull(field) ? n.get(field).asText() : orElse;
    }

    /** A required text field that must be one of {@code allowed} (its message lists them). */
    public static String oneOf(JsonNode n, String field, java.util.Set<String> allowed) {
        String v = text(n, field);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(
                    field + " '" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
        return v;
    }

    /** Parses one line of a JSON-lines input, knowing where it came from; IllegalArgumentException says why not. */
    @FunctionalInterface
    public interface Parser<T> extends java.io.Serializable {
        T parse(String line, String source);
    }

    /**
     * Every line of a JSON-lines file that parses (blank lines skipped).
     *
     * @param bad receives (1-based line number, reason) of each line that does not parse
     */
    public static <T> java.util.List<T> read(
            java.nio.file.Path file,
            Parser<T> parser,
            java.util.function.BiConsumer<Integer, String> bad)
            throws IOException {
        java.util.List<T> out = new java.util.ArrayList<>();
        java.util.List<String> lines =
                java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parser.parse(lines.get(i), file + ":" + (i + 1)));
            } catch (IllegalArgumentException e) {
                bad.accept(i + 1, e.getMessage());
            }
        }
        return out;
    }

    public static long time(JsonNode n, String field) {
        String t = text(n, field);
        try {
            return LocalTimes.parseIso(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "field '" + field + "' = '" + t + "' is not an ISO-8601 time");
        }
    }
}
