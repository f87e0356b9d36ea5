package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * run-local and split packets: the parts make one frame whatever their order, a retransmitted
 * part is a duplicate, and a packet incomplete at the end of the input is a dead letter per part;
 * every line is counted once.
 */
class SplitPacketsLocalTest {
    static final long T = LocalTimes.parseIso("2026-03-01T12:00:00+08:00");

    static List<String> parts(String qn, int codes) {
        Hj212Encoder e = Hj212Encoder.frame("MN1").qn(qn).cn(2051).flag(9).dataTime(T).backfilled();
        for (int i = 0; i < codes; i++) {
            e.group(String.format("a%05d", 20_000 + i), "Avg", Integer.toString(i), "Flag", "N");
        }
        return e.encodeParts(100);
    }

    @Test
    void partsAreJoinedAndAnIncompletePacketIsADeadLetterAtTheEnd() throws Exception {
        List<String> whole = parts("20260301120000001", 12);
        List<String> broken = parts("20260301120000002", 12);
        assertTrue(whole.size() >= 3, "parts: " + whole.size());
        List<String> lines = new ArrayList<>(whole);
        java.util.Collections.reverse(lines);
        lines.add(whole.get(1)); // a retransmitted part
        lines.add(broken.get(0));
        lines.add(broken.get(2));
        List<RejectedFrame> rejected = new ArrayList<>();
        LocalIngest ingest = new LocalIngest(ReferenceData.empty(), true, rejected::add);
        ingest.readLines(new StringReader(String.join("\n", lines)), "test");
        ingest.finish();
        List<Reading> readings = new ArrayList<>();
        ingest.forEachSorted(readings::add);
        assertEquals(12, readings.size());
        assertTrue(
                readings.stream().allMatch(Reading::getBackfilled),
                "RF=1 in the header marks every reading");
        LocalIngest.Counts c = ingest.counts();
        assertEquals(1, c.accepted);
        assertEquals(whole.size() - 1, c.joinedParts);
        assertEquals(1, c.duplicates);
        assertEquals(
                List.of("INCOMPLETE", "INCOMPLETE"),
                rejected.stream().map(RejectedFrame::getReason).toList());
        assertEquals(
                List.of(broken.get(0), broken.get(2)),
                rejected.stream().map(RejectedFrame::getRaw).toList());
        assertEquals(
                c.lines,
                c.emptyLines + c.accepted + c.duplicates + c.rejectedTotal() + c.joinedParts);
    }
}
