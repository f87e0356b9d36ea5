package org.cemsflow.ingestion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.model.RawFrame;

/**
 * A compact serializer for raw frames on their way from the source to the frame gate (one record
 * per frame, a shuffle by device): a line is one char per byte, so its text goes as its bytes
 * (Flink's string format spends a variable-length code and a thread-local look-up per char, which
 * the profile showed in the gate's input). Text with a char over 255 (never from a byte source)
 * goes in Flink's string format, marked, so any string comes back exactly.
 */
public final class RawFrameSerializer extends CompactSerializer<RawFrame> {
    private static final long serialVersionUID = 1L;
    public static final RawFrameSerializer INSTANCE = new RawFrameSerializer();

    /** Type information of raw frames from a source: this serializer, not the POJO one. */
    public static final TypeInformation<RawFrame> TYPE =
            CompactTypeInfo.of(RawFrame.class, INSTANCE);

    private static final int NULL = -1;
    private static final int NOT_LATIN1 = -2;

    @Override
    public RawFrame createInstance() {
        return new RawFrame();
    }

    @Override
    public RawFrame copy(RawFrame from) {
        return new RawFrame(from.text, from.source, from.receivedAt);
    }

    @Override
    public void serialize(RawFrame f, DataOutputView out) throws IOException {
        writeText(f.text, out);
        writeText(f.source, out);
        out.writeLong(f.receivedAt);
    }

    @Override
    public RawFrame deserialize(DataInputView in) throws IOException {
        String text = readText(in);
        String source = readText(in);
        return new RawFrame(text, source, in.readLong());
    }

    static void writeText(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        int n = s.length();
        int any = 0;
        for (int i = 0; i < n; i++) {
            any |= s.charAt(i);
        }
        if (any > 0xFF) {
            out.writeInt(NOT_LATIN1);
            StringValue.writeString(s, out);
            return;
        }
        out.writeInt(n);
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String readText(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == NULL) {
            return null;
        }
        if (n == NOT_LATIN1) {
            return StringValue.readString(in);
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public TypeSerializerSnapshot<RawFrame> snapshotConfiguration() {
        return new RawFrameSerializerSnapshot();
    }

    /** The serializer has no configuration: the snapshot only names it. */
    public static final class RawFrameSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<RawFrame> {
        public RawFrameSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
