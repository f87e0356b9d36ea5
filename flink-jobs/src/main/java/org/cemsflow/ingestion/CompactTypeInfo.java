package org.cemsflow.ingestion;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information of a class that has a hand-written compact serializer ({@link
 * #createSerializer}): one field as far as Flink's type system goes, equal to any other instance
 * of the same subclass. {@link #of} makes one for a serializer without configuration.
 */
public abstract class CompactTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    /**
     * Type information of {@code type}, written by {@code serializer} (one without configuration):
     * equal to another for the same class and serializer.
     */
    public static <T> TypeInformation<T> of(Class<T> type, CompactSerializer<T> serializer) {
        return new Of<>(type, serializer);
    }

    private static final class Of<T> extends CompactTypeInfo<T> {
        private static final long serialVersionUID = 1L;

        private final CompactSerializer<T> serializer;

        Of(Class<T> type, CompactSerializer<T> serializer) {
            super(type);
            this.serializer = serializer;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Of<?> other
                    && other.getTypeClass() == getTypeClass()
                    && other.serializer.equals(serializer);
        }

        @Override
        public int hashCode() {
            return 31 * getTypeClass().hashCode() + serializer.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Of;
        }
    }

    private final Class<T> type;

    protected CompactTypeInfo(Class<T> type) {
        this.type = type;
    }

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
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "(compact)";
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o != null && o.getClass() == getClass();
    }
}
