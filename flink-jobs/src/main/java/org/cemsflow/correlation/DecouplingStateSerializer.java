package org.cemsflow.correlation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/**
 * A compact serializer for LOAD_DECOUPLING's state of a unit ({@link DecouplingState}): the days
 * as variable-length numbers, each series with a bit a value saying whether it is there (most of a
 * unit's hours are missing from one of its two series, or from both, while its day is open), the
 * values present in thousandths when they are decimals of up to three places, else whole. Every
 * field comes back exactly; a NaN (a missing hour) as Java's NaN, as the POJO serializer's
 * doubles do. State the POJO serializer wrote is migrated on restore.
 */
public final class DecouplingStateSerializer extends CompactSerializer<DecouplingState> {
    private static final long serialVersionUID = 1L;
    public static final DecouplingStateSerializer INSTANCE = new DecouplingStateSerializer();

    /** Type information of the state: this serializer, not the POJO one. */
    public static final TypeInformation<DecouplingState> TYPE =
            CompactTypeInfo.of(DecouplingState.class, INSTANCE);

    @Override
    public DecouplingState createInstance() {
        return new DecouplingState();
    }

    @Override
    public DecouplingState copy(DecouplingState from) {
        DecouplingState s = new DecouplingState();
        s.day = from.day;
        s.lastDay = from.lastDay;
        s.load = from.load.clone();
        s.flow = from.flow.clone();
        s.openDays = from.openDays == null ? null : from.openDays.clone();
        s.openSeries = from.openSeries == null ? null : from.openSeries.clone();
        s.history = from.history.clone();
        return s;
    }

    @Override
    public void serialize(DecouplingState s, DataOutputView out) throws IOException {
        writeVarLong(s.day, out);
        writeVarLong(s.lastDay, out);
        writeSeries(s.load, out);
        writeSeries(s.flow, out);
        long[] days = s.openDays == null ? new long[0] : s.openDays;
        writeVarLong(days.length, out);
        long before = 0;
        for (long d : days) {
            writeVarLong(d - before, out);
            before = d;
        }
        writeSeries(s.openSeries == null ? new double[0] : s.openSeries, out);
        writeSeries(s.history, out);
    }

    @Override
    public DecouplingState deserialize(DataInputView in) throws IOException {
        DecouplingState s = new DecouplingState();
        s.day = readVarLong(in);
        s.lastDay = readVarLong(in);
        s.load = readSeries(in);
        s.flow = readSeries(in);
        long[] days = new long[(int) readVarLong(in)];
        long before = 0;
        for (int i = 0; i < days.length; i++) {
            days[i] = before + readVarLong(in);
            before = days[i];
        }
        s.openDays = days;
        s.openSeries = readSeries(in);
        s.history = readSeries(in);
        return s;
    }

    /**
     * Values as their count, then for each run of up to 64 a mask of the values present (NaN, a
     * missing hour, is not) and whether each is a decimal, then the present ones.
     */
    private static void writeSeries(double[] v, DataOutputView out) throws IOException {
        writeVarLong(v.length, out);
        for (int from = 0; from < v.length; from += 64) {
            int to = Math.min(v.length, from + 64);
            long present = 0;
            long decimal = 0;
            for (int i = from; i < to; i++) {
                if (!Double.isNaN(v[i])) {
                    present |= 1L << (i - from);
                    if (thousandths(v[i]) != NOT_DECIMAL) {
                        decimal |= 1L << (i - from);
                    }
                }
            }
            writeVarLong(present, out);
            writeVarLong(decimal, out);
            for (int i = from; i < to; i++) {
                if ((present >>> (i - from) & 1) != 0) {
                    writeNumber(v[i], thousandths(v[i]), out);
                }
            }
        }
    }

    private static double[] readSeries(DataInputView in) throws IOException {
        double[] v = new double[(int) readVarLong(in)];
        for (int from = 0; from < v.length; from += 64) {
            int to = Math.min(v.length, from + 64);
            long present = readVarLong(in);
            long decimal = readVarLong(in);
            for (int i = from; i < to; i++) {
                v[i] =
                        (present >>> (i - from) & 1) != 0
                                ? readNumber((decimal >>> (i - from) & 1) != 0, in)
                                : Double.NaN;
            }
        }
        return v;
    }

    @Override
    public TypeSerializerSnapshot<DecouplingState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<DecouplingState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
