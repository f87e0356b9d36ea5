package org.cemsflow.ingestion;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.avro.Reading;

/** Type information of readings between operators: {@link ReadingSerializer}, not Avro's. */
public final class ReadingTypeInfo extends TypeInformation<Reading> {
    private static final long serialVersionUID = 1L;
    public static final ReadingTypeInfo INSTANCE = new ReadingTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Reading> getTypeClass() {
        return Reading.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Reading> createSerializer(SerializerConfig config) {
        return ReadingSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Reading(compact)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadingTypeInfo;
    }

    @Override
    public int hashCode() {
        return ReadingTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ReadingTypeInfo;
    }
}
