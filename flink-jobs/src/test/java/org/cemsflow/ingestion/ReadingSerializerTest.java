package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.cemsflow.avro.Reading;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212CodecTest;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;
import org.junit.jupiter.api.Test;

/**
 * The compact serializer gives back exactly the reading it was given, every field and every null;
 * readings are immutable to it (a copy is the same instance).
 */
class ReadingSerializerTest {
    /**
     * Serialized, copied in serialized form (as a network partitioner may) and read back: what
     * any of the compact serializers must give back.
     */
    static <T> T roundTrip(org.apache.flink.api.common.typeutils.TypeSerializer<T> serializer, T v)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(v, out);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        return serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()));
    }

    static Reading roundTrip(Reading r) throws Exception {
        return roundTrip(ReadingSerializer.INSTANCE, r);
    }

    @Test
    void everyVectorsReadingsSurviveTheRoundTrip() throws Exception {
        List<String> vectors = Hj212CodecTest.vectors();
        int n = 0;
        for (String line : vectors.subList(0, vectors.size() - 1)) {
            for (Reading r : Hj212Codec.decode(Hj212Codec.parse(line))) {
                assertEquals(r, roundTrip(r));
                DeviceLookup.enrich(
                        r, Device.point(r.getMn(), "p", "u", null, "air", 6.0, null, 10));
                r.setBackfilled(true);
                r.setRs(1);
                r.setSampleTime(123L);
                r.setAla(-1.5);
                assertEquals(r, roundTrip(r));
                // a reading is not changed once made: a copy is the reading itself
                org.junit.jupiter.api.Assertions.assertSame(r, ReadingSerializer.INSTANCE.copy(r));
                n++;
            }
        }
        assertEquals(true, n > 20, n + " readings");
    }

    @Test
    void stringsReadAsFlinksStringValueWroteThem() throws Exception {
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            longText.append((char) ('a' + i % 26));
        }
        java.util.List<String> texts =
                java.util.Arrays.asList(
                        null,
                        "",
                        "a21026",
                        "LD130107000319",
                        "\u0000\u007f\u0080\u00ff",
                        "二氧化硫 mg/m³",
                        "x\uffff\ud83d\ude00",
                        longText.toString(),
                        longText + "é");
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String t : texts) {
            org.apache.flink.types.StringValue.writeString(t, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String t : texts) {
            assertEquals(t, ReadingSerializer.readString(in));
        }
        assertEquals(0, in.available());
    }

    /**
     * Short ASCII strings read again are the instance read before (a reading's MN and code), and
     * the cache never gives back another text: 200,000 random strings of 0 to 45 characters from a
     * small alphabet (so that hashes collide) each read back equal to what was written.
     */
    @Test
    void shortStringsReadAgainAreSharedAndNeverConfused() throws Exception {
        java.util.Random random = new java.util.Random(7);
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(46);
            for (int k = 0; k < len; k++) {
                b.append("ab01-|".charAt(random.nextInt(6)));
            }
            texts.add(b.toString());
        }
        DataOutputSerializer out = new DataOutputSerializer(1 << 20);
        for (String t : texts) {
            org.apache.flink.types.StringValue.writeString(t, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String t : texts) {
            assertEquals(t, ReadingSerializer.readString(in));
        }
        Reading r = Hj212Codec.decode(Hj212Codec.parse(Hj212CodecTest.vectors().get(0))).get(0);
        Reading a = roundTrip(r);
        Reading b = roundTrip(r);
        org.junit.jupiter.api.Assertions.assertSame(a.getMn(), b.getMn());
        org.junit.jupiter.api.Assertions.assertSame(a.getCode(), b.getCode());
    }
}
