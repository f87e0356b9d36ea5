package org.cemsflow.supervision;

import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.ingestion.ReadingSerializer;

/**
 * A compact serializer for a supervision order as the tracker keeps it (for the retention after it
 * closes, a month by default): a few bytes of flags (the state, the optional fields present, and
 * whether the order's id and unit are its alert's, as they are when the alert opens it); the alert
 * as {@link AlertSerializer} writes it; the deadline and answer as differences from the opening.
 * Every field comes back exactly. State the POJO serializer wrote (the alert in Avro's bytes) is
 * migrated on restore.
 */
public final class OrderSerializer extends CompactSerializer<Order> {
    private static final long serialVersionUID = 1L;
    public static final OrderSerializer INSTANCE = new OrderSerializer();

    /** Type information of a kept order: this serializer, not the POJO one. */
    public static final TypeInformation<Order> TYPE = CompactTypeInfo.of(Order.class, INSTANCE);

    private static final int STATE_BITS = 7, // the state's ordinal + 1, 0 for none
            ALERT = 1 << 3,
            ID_OF_ALERT = 1 << 4,
            UNIT_OF_ALERT = 1 << 5,
            ANSWERED_AT = 1 << 6,
            VERDICT = 1 << 7,
            ESCALATION = 1 << 8;

    @Override
    public Order createInstance() {
        return new Order();
    }

    @Override
    public Order copy(Order from) {
        Order o = new Order();
        o.alertId = from.alertId;
        o.unitId = from.unitId;
        o.openedAt = from.openedAt;
        o.deadline = from.deadline;
        o.state = from.state;
        o.answeredAt = from.answeredAt;
        o.verdict = from.verdict;
        o.escalationLevel = from.escalationLevel;
        o.overdueRank = from.overdueRank;
        o.alert = from.alert == null ? null : AlertSerializer.INSTANCE.copy(from.alert);
        o.sequence = from.sequence;
        o.version = from.version;
        return o;
    }

    @Override
    public void serialize(Order o, DataOutputView out) throws IOException {
        boolean alert = o.alert != null;
        boolean id = alert && Objects.equals(o.alertId, o.alert.getAlertId());
        boolean unit = alert && Objects.equals(o.unitId, o.alert.getUnitId());
        writeVarLong(
                (o.state == null ? 0 : o.state.ordinal() + 1)
                        | (alert ? ALERT : 0)
                        | (id ? ID_OF_ALERT : 0)
                        | (unit ? UNIT_OF_ALERT : 0)
                        | (o.answeredAt != null ? ANSWERED_AT : 0)
                        | (o.verdict != null ? VERDICT : 0)
                        | (o.escalationLevel != null ? ESCALATION : 0),
                out);
        if (alert) {
            AlertSerializer.write(o.alert, out);
        }
        if (!id) {
            StringValue.writeString(o.alertId, out);
        }
        if (!unit) {
            StringValue.writeString(o.unitId, out);
        }
        writeVarLong(o.openedAt, out);
        writeVarLong(o.deadline - o.openedAt, out);
        if (o.answeredAt != null) {
            writeVarLong(o.answeredAt - o.openedAt, out);
        }
        if (o.verdict != null) {
            StringValue.writeString(o.verdict, out);
        }
        if (o.escalationLevel != null) {
            StringValue.writeString(o.escalationLevel, out);
        }
        writeVarLong(o.overdueRank, out);
        writeVarLong(o.sequence, out);
        writeVarLong(o.version, out);
    }

    @Override
    public Order deserialize(DataInputView in) throws IOException {
        int f = (int) readVarLong(in);
        Order o = new Order();
        int state = f & STATE_BITS;
        o.state = state == 0 ? null : Order.State.values()[state - 1];
        if ((f & ALERT) != 0) {
            o.alert = AlertSerializer.read(in);
        }
        o.alertId = (f & ID_OF_ALERT) != 0 ? o.alert.getAlertId() : StringValue.readString(in);
        o.unitId =
                (f & UNIT_OF_ALERT) != 0 ? o.alert.getUnitId() : ReadingSerializer.readString(in);
        o.openedAt = readVarLong(in);
        o.deadline = o.openedAt + readVarLong(in);
        if ((f & ANSWERED_AT) != 0) {
            o.answeredAt = o.openedAt + readVarLong(in);
        }
        o.verdict = (f & VERDICT) != 0 ? ReadingSerializer.readString(in) : null;
        o.escalationLevel = (f & ESCALATION) != 0 ? ReadingSerializer.readString(in) : null;
        o.overdueRank = (int) readVarLong(in);
        o.sequence = (int) readVarLong(in);
        o.version = (int) readVarLong(in);
        return o;
    }

    @Override
    public TypeSerializerSnapshot<Order> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<Order> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
