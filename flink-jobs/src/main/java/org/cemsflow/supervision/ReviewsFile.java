package org.cemsflow.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.cemsflow.reference.JsonLines;

/**
 * Reviews of leads as JSON lines: {@code {"alert_id", "reviewed_at", "verdict": "confirmed" |
 * "dismissed", "by", "text"}}. A line that does not parse is reported (BAD_INPUT) and skipped.
 */
public final class ReviewsFile {
    private static final Set<String> VERDICTS = Set.of("confirmed", "dismissed");

    private ReviewsFile() {}

    public static Review parse(String line, String source) {
        JsonNode n = JsonLines.object(line);
        Review r = new Review();
        r.alertId = JsonLines.text(n, "alert_id");
        r.reviewedAt = JsonLines.time(n, "reviewed_at");
        r.verdict = JsonLines.oneOf(n, "verdict", VERDICTS);
        r.by = JsonLines.optionalText(n, "by", null);
        r.text = JsonLines.optionalText(n, "text", null);
        r.raw = line;
        r.source = source;
        return r;
    }

    /** @param bad receives (1-based line number, reason) of each line that does not parse */
    public static List<Review> read(Path file, BiConsumer<Integer, String> bad) throws IOException {
        return JsonLines.read(file, ReviewsFile::parse, bad);
    }
}
