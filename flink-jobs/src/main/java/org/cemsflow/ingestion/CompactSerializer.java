package org.cemsflow.ingestion;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * A {@link RecordSerializer} without configuration, for a record between operators or in state:
 * one instance serves every task (as Flink's singleton serializers, equal to any other of its
 * class).
 */
public abstract class CompactSerializer<T> extends RecordSerializer<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final CompactSerializer<T> duplicate() {
        return this;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    /**
     * The snapshot of a compact serializer that replaced the POJO serializer of the same class in
     * state: state the POJO serializer wrote is read with it and written again with this one.
     * Each serializer's snapshot subclass keeps its own name (savepoints refer to it).
     */
    public abstract static class FromPojoSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {
        protected FromPojoSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }

    /**
     * The snapshot of a compact serializer with nested serializers that replaced the POJO
     * serializer of the same class in state: as {@link FromPojoSnapshot}, the nested serializers'
     * evolution tracked as Flink's composite snapshots do.
     */
    public abstract static class FromPojoCompositeSnapshot<T, S extends TypeSerializer<T>>
            extends CompositeTypeSerializerSnapshot<T, S> {
        protected FromPojoCompositeSnapshot() {}

        protected FromPojoCompositeSnapshot(S serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
