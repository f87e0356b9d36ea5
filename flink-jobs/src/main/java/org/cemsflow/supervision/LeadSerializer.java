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
 * A compact serializer for a lead as the lead tracker keeps it for the retention after its last
 * change (a month by default): leads are kept longest of all the job's state, so on real traffic
 * they grow with time until the retention. A byte of flags (the state, the optional fields
 * present, and whether the lead's id, unit and type are its alert's, as they are when the alert
 * opens it); the alert as {@link AlertSerializer} writes it; the times as differences from the
 * last change. Every field comes back exactly. State the POJO serializer wrote (the alert in
 * Avro's bytes) is migrated on restore.
 */
public final class LeadSerializer extends CompactSerializer<Lead> {
    private static final long serialVersionUID = 1L;
    public static final LeadSerializer INSTANCE = new LeadSerializer();

    /** Type information of a kept lead: this serializer, not the POJO one. */
    public static final TypeInformation<Lead> TYPE = CompactTypeInfo.of(Lead.class, INSTANCE);

    private static final int STATE_BITS = 7, // the state's ordinal + 1, 0 for none
            ALERT = 1 << 3,
            ID_OF_ALERT = 1 << 4,
            UNIT_OF_ALERT = 1 << 5,
            TYPE_OF_ALERT = 1 << 6,
            REVIEWED_AT = 1 << 7,
            VERDICT = 1 << 8,
            BY = 1 << 9,
            TEXT = 1 << 10;

    @Override
    public Lead createInstance() {
        return new Lead();
    }

    @Override
    public Lead copy(Lead from) {
        Lead l = new Lead();
        l.alertId = from.alertId;
        l.unitId = from.unitId;
        l.type = from.type;
        l.openedAt = from.openedAt;
        l.state = from.state;
        l.reviewedAt = from.reviewedAt;
        l.verdict = from.verdict;
        l.by = from.by;
        l.text = from.text;
        l.alert = from.alert == null ? null : AlertSerializer.INSTANCE.copy(from.alert);
        l.sequence = from.sequence;
        l.version = from.version;
        l.changedAt = from.changedAt;
        return l;
    }

    @Override
    public void serialize(Lead l, DataOutputView out) throws IOException {
        boolean alert = l.alert != null;
        boolean id = alert && Objects.equals(l.alertId, l.alert.getAlertId());
        boolean unit = alert && Objects.equals(l.unitId, l.alert.getUnitId());
        boolean type = alert && Objects.equals(l.type, l.alert.getType());
        writeVarLong(
                (l.state == null ? 0 : l.state.ordinal() + 1)
                        | (alert ? ALERT : 0)
                        | (id ? ID_OF_ALERT : 0)
                        | (unit ? UNIT_OF_ALERT : 0)
                        | (type ? TYPE_OF_ALERT : 0)
                        | (l.reviewedAt != null ? REVIEWED_AT : 0)
                        | (l.verdict != null ? VERDICT : 0)
                        | (l.by != null ? BY : 0)
                        | (l.text != null ? TEXT : 0),
                out);
        if (alert) {
            AlertSerializer.write(l.alert, out);
        }
        if (!id) {
            StringValue.writeString(l.alertId, out);
        }
        if (!unit) {
            StringValue.writeString(l.unitId, out);
        }
        if (!type) {
            StringValue.writeString(l.type, out);
        }
        writeVarLong(l.changedAt, out);
        writeVarLong(l.changedAt - l.openedAt, out);
        if (l.reviewedAt != null) {
            writeVarLong(l.changedAt - l.reviewedAt, out);
        }
        if (l.verdict != null) {
            StringValue.writeString(l.verdict, out);
        }
        if (l.by != null) {
            StringValue.writeString(l.by, out);
        }
        if (l.text != null) {
            StringValue.writeString(l.text, out);
        }
        writeVarLong(l.sequence, out);
        writeVarLong(l.version, out);
    }

    @Override
    public Lead deserialize(DataInputView in) throws IOException {
        int f = (int) readVarLong(in);
        Lead l = new Lead();
        int state = f & STATE_BITS;
        l.state = state == 0 ? null : Lead.State.values()[state - 1];
        if ((f & ALERT) != 0) {
            l.alert = AlertSerializer.read(in);
        }
        l.alertId = (f & ID_OF_ALERT) != 0 ? l.alert.getAlertId() : StringValue.readString(in);
        l.unitId =
                (f & UNIT_OF_ALERT) != 0 ? l.alert.getUnitId() : ReadingSerializer.readString(in);
        l.type = (f & TYPE_OF_ALERT) != 0 ? l.alert.getType() : ReadingSerializer.readString(in);
        l.changedAt = readVarLong(in);
        l.openedAt = l.changedAt - readVarLong(in);
        if ((f & REVIEWED_AT) != 0) {
            l.reviewedAt = l.changedAt - readVarLong(in);
        }
        l.verdict = (f & VERDICT) != 0 ? ReadingSerializer.readString(in) : null;
        l.by = (f & BY) != 0 ? StringValue.readString(in) : null;
        l.text = (f & TEXT) != 0 ? StringValue.readString(in) : null;
        l.sequence = (int) readVarLong(in);
        l.version = (int) readVarLong(in);
        return l;
    }

    @Override
    public TypeSerializerSnapshot<Lead> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<Lead> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
