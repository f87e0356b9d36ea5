package org.cemsflow.ingestion;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.avro.Reading;

/**
 * The accepted frames between operators (not in state: rules that buffer frames keep the POJO
 * format their savepoints hold). An accepted frame is complete when the frame gate (or a local
 * run's grouping of readings) emits it and nothing downstream changes it, so the chained
 * consumers of one frame (readings, data quality, the device rules) share the instance instead of
 * a deep copy each; on a shuffle it goes field by field, its readings in their own serializer.
 */
public final class DecodedFrameSerializer extends CompactSerializer<DecodedFrame> {
    private static final long serialVersionUID = 1L;
    public static final DecodedFrameSerializer INSTANCE = new DecodedFrameSerializer();

    /** Type information of accepted frames between operators: this serializer. */
    public static final TypeInformation<DecodedFrame> TYPE =
            CompactTypeInfo.of(DecodedFrame.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public DecodedFrame createInstance() {
        return new DecodedFrame();
    }

    @Override
    public DecodedFrame copy(DecodedFrame from) {
        return from;
    }

    @Override
    public void serialize(DecodedFrame f, DataOutputView out) throws IOException {
        StringValue.writeString(f.mn, out);
        out.writeInt(f.cn);
        out.writeBoolean(f.data);
        out.writeLong(f.dataTime);
        out.writeLong(f.dedupHash);
        RawFrameSerializer.writeText(f.text, out);
        RawFrameSerializer.writeText(f.source, out);
        out.writeLong(f.receivedAt);
        List<Reading> readings = f.readings;
        out.writeInt(readings == null ? -1 : readings.size());
        if (readings != null) {
            for (Reading r : readings) {
                ReadingSerializer.INSTANCE.serialize(r, out);
            }
        }
    }

    @Override
    public DecodedFrame deserialize(DataInputView in) throws IOException {
        DecodedFrame f = new DecodedFrame();
        f.mn = ReadingSerializer.readString(in);
        f.cn = in.readInt();
        f.data = in.readBoolean();
        f.dataTime = in.readLong();
        f.dedupHash = in.readLong();
        f.text = RawFrameSerializer.readText(in);
        f.source = RawFrameSerializer.readText(in);
        f.receivedAt = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            f.readings = null;
        } else {
            f.readings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                f.readings.add(ReadingSerializer.INSTANCE.deserialize(in));
            }
        }
        return f;
    }

    @Override
    public TypeSerializerSnapshot<DecodedFrame> snapshotConfiguration() {
        return new DecodedFrameSerializerSnapshot();
    }

    /** The serializer has no configuration: the snapshot only names it. */
    public static final class DecodedFrameSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<DecodedFrame> {
        public DecodedFrameSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
