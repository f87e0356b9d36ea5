package org.cemsflow.ingestion;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.model.RawFrame;

/** Type information of raw frames from a source: {@link RawFrameSerializer}, not the POJO one. */
public final class RawFrameTypeInfo extends CompactTypeInfo<RawFrame> {
    private static final long serialVersionUID = 1L;
    public static final RawFrameTypeInfo INSTANCE = new RawFrameTypeInfo();

    private RawFrameTypeInfo() {
        super(RawFrame.class);
    }

    @Override
    public TypeSerializer<RawFrame> createSerializer(SerializerConfig config) {
        return RawFrameSerializer.INSTANCE;
    }
}
