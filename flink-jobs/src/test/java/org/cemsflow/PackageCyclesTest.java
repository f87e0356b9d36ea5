package org.cemsflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The stages are siblings: no two packages of the job depend on each other, directly or through
 * others. The graph is jdeps's, on the compiled classes; {@code jdeps -verbose:package -filter:none
 * flink-jobs/target/classes} prints the same.
 */
class PackageCyclesTest {
    private static final Pattern EDGE =
            Pattern.compile(
                    "^\\s+(org\\.cemsflow(?:\\.\\w+)*)\\s+->\\s+(org\\.cemsflow(?:\\.\\w+)*)\\s");

    static Map<String, Set<String>> graph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc =
                jdeps.run(
                        new PrintWriter(out),
                        new PrintWriter(new StringWriter()),
                        "-verbose:package",
                        "-filter:none",
                        "target/classes");
        assertEquals(0, rc, "jdeps failed");
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                g.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return g;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> g = graph();
        assertTrue(g.size() > 10, "jdeps saw the packages: " + g.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : g.keySet()) {
            // a path from a successor back to start is a cycle through start
            Deque<List<String>> todo = new ArrayDeque<>();
            Set<String> seen = new HashSet<>();
            todo.add(List.of(start));
            while (!todo.isEmpty()) {
                List<String> path = todo.poll();
                for (String next : g.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    if (next.equals(start)) {
                        cycles.add(String.join(" -> ", path) + " -> " + start);
                    } else if (seen.add(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        todo.add(longer);
                    }
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles; the graph: " + new HashMap<>(g));
    }
}
