package org.cemsflow.ingestion;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information of accepted frames between operators: {@link DecodedFrameSerializer}. */
public final class DecodedFrameTypeInfo extends CompactTypeInfo<DecodedFrame> {
    private static final long serialVersionUID = 1L;
    public static final DecodedFrameTypeInfo INSTANCE = new DecodedFrameTypeInfo();

    private DecodedFrameTypeInfo() {
        super(DecodedFrame.class);
    }

    @Override
    public TypeSerializer<DecodedFrame> createSerializer(SerializerConfig config) {
        return DecodedFrameSerializer.INSTANCE;
    }
}
