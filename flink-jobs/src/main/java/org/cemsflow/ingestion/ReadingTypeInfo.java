package org.cemsflow.ingestion;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.avro.Reading;

/** Type information of readings between operators: {@link ReadingSerializer}, not Avro's. */
public final class ReadingTypeInfo extends CompactTypeInfo<Reading> {
    private static final long serialVersionUID = 1L;
    public static final ReadingTypeInfo INSTANCE = new ReadingTypeInfo();

    private ReadingTypeInfo() {
        super(Reading.class);
    }

    @Override
    public TypeSerializer<Reading> createSerializer(SerializerConfig config) {
        return ReadingSerializer.INSTANCE;
    }
}
