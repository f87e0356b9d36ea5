package org.cemsflow.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Marks as JSON lines: {@code {"mn", "from", "to", "kind", "marked_at"}}, ISO-8601 times (+08:00
 * when no offset). A line that does not parse is reported (BAD_INPUT) and skipped; the rest load.
 */
public final class MarksFile {

    private MarksFile() {}

    /** Parses one line; throws IllegalArgumentException naming what is wrong. */
    public static Mark parse(String line) {
        JsonNode n = JsonLines.object(line);
        Mark m =
                new Mark(
                        JsonLines.text(n, "mn"),
                        JsonLines.time(n, "from"),
                        JsonLines.time(n, "to"),
                        JsonLines.optionalText(n, "kind", ""),
                        JsonLines.time(n, "marked_at"));
        if (m.to <= m.from) {
            throw new IllegalArgumentException("'to' is not after 'from'");
        }
        return m;
    }

    /** @param bad receives (1-based line number, reason) of each line that does not parse */
    public static List<Mark> read(Path file, BiConsumer<Integer, String> bad) throws IOException {
        return JsonLines.read(file, (line, source) -> parse(line), bad);
    }
}
