package org.cemsflow.ingestion;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.quality.DataQuality;
import org.cemsflow.quality.QualityEvent;

/**
 * The serializer of data-quality events on their way to the per-device aggregator, one per
 * accepted frame: a byte of flags (type, which fields are there) and the fields present, written
 * and read directly where the POJO serializer went field by field by reflection (about 3 % of the
 * frame gate's thread was the network output of these events). Not state: the aggregator keeps
 * {@link DataQuality}.
 */
public final class QualityEventSerializer extends CompactSerializer<QualityEvent> {
    private static final long serialVersionUID = 1L;
    public static final QualityEventSerializer INSTANCE = new QualityEventSerializer();
    public static final TypeInformation<QualityEvent> TYPE =
            CompactTypeInfo.of(QualityEvent.class, INSTANCE);

    private static final QualityEvent.Type[] TYPES = QualityEvent.Type.values();

    static {
        if (TYPES.length > 7) {
            throw new IllegalStateException("a type's ordinal + 1 must fit in three bits");
        }
    }

    /** Flags above the type's ordinal + 1 (0: no type) in the low three bits. */
    private static final int MN = 8, REASON = 16, BACKFILLED = 32, VALID = 64;

    @Override
    public QualityEvent createInstance() {
        return new QualityEvent();
    }

    @Override
    public QualityEvent copy(QualityEvent from) {
        QualityEvent e = new QualityEvent();
        e.mn = from.mn;
        e.time = from.time;
        e.type = from.type;
        e.readings = from.readings;
        e.backfilled = from.backfilled;
        e.reason = from.reason;
        e.valid = from.valid;
        return e;
    }

    @Override
    public void serialize(QualityEvent e, DataOutputView out) throws IOException {
        int flags =
                (e.type == null ? 0 : e.type.ordinal() + 1)
                        | (e.mn != null ? MN : 0)
                        | (e.reason != null ? REASON : 0)
                        | (e.backfilled ? BACKFILLED : 0)
                        | (e.valid ? VALID : 0);
        out.writeByte(flags);
        if (e.mn != null) {
            StringValue.writeString(e.mn, out);
        }
        out.writeLong(e.time);
        out.writeInt(e.readings);
        if (e.reason != null) {
            StringValue.writeString(e.reason, out);
        }
    }

    @Override
    public QualityEvent deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        QualityEvent e = new QualityEvent();
        int type = flags & 7;
        e.type = type == 0 ? null : TYPES[type - 1];
        e.mn = (flags & MN) != 0 ? StringValue.readString(in) : null;
        e.time = in.readLong();
        e.readings = in.readInt();
        e.reason = (flags & REASON) != 0 ? StringValue.readString(in) : null;
        e.backfilled = (flags & BACKFILLED) != 0;
        e.valid = (flags & VALID) != 0;
        return e;
    }

    @Override
    public TypeSerializerSnapshot<QualityEvent> snapshotConfiguration() {
        return new QualityEventSerializerSnapshot();
    }

    /** The serializer has no configuration: the snapshot only names it. */
    public static final class QualityEventSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<QualityEvent> {
        public QualityEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
