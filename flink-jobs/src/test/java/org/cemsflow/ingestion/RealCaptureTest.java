package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.local.LocalIngest;
import org.cemsflow.reference.ReferenceData;
import org.junit.jupiter.api.Test;

/**
 * Every line of the 9 bundled hours of real traffic is classified. The expected counts were
 * checked with an independent script (regex syntax, length and the HJ 212 CRC-16).
 */
class RealCaptureTest {
    static final Path CAPTURES = Path.of("src/test/resources/hj212/hj212-hebei-2016-08-24");

    @Test
    void everyLineOfTheRealCapturesIsClassified() throws Exception {
        List<RejectedFrame> rejected = new ArrayList<>();
        LocalIngest ingest = new LocalIngest(ReferenceData.empty(), true, rejected::add);
        for (Path f : LocalIngest.expand(List.of(CAPTURES.toString()))) {
            ingest.readFile(f);
        }
        ingest.finish();
        LocalIngest.Counts c = ingest.counts();
        assertEquals(79_954, c.lines);
        assertEquals(0, c.emptyLines);
        assertEquals(Map.of("MALFORMED", 19L, "BAD_LENGTH", 28L, "BAD_CRC", 1L), c.rejected);
        assertEquals(6_000, c.duplicates);
        assertEquals(73_906, c.accepted);
        assertEquals(7_371, c.nonDataFrames);
        assertEquals(c.lines, c.emptyLines + c.accepted + c.duplicates + c.rejectedTotal());
        assertEquals(48, rejected.size());
        RejectedFrame crc =
                rejected.stream()
                        .filter(r -> r.getReason().equals("BAD_CRC"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(
                "src/test/resources/hj212/hj212-hebei-2016-08-24/2016-08-24-00.h212.gz",
                crc.getSource().split(":")[0]);
    }

    @Test
    void unknownDevicesAreRejectedWithoutAcceptUnknown() throws Exception {
        List<RejectedFrame> rejected = new ArrayList<>();
        LocalIngest ingest = new LocalIngest(ReferenceData.empty(), false, rejected::add);
        ingest.readFile(CAPTURES.resolve("2016-08-24-05.h212.gz"));
        ingest.finish();
        LocalIngest.Counts c = ingest.counts();
        assertEquals(0, c.accepted);
        assertEquals(c.lines, c.rejectedTotal());
        assertEquals(
                c.lines
                        - c.rejected.getOrDefault("MALFORMED", 0L)
                        - c.rejected.getOrDefault("BAD_LENGTH", 0L)
                        - c.rejected.getOrDefault("BAD_CRC", 0L),
                (long) c.rejected.get("UNKNOWN_DEVICE"));
    }

    /**
     * The streaming job keys a line by its first MN= as written ({@link FrameGate#keyOf}), before
     * parsing, and keeps the readings partitioned by that key on to the hourly means: every line the
     * parser accepts has its header's MN as that key (the parser refuses an MN= twice or one not
     * ASCII), among the real captures and the test vectors.
     */
    @Test
    void theKeyOfEveryParsedLineIsItsMn() throws Exception {
        List<String> lines = new ArrayList<>(org.cemsflow.protocol.Hj212CodecTest.vectors());
        for (Path f : LocalIngest.expand(List.of(CAPTURES.toString()))) {
            try (var in =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    new java.util.zip.GZIPInputStream(
                                            java.nio.file.Files.newInputStream(f)),
                                    java.nio.charset.StandardCharsets.ISO_8859_1))) {
                in.lines().map(String::strip).forEach(lines::add);
            }
        }
        int parsed = 0;
        for (String line : lines) {
            org.cemsflow.protocol.Hj212Frame frame;
            try {
                frame = org.cemsflow.protocol.Hj212Codec.parse(line);
            } catch (org.cemsflow.protocol.Hj212Exception e) {
                continue;
            }
            assertEquals(frame.mn(), FrameGate.keyOfText(line), line);
            parsed++;
        }
        assertEquals(true, parsed > 79_000, parsed + " lines parsed");
    }
}
