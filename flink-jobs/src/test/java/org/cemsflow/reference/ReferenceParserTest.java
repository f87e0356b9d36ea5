package org.cemsflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.testkit.Harnesses;
import org.junit.jupiter.api.Test;

/** The reference topic as a live input: updates, tombstones and records that do not parse. */
class ReferenceParserTest {
    final KeyedOneInputStreamOperatorTestHarness<String, ReferenceRecord, SideInput> h;
    long offset;

    ReferenceParserTest() throws Exception {
        h = Harnesses.keyed(new ReferenceParser(), (ReferenceRecord r) -> r.key);
        h.open();
    }

    void send(String key, String value) throws Exception {
        h.processElement(
                new StreamRecord<>(new ReferenceRecord(key, value, "reference-0@" + offset++)));
    }

    static String meter(String unit) {
        return "{\"kind\":\"meter\",\"mn\":\"P1\",\"unit_id\":\""
                + unit
                + "\",\"role\":\"production\",\"rated_kw\":1000}";
    }

    @Test
    void aTombstoneRemovesWhatItsKeyHeld() throws Exception {
        send("device|P1", meter("unit-1"));
        send(
                "permit|unit-1|a21026|2025|",
                "{\"kind\":\"permit\",\"unit_id\":\"unit-1\",\"pollutant\":\"a21026\",\"year\":2025,"
                        + "\"permitted_kg\":500}");
        send("device|P1", null);
        send("permit|unit-1|a21026|2025|", null);
        send("device|NEVER", null); // a tombstone of a key never seen: nothing
        List<SideInput> out = h.extractOutputValues();
        assertEquals(4, out.size());
        assertTrue(
                out.get(2).removed
                        && out.get(2).kind == SideInput.Kind.DEVICE
                        && out.get(2).device.removed);
        assertEquals(
                "unit-1", out.get(2).device.unitId, "a removal says which unit lost the device");
        assertTrue(
                out.get(3).removed
                        && out.get(3).kind == SideInput.Kind.PERMIT
                        && out.get(3).permit.permittedKg == 500);
        assertEquals(0, h.numKeyedStateEntries(), "what is removed is forgotten");
    }

    @Test
    void aDeviceThatMovesLeavesItsOldUnitFirst() throws Exception {
        send("device|P1", meter("unit-1"));
        send("device|P1", meter("unit-2"));
        List<SideInput> out = h.extractOutputValues();
        assertEquals(3, out.size());
        assertTrue(out.get(1).removed);
        assertEquals("unit-1", out.get(1).device.unitId);
        assertFalse(out.get(2).removed);
        assertEquals("unit-2", out.get(2).device.unitId);
    }

    @Test
    void aRecordThatDoesNotParseIsADeadLetterAndTheRestGoesOn() throws Exception {
        send("device|P1", "{\"kind\":\"meter\",\"mn\":");
        send(
                "limit|stack-1|a21026|",
                "{\"kind\":\"limit\",\"point_id\":\"stack-1\",\"pollutant\":\"a21026\",\"limit\":35,"
                        + "\"averaging\":\"week\"}");
        send("", "{\"kind\":\"loaded\"}");
        send("device|P1", meter("unit-1"));
        var bad = h.getSideOutput(ReferenceParser.BAD);
        assertEquals(3, bad.size());
        for (StreamRecord<org.cemsflow.avro.RejectedFrame> r : bad) {
            assertEquals("BAD_INPUT", r.getValue().getReason());
            assertTrue(
                    r.getValue().getSource().startsWith("reference:reference-0@"),
                    r.getValue().getSource());
        }
        assertTrue(
                bad.peek().getValue().getDetail().contains("device|P1"),
                bad.peek().getValue().getDetail());
        assertEquals(1, h.extractOutputValues().size());
    }
}
