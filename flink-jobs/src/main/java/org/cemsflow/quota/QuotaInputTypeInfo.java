package org.cemsflow.quota;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.reference.Mark;

/** Type information of the gap filler's inputs in state: {@link QuotaInputSerializer}. */
public final class QuotaInputTypeInfo extends CompactTypeInfo<QuotaInput> {
    private static final long serialVersionUID = 1L;
    public static final QuotaInputTypeInfo INSTANCE = new QuotaInputTypeInfo();

    private QuotaInputTypeInfo() {
        super(QuotaInput.class);
    }

    @Override
    public TypeSerializer<QuotaInput> createSerializer(SerializerConfig config) {
        return new QuotaInputSerializer(
                TypeInformation.of(Mark.class).createSerializer(config),
                TypeInformation.of(Substitute.class).createSerializer(config));
    }
}
