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
                .deserialize(
                        new ConsumerRecord<>("frames", 3, 17L, null, line),
                        new Collector<>() {
                            @Override
                            public void collect(RawFrame f) {
                                out.add(f);
                            }

                            @Override
                            public void close() {}
                        });
        assertEquals(1, out.size());
        assertEquals("##0010QN=1;\u00e9", out.get(0).text);
        assertEquals("frames-3@17", out.get(0).source);
    }

    @Test
    void theFramesTravelInTheCompactSerializer() {
        assertSame(
                RawFrameSerializer.TYPE, new CemsflowJob.RawFrameDeserializer().getProducedType());
        assertSame(
                RawFrameSerializer.INSTANCE,
                RawFrameSerializer.TYPE.createSerializer(new SerializerConfigImpl()));
    }
}
