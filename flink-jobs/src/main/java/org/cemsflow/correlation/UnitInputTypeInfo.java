package org.cemsflow.correlation;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Mark;

/** Type information of the unit rules' inputs: {@link UnitInputSerializer}, not the POJO one. */
public final class UnitInputTypeInfo extends CompactTypeInfo<UnitInput> {
    private static final long serialVersionUID = 1L;
    public static final UnitInputTypeInfo INSTANCE = new UnitInputTypeInfo();

    private UnitInputTypeInfo() {
        super(UnitInput.class);
    }

    @Override
    public TypeSerializer<UnitInput> createSerializer(SerializerConfig config) {
        return new UnitInputSerializer(
                TypeInformation.of(Mark.class).createSerializer(config),
                TypeInformation.of(AlertEvent.class).createSerializer(config),
                TypeInformation.of(Device.class).createSerializer(config));
    }
}
