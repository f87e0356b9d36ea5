package org.cemsflow.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.cemsflow.reference.JsonLines;

/**
 * Answers as JSON lines: {@code {"alert_id", "answered_at", "verdict": "confirmed" | "disputed" |
 * "marked", "by", "text"}}. A line that does not parse is reported (BAD_INPUT) and skipped.
 */
public final class FeedbackFile {
    private static final Set<String> VERDICTS = Set.of("confirmed", "disputed", "marked");

    private FeedbackFile() {}

    public static Answer parse(String line, String source) {
        JsonNode n = JsonLines.object(line);
        Answer a = new Answer();
        a.alertId = JsonLines.text(n, "alert_id");
        a.answeredAt = JsonLines.time(n, "answered_at");
        a.verdict = JsonLines.oneOf(n, "verdict", VERDICTS);
        a.by = JsonLines.optionalText(n, "by", null);
        a.text = JsonLines.optionalText(n, "text", null);
        a.raw = line;
        a.source = source;
        return a;
    }

    /** @param bad receives (1-based line number, reason) of each line that does not parse */
    public static List<Answer> read(Path file, BiConsumer<Integer, String> bad) throws IOException {
        return JsonLines.read(file, FeedbackFile::parse, bad);
    }
}
