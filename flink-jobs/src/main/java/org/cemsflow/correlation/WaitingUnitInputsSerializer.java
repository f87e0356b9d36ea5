package org.cemsflow.correlation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactNumbers;
import org.cemsflow.ingestion.RecordSerializer;

/**
 * The unit rules' waiting inputs of one unit, a list in time order ({@link
 * org.cemsflow.time.EventTimeQueue}): their count, then each input as {@link UnitInputSerializer}
 * writes it, its time relative to the input before (a byte for the seconds between two uploads
 * instead of five for a time of its own). Any order reads back; time order is just the smallest.
 * A copy is deep, so a snapshot being written never sees an input the operator changes.
 */
public final class WaitingUnitInputsSerializer extends RecordSerializer<List<UnitInput>> {
    private static final long serialVersionUID = 1L;

    private final UnitInputSerializer inputs;

    public WaitingUnitInputsSerializer(UnitInputSerializer inputs) {
        this.inputs = inputs;
    }

    @Override
    public TypeSerializer<List<UnitInput>> duplicate() {
        TypeSerializer<UnitInput> d = inputs.duplicate();
        return d == inputs ? this : new WaitingUnitInputsSerializer((UnitInputSerializer) d);
    }

    @Override
    public List<UnitInput> createInstance() {
        return new ArrayList<>();
    }

    @Override
    public List<UnitInput> copy(List<UnitInput> from) {
        List<UnitInput> to = new ArrayList<>(from.size());
        for (UnitInput u : from) {
            to.add(inputs.copy(u));
        }
        return to;
    }

    @Override
    public void serialize(List<UnitInput> list, DataOutputView out) throws IOException {
        CompactNumbers.writeVarLong(list.size(), out);
        long base = 0;
        for (UnitInput u : list) {
            inputs.serialize(u, out, base);
            base = u.time;
        }
    }

    @Override
    public List<UnitInput> deserialize(DataInputView in) throws IOException {
        int n = (int) CompactNumbers.readVarLong(in);
        List<UnitInput> list = new ArrayList<>(n);
        long base = 0;
        for (int i = 0; i < n; i++) {
            UnitInput u = inputs.deserialize(in, base);
            list.add(u);
            base = u.time;
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitingUnitInputsSerializer s && inputs.equals(s.inputs);
    }

    @Override
    public int hashCode() {
        return inputs.hashCode() + 17;
    }

    @Override
    public TypeSerializerSnapshot<List<UnitInput>> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** Restores the serializer from savepoints, the inputs' serializer's evolution included. */
    public static final class Snapshot
            extends CompositeTypeSerializerSnapshot<List<UnitInput>, WaitingUnitInputsSerializer> {
        public Snapshot() {}

        Snapshot(WaitingUnitInputsSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(WaitingUnitInputsSerializer s) {
            return new TypeSerializer<?>[] {s.inputs};
        }

        @Override
        protected WaitingUnitInputsSerializer createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new WaitingUnitInputsSerializer((UnitInputSerializer) nested[0]);
        }
    }
}
