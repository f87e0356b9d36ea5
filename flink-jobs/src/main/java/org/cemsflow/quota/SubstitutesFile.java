package org.cemsflow.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import org.cemsflow.reference.JsonLines;

/** Manual substitute data as JSON lines {@code {"point_id","pollutant","from","to","kg_per_hour"}}. */
public final class SubstitutesFile {
    private SubstitutesFile() {}

    public static Substitute parse(String line) {
        JsonNode n = JsonLines.object(line);
        Substitute s = new Substitute();
        s.pointId = JsonLines.text(n, "point_id");
        s.pollutant = JsonLines.text(n, "pollutant");
        s.from = JsonLines.time(n, "from");
        s.to = JsonLines.time(n, "to");
        JsonNode kg = n.get("kg_per_hour");
        if (kg == null || !kg.isNumber() || kg.asDouble() < 0) {
            throw new IllegalArgumentException(
                    "field 'kg_per_hour' is missing or not a number >= 0");
        }
        s.kgPerHour = kg.asDouble();
        if (s.to <= s.from) {
            throw new IllegalArgumentException("'to' is not after 'from'");
        }
        return s;
    }

    /** @param bad receives (1-based line number, reason) of each line that does not parse */
    public static List<Substitute> read(Path file, BiConsumer<Integer, String> bad)
            throws IOException {
        return org.cemsflow.reference.JsonLines.read(file, (line, source) -> parse(line), bad);
    }
}
