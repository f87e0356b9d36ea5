package org.cemsflow.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.cemsflow.avro.RejectedFrame;
import org.junit.jupiter.api.Test;

class DeadLetterSerializationTest {
    private final DeadLetterSerialization s = new DeadLetterSerialization("dead-letters");

    @Test
    void aDeadLetterIsOneJsonObjectKeyedByItsMn() {
        RejectedFrame r =
                new RejectedFrame(
                        "BAD_CRC",
                        "CRC 1234 != 5678",
                        "##0101QN=1;MN=X1;\"quoted\"",
                        "raw-0@7",
                        "X1",
                        1_700_000_000_000L,
                        1_700_000_001_000L);
        ProducerRecord<byte[], byte[]> rec = s.serialize(r, null, 1_700_000_000_000L);
        assertEquals("X1", new String(rec.key(), StandardCharsets.UTF_8));
        String json = new String(rec.value(), StandardCharsets.UTF_8);
        assertTrue(
                json.startsWith(
                        "{\"reason\":\"BAD_CRC\",\"detail\":\"CRC 1234 != 5678\",\"source\":\"raw-0@7\",\"mn\":\"X1\""),
                json);
        assertTrue(json.contains("\"raw\":\"##0101QN=1;MN=X1;\\\"quoted\\\"\""), json);
        // written now: the broker deletes by record timestamp, and an old frame's dead letter must
        // outlive that
        assertNull(rec.timestamp());
    }

    /** Found by the fuzz case of scripts/chaos: a DataTime in year 26 made the job restart forever. */
    @Test
    void aTimestampBefore1970IsLeftToTheBroker() {
        RejectedFrame r =
                new RejectedFrame(
                        "BAD_VALUE", "x", "##garbage", "raw-0@8", null, -61341522840000L, 0L);
        ProducerRecord<byte[], byte[]> rec = s.serialize(r, null, -61341522840000L);
        assertNull(rec.timestamp());
        assertNull(rec.key());
    }
}
