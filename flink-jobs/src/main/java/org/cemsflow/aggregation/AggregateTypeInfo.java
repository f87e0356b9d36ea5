package org.cemsflow.aggregation;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.ingestion.CompactTypeInfo;

/** Type information of hourly and daily rows between operators: {@link AggregateSerializer}, not Avro's. */
public final class AggregateTypeInfo extends CompactTypeInfo<Aggregate> {
    private static final long serialVersionUID = 1L;
    public static final AggregateTypeInfo INSTANCE = new AggregateTypeInfo();

    private AggregateTypeInfo() {
        super(Aggregate.class);
    }

    @Override
    public TypeSerializer<Aggregate> createSerializer(SerializerConfig config) {
        return AggregateSerializer.INSTANCE;
    }
}
