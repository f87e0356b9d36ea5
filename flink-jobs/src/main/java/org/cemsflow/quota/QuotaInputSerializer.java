package org.cemsflow.quota;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.aggregation.AggregateSerializer;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.ReadingSerializer;
import org.cemsflow.ingestion.RecordSerializer;
import org.cemsflow.reference.Mark;
import org.cemsflow.time.LocalTimes;

/**
 * A compact serializer for the gap filler's inputs, most of them hourly means that wait in its
 * event-time buffer for the allowed lateness (most of its state): a byte of flags for what is
 * present; the unit id once (a mean's is mostly the input's); the time only when it is not the
 * end of the mean's or meter's hour; and a mean as {@link QuotaInput#mean} keeps it (identity,
 * hour, coverage, validity, mass, revision and readings: the mass in thousandths when it is a
 * decimal of up to three places, the hour as a count of hours), about a third of the POJO
 * serializer's bytes. Every value reads back bit for bit; a mean with more fields set is written
 * whole ({@link AggregateSerializer}), marks and substitutes by their own serializers, nested in
 * the snapshot. State the POJO serializer wrote is migrated on restore.
 */
public final class QuotaInputSerializer extends RecordSerializer<QuotaInput> {
    private static final long serialVersionUID = 1L;
    private static final long H = LocalTimes.HOUR_MS;

    private static final int MEAN = 1, METER = 2, RUNNING = 4, MARK = 8, SUBSTITUTE = 16;
    private static final int UNIT = 32, AT_HOUR_END = 64, WHOLE_MEAN = 128;

    /** A slim mean's own flags. */
    private static final int POINT = 1, SAME_UNIT = 2, OWN_UNIT = 4, MASS = 8, MASS_DECIMAL = 16;

    private static final int DAY = 32, VALID = 64, WHOLE_HOUR = 128;

    private final TypeSerializer<Mark> marks;
    private final TypeSerializer<Substitute> substitutes;

    QuotaInputSerializer(TypeSerializer<Mark> marks, TypeSerializer<Substitute> substitutes) {
        this.marks = marks;
        this.substitutes = substitutes;
    }

    @Override
    public TypeSerializer<QuotaInput> duplicate() {
        TypeSerializer<Mark> m = marks.duplicate();
        TypeSerializer<Substitute> s = substitutes.duplicate();
        return m == marks && s == substitutes ? this : new QuotaInputSerializer(m, s);
    }

    @Override
    public QuotaInput createInstance() {
        return new QuotaInput();
    }

    @Override
    public QuotaInput copy(QuotaInput from) {
        QuotaInput q = new QuotaInput();
        q.unitId = from.unitId;
        q.mean = from.mean == null ? null : AggregateSerializer.INSTANCE.copy(from.mean);
        q.meterHour = from.meterHour;
        q.running = from.running;
        q.mark = from.mark == null ? null : marks.copy(from.mark);
        q.substitute = from.substitute == null ? null : substitutes.copy(from.substitute);
        q.time = from.time;
        return q;
    }

    /** A mean with no field set beyond those {@link QuotaInput#mean} keeps. */
    private static boolean slim(Aggregate a) {
        return a.getAvg() == null
                && a.getMin() == null
                && a.getMax() == null
                && a.getZsAvg() == null
                && a.getO2Ref() == null
                && a.getVolumeM3() == null
                && a.getSource() == null;
    }

    /** The hour start the input's time is the end of, when it has one. */
    private static Long hourOf(QuotaInput q) {
        return q.mean != null ? Long.valueOf(q.mean.getPeriodStart()) : q.meterHour;
    }

    @Override
    public void serialize(QuotaInput q, DataOutputView out) throws IOException {
        Long hour = hourOf(q);
        boolean whole = q.mean != null && !slim(q.mean);
        int flags =
                (q.mean != null ? MEAN : 0)
                        | (q.meterHour != null ? METER : 0)
                        | (q.running ? RUNNING : 0)
                        | (q.mark != null ? MARK : 0)
                        | (q.substitute != null ? SUBSTITUTE : 0)
                        | (q.unitId != null ? UNIT : 0)
                        | (hour != null && q.time == hour + H - 1 ? AT_HOUR_END : 0)
                        | (whole ? WHOLE_MEAN : 0);
        out.writeByte(flags);
        if (q.unitId != null) {
            StringValue.writeString(q.unitId, out);
        }
        if (q.meterHour != null) {
            writeVarLong(q.meterHour, out);
        }
        if (q.mean != null) {
            if (whole) {
                AggregateSerializer.INSTANCE.serialize(q.mean, out);
            } else {
                writeMean(q.mean, q.unitId, out);
            }
        }
        if ((flags & AT_HOUR_END) == 0) {
            out.writeLong(q.time);
        }
        if (q.mark != null) {
            marks.serialize(q.mark, out);
        }
        if (q.substitute != null) {
            substitutes.serialize(q.substitute, out);
        }
    }

    private static void writeMean(Aggregate a, String unitId, DataOutputView out)
            throws IOException {
        boolean sameUnit = a.getUnitId() != null && a.getUnitId().equals(unitId);
        long mass = thousandths(a.getEmissionKg());
        int flags =
                (a.getPointId() != null ? POINT : 0)
                        | (sameUnit ? SAME_UNIT : 0)
                        | (a.getUnitId() != null && !sameUnit ? OWN_UNIT : 0)
                        | (a.getEmissionKg() != null ? MASS : 0)
                        | (mass != NOT_DECIMAL ? MASS_DECIMAL : 0)
                        | (a.getPeriod() == AggregatePeriod.DAY ? DAY : 0)
                        | (a.getValid() ? VALID : 0)
                        | (a.getPeriodStart() % H == 0 ? WHOLE_HOUR : 0);
        out.writeByte(flags);
        StringValue.writeString(a.getMn(), out);
        if (a.getPointId() != null) {
            StringValue.writeString(a.getPointId(), out);
        }
        if ((flags & OWN_UNIT) != 0) {
            StringValue.writeString(a.getUnitId(), out);
        }
        StringValue.writeString(a.getPollutant(), out);
        if ((flags & WHOLE_HOUR) != 0) {
            writeVarLong(a.getPeriodStart() / H, out);
        } else {
            out.writeLong(a.getPeriodStart());
        }
        writeVarLong(a.getCoverageMin(), out);
        writeVarLong(a.getRevision(), out);
        writeVarLong(a.getReadings(), out);
        if (a.getEmissionKg() != null) {
            writeNumber(a.getEmissionKg(), mass, out);
        }
    }

    @Override
    public QuotaInput deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        QuotaInput q = new QuotaInput();
        q.running = (flags & RUNNING) != 0;
        if ((flags & UNIT) != 0) {
            q.unitId = ReadingSerializer.readString(in);
        }
        if ((flags & METER) != 0) {
            q.meterHour = readVarLong(in);
        }
        if ((flags & MEAN) != 0) {
            q.mean =
                    (flags & WHOLE_MEAN) != 0
                            ? AggregateSerializer.INSTANCE.deserialize(in)
                            : readMean(q.unitId, in);
        }
        q.time = (flags & AT_HOUR_END) != 0 ? hourOf(q) + H - 1 : in.readLong();
        if ((flags & MARK) != 0) {
            q.mark = marks.deserialize(in);
        }
        if ((flags & SUBSTITUTE) != 0) {
            q.substitute = substitutes.deserialize(in);
        }
        return q;
    }

    private static Aggregate readMean(String unitId, DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        Aggregate a = new Aggregate();
        a.setMn(ReadingSerializer.readString(in));
        if ((flags & POINT) != 0) {
            a.setPointId(ReadingSerializer.readString(in));
        }
        if ((flags & SAME_UNIT) != 0) {
            a.setUnitId(unitId);
        } else if ((flags & OWN_UNIT) != 0) {
            a.setUnitId(ReadingSerializer.readString(in));
        }
        a.setPollutant(ReadingSerializer.readString(in));
        a.setPeriodStart((flags & WHOLE_HOUR) != 0 ? readVarLong(in) * H : in.readLong());
        a.setCoverageMin((int) readVarLong(in));
        a.setRevision((int) readVarLong(in));
        a.setReadings((int) readVarLong(in));
        if ((flags & MASS) != 0) {
            a.setEmissionKg(readNumber((flags & MASS_DECIMAL) != 0, in));
        }
        a.setPeriod((flags & DAY) != 0 ? AggregatePeriod.DAY : AggregatePeriod.HOUR);
        a.setValid((flags & VALID) != 0);
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuotaInputSerializer s
                && marks.equals(s.marks)
                && substitutes.equals(s.substitutes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(marks, substitutes);
    }

    @Override
    public TypeSerializerSnapshot<QuotaInput> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** Restores the serializer from savepoints, its nested serializers' evolution included. */
    public static final class Snapshot
            extends CompactSerializer.FromPojoCompositeSnapshot<QuotaInput, QuotaInputSerializer> {
        public Snapshot() {}

        Snapshot(QuotaInputSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(QuotaInputSerializer s) {
            return new TypeSerializer<?>[] {s.marks, s.substitutes};
        }

        @SuppressWarnings("unchecked")
        @Override
        protected QuotaInputSerializer createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new QuotaInputSerializer(
                    (TypeSerializer<Mark>) nested[0], (TypeSerializer<Substitute>) nested[1]);
        }
    }
}
