package org.cemsflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cemsflow.ingestion.RawFrameSerializer;
import org.cemsflow.model.RawFrame;
import org.junit.jupiter.api.Test;

/** The Kafka source's records: one line per record, its bytes as chars, in the compact type. */
class RawFrameDeserializerTest {

    @Test
    void aRecordIsItsLineWithoutLineEndAndItsPlace() {
        List<RawFrame> out = new ArrayList<>();
        byte[] line = "##0010QN=1;\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
        new CemsflowJob.RawFrameDeserializer()
                .deserialize(new ConsumerRecord<>("frames", 3, 17L, null, line), collecting(out));
        assertEquals(1, out.size());
        assertEquals("##0010QN=1;\u00e9", out.get(0).text);
        assertEquals("frames-3@17", out.get(0).source);
    }

    @Test
    void eachRecordNamesItsOwnTopicPartitionAndOffset() {
        CemsflowJob.RawFrameDeserializer d = new CemsflowJob.RawFrameDeserializer();
        List<RawFrame> out = new ArrayList<>();
        Collector<RawFrame> into = collecting(out);
        byte[] line = "##0001A\n".getBytes(StandardCharsets.ISO_8859_1);
        d.deserialize(new ConsumerRecord<>("frames", 0, 5L, null, line), into);
        d.deserialize(new ConsumerRecord<>("frames", 1, 5L, null, line), into);
        d.deserialize(new ConsumerRecord<>("frames", 1, 6L, null, line), into);
        d.deserialize(new ConsumerRecord<>("frames2", 1, 7L, null, line), into);
        d.deserialize(new ConsumerRecord<>("frames", 0, 8L, null, "\r\n".getBytes()), into);
        d.deserialize(new ConsumerRecord<>("frames", 0, 9L, null, null), into);
        assertEquals(
                List.of("frames-0@5", "frames-1@5", "frames-1@6", "frames2-1@7", "frames-0@8"),
                out.stream().map(f -> f.source).toList());
        assertEquals("##0001A", out.get(3).text);
        assertEquals("", out.get(4).text); // a record of only a line end: an empty line
    }

    @Test
    void theFramesTravelInTheCompactSerializer() {
        assertSame(
                RawFrameSerializer.TYPE, new CemsflowJob.RawFrameDeserializer().getProducedType());
        assertSame(
                RawFrameSerializer.INSTANCE,
                RawFrameSerializer.TYPE.createSerializer(new SerializerConfigImpl()));
    }

    /** A collector that adds what it gets to {@code out}. */
    private static Collector<RawFrame> collecting(List<RawFrame> out) {
        return new Collector<>() {
            @Override
            public void collect(RawFrame f) {
                out.add(f);
            }

            @Override
            public void close() {}
        };
    }
}
