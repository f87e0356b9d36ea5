package org.cemsflow.supervision;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.UUID;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.ReadingSerializer;
import org.cemsflow.model.AlertType;

/**
 * A compact serializer for an alert that a lead or an order keeps for the retention (a month by
 * default: most of their state). An alert is written as its fields, without what can be derived:
 * the alert id as its 16 bytes when it is a UUID's text; the point and MN by a flag when they are
 * the unit or the point; the rule by a flag when it is its type's clause; the window, deadline and
 * detection times as differences from the detection time; the value and limit in thousandths when
 * they are decimals of up to three places. Every field comes back exactly.
 */
public final class AlertSerializer extends CompactSerializer<Alert> {
    private static final long serialVersionUID = 1L;
    public static final AlertSerializer INSTANCE = new AlertSerializer();

    private static final int UUID_ID = 1,
            POINT_IS_UNIT = 1 << 1,
            MN_IS_POINT = 1 << 2,
            TYPE_CLAUSE = 1 << 3,
            VALUE = 1 << 4,
            VALUE_DECIMAL = 1 << 5,
            LIMIT = 1 << 6,
            LIMIT_DECIMAL = 1 << 7,
            CHANNEL_SHIFT = 8; // two bits: ORDER, NOTICE, LEAD, or none

    private static final int NO_CHANNEL = 3;

    @Override
    public Alert createInstance() {
        return new Alert();
    }

    @Override
    public Alert copy(Alert a) {
        return Alert.newBuilder(a).build();
    }

    @Override
    public void serialize(Alert a, DataOutputView out) throws IOException {
        write(a, out);
    }

    @Override
    public Alert deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    /** Writes {@code a} (not null). */
    static void write(Alert a, DataOutputView out) throws IOException {
        UUID id = uuidOf(a.getAlertId());
        boolean pointIsUnit = a.getPointId() != null && a.getPointId().equals(a.getUnitId());
        boolean mnIsPoint = a.getMn() != null && a.getMn().equals(a.getPointId());
        boolean clause = a.getRule() != null && a.getRule().equals(clauseOf(a.getType()));
        long value = thousandths(a.getValue());
        long limit = thousandths(a.getLimit());
        int flags =
                (id != null ? UUID_ID : 0)
                        | (pointIsUnit ? POINT_IS_UNIT : 0)
                        | (mnIsPoint ? MN_IS_POINT : 0)
                        | (clause ? TYPE_CLAUSE : 0)
                        | (a.getValue() != null ? VALUE : 0)
                        | (value != NOT_DECIMAL ? VALUE_DECIMAL : 0)
                        | (a.getLimit() != null ? LIMIT : 0)
                        | (limit != NOT_DECIMAL ? LIMIT_DECIMAL : 0)
                        | (a.getChannel() == null ? NO_CHANNEL : a.getChannel().ordinal())
                                << CHANNEL_SHIFT;
        writeVarLong(flags, out);
        if (id != null) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        } else {
            StringValue.writeString(a.getAlertId(), out);
        }
        StringValue.writeString(a.getType(), out);
        StringValue.writeString(a.getSeverity(), out);
        StringValue.writeString(a.getUnitId(), out);
        if (!pointIsUnit) {
            StringValue.writeString(a.getPointId(), out);
        }
        if (!mnIsPoint) {
            StringValue.writeString(a.getMn(), out);
        }
        StringValue.writeString(a.getPollutant(), out);
        long detected = a.getDetectedAt();
        writeVarLong(detected, out);
        writeVarLong(detected - a.getWindowStart(), out);
        writeVarLong(detected - a.getWindowEnd(), out);
        writeVarLong(a.getDeadline() - detected, out);
        if (a.getValue() != null) {
            writeNumber(a.getValue(), value, out);
        }
        if (a.getLimit() != null) {
            writeNumber(a.getLimit(), limit, out);
        }
        if (!clause) {
            StringValue.writeString(a.getRule(), out);
        }
        StringValue.writeString(a.getEvidence(), out);
    }

    /** Reads what {@link #write} wrote. */
    static Alert read(DataInputView in) throws IOException {
        int flags = (int) readVarLong(in);
        Alert a = new Alert();
        a.setAlertId(
                (flags & UUID_ID) != 0
                        ? new UUID(in.readLong(), in.readLong()).toString()
                        : StringValue.readString(in));
        a.setType(ReadingSerializer.readString(in));
        a.setSeverity(ReadingSerializer.readString(in));
        a.setUnitId(ReadingSerializer.readString(in));
        a.setPointId(
                (flags & POINT_IS_UNIT) != 0 ? a.getUnitId() : ReadingSerializer.readString(in));
        a.setMn((flags & MN_IS_POINT) != 0 ? a.getPointId() : ReadingSerializer.readString(in));
        a.setPollutant(ReadingSerializer.readString(in));
        long detected = readVarLong(in);
        a.setDetectedAt(detected);
        a.setWindowStart(detected - readVarLong(in));
        a.setWindowEnd(detected - readVarLong(in));
        a.setDeadline(detected + readVarLong(in));
        if ((flags & VALUE) != 0) {
            a.setValue(readNumber((flags & VALUE_DECIMAL) != 0, in));
        }
        if ((flags & LIMIT) != 0) {
            a.setLimit(readNumber((flags & LIMIT_DECIMAL) != 0, in));
        }
        a.setRule((flags & TYPE_CLAUSE) != 0 ? clauseOf(a.getType()) : StringValue.readString(in));
        a.setEvidence(StringValue.readString(in));
        int channel = flags >>> CHANNEL_SHIFT & 3;
        a.setChannel(channel == NO_CHANNEL ? null : AlertChannel.values()[channel]);
        return a;
    }

    /** The id as a UUID when it is exactly a UUID's canonical text, else null. */
    static UUID uuidOf(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            UUID u = UUID.fromString(id);
            return u.toString().equals(id) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The clause of a known alert type, else null. */
    private static String clauseOf(String type) {
        try {
            return AlertType.valueOf(type).clause();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public TypeSerializerSnapshot<Alert> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: the snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Alert> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
