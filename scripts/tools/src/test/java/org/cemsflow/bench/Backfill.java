package org.cemsflow.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.cemsflow.local.LocalIngest;
import org.cemsflow.protocol.Hj212Crc;

/**
 * {@code scripts/bench --backfill}: run-local as a backfill, the way a user runs it ({@code
 * scripts/cemsflow run-local --accept-unknown}, its own JVM and heap), over the real captures
 * replicated with distinct MNs, timed as a whole process with its peak resident memory.
 */
final class Backfill {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** What one run took. */
    record Run(int copies, long lines, double seconds, long peakRssBytes, int exit) {
        double linesPerSecond() {
            return lines / seconds;
        }
    }

    private Backfill() {}

    /**
     * The MN of copy {@code k} (0 is the original): its first two characters replaced by a code no
     * real MN of the captures starts with (they start LD or ZG), so lengths stay and copies are
     * distinct devices.
     */
    static String copyMn(String mn, int k) {
        if (k == 0 || mn.length() < 2) {
            return mn;
        }
        return "" + "QRSTUVWX".charAt(k / 36) + DIGITS.charAt(k % 36) + mn.substring(2);
    }

    /**
     * A line of copy {@code k}: the MN replaced; the CRC recomputed when it was right (a wrong one
     * stays wrong, a line that is not a frame stays as it is).
     */
    static String copyLine(String line, int k) {
        int at = line.indexOf("MN=");
        int end = at < 0 ? -1 : line.indexOf(';', at);
        if (k == 0 || end < 0 || !isFrame(line)) {
            return line;
        }
        return withCrcOf(
                line,
                line.substring(0, at + 3)
                        + copyMn(line.substring(at + 3, end), k)
                        + line.substring(end));
    }

    /**
     * A line {@code hours} later: its DataTime and QN that many hours later; the CRC recomputed when
     * it was right.
     */
    static String shiftLine(String line, int hours) {
        if (hours == 0 || !isFrame(line)) {
            return line;
        }
        return withCrcOf(line, shift(shift(line, "QN=", hours), "DataTime=", hours));
    }

    private static final java.time.format.DateTimeFormatter HJ212_TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** The line with the 14 digits of local time after {@code field} (if any) {@code hours} later. */
    private static String shift(String line, String field, int hours) {
        int at = line.indexOf(field);
        int from = at + field.length();
        if (at < 0 || from + 14 > line.length()) {
            return line;
        }
        try {
            java.time.LocalDateTime t =
                    java.time.LocalDateTime.parse(line.substring(from, from + 14), HJ212_TIME);
            return line.substring(0, from)
                    + HJ212_TIME.format(t.plusHours(hours))
                    + line.substring(from + 14);
        } catch (java.time.format.DateTimeParseException e) {
            return line; // not a time: as it was
        }
    }

    private static boolean isFrame(String line) {
        return line.startsWith("##") && line.length() >= 10;
    }

    /**
     * {@code changed}, of the same length as the frame {@code original}, with its CRC computed again
     * when the original's was right (a wrong one stays wrong).
     */
    private static String withCrcOf(String original, String changed) {
        int segEnd = original.length() - 4;
        String crc = original.substring(segEnd);
        String segment = original.substring(6, segEnd);
        if (!crc.equalsIgnoreCase(String.format("%04X", Hj212Crc.compute(segment)))) {
            return changed;
        }
        return changed.substring(0, segEnd)
                + String.format("%04X", Hj212Crc.compute(changed, 6, segEnd - 6));
    }

    /** Writes {@code copies} copies of every line of the sources, one plain file per source and copy. */
    static long writeInput(Path dir, List<Path> sources, int copies) throws IOException {
        Files.createDirectories(dir);
        long lines = 0;
        for (Path src : sources) {
            List<String> all = lines(src);
            String name = src.getFileName().toString().replace(".gz", "");
            for (int k = 0; k < copies; k++) {
                Path out = dir.resolve(String.format(Locale.ROOT, "copy-%03d-%s", k, name));
                try (BufferedWriter w =
                        new BufferedWriter(
                                new OutputStreamWriter(
                                        Files.newOutputStream(out), StandardCharsets.ISO_8859_1),
                                1 << 16)) {
                    for (String l : all) {
                        w.write(copyLine(l, k));
                        w.write("\r\n");
                    }
                }
                lines += all.size();
            }
        }
        return lines;
    }

    /** The lines of a capture (gzipped or not), bytes as Latin-1 chars, as run-local reads them. */
    static List<String> lines(Path src) throws IOException {
        List<String> all = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(src);
                InputStream in =
                        src.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader r =
                        new BufferedReader(
                                new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                all.add(l);
            }
        }
        return all;
    }

    /** The real captures the repository holds (the job module's test resources). */
    static List<Path> captures(Path root) throws IOException {
        return LocalIngest.expand(
                List.of(
                        root.resolve("flink-jobs/src/test/resources/hj212/hj212-hebei-2016-08-24")
                                .toString()));
    }

    /**
     * Lets {@code scripts/cemsflow} build what changed since its last run, and write run-local's
     * class-data archive (both on the first run-local after a change: a user pays them once), by
     * running it on the bundled sample, so that no timed run includes them.
     */
    static void build(Path root) throws Exception {
        Path out = TempDirs.make("backfill-first-run");
        Process p =
                new ProcessBuilder(
                                root.resolve("scripts/cemsflow").toString(),
                                "run-local",
                                "--input",
                                root.resolve("scripts/sample/frames").toString(),
                                "--reference",
                                root.resolve("scripts/sample/reference").toString(),
                                "--out",
                                out.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(
                    "scripts/cemsflow run-local on the sample exited " + p.exitValue());
        }
    }

    /** Runs {@code scripts/cemsflow run-local} on the input, polling its peak resident set. */
    static Run run(Path root, Path input, Path out, int copies, long lines) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                root.resolve("scripts/cemsflow").toString(),
                                "run-local",
                                "--input",
                                input.toString(),
                                "--accept-unknown",
                                "--out",
                                out.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc/" + p.pid() + "/status");
        long peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, vmHwm(status));
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(copies, lines, seconds, peak, p.exitValue());
    }

    /** VmHWM (the process's peak resident set so far) in bytes; 0 when it is gone. */
    private static long vmHwm(Path status) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two polls
        }
        return 0;
    }
}
