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

    /**
     * A task thread's buffer for a line's bytes: a line is written from it and read into it, so
     * that its only copy is the string's own (the profile showed a second array a frame).
     */
    private static final ThreadLocal<byte[]> SCRATCH =
            ThreadLocal.withInitial(() -> new byte[1024]);

    private static byte[] scratch(int n) {
        byte[] b = SCRATCH.get();
        if (b.length < n) {
            b = new byte[Math.max(n, 2 * b.length)];
            SCRATCH.set(b);
        }
        return b;
    }

    @Override
    public RawFrame createInstance() {
        return new RawFrame();
    }

    @Override
    public RawFrame copy(RawFrame from) {
        RawFrame f = new RawFrame(from.text, from.source, from.receivedAt);
        f.intact = from.intact;
        return f;
    }

    @Override
    public void serialize(RawFrame f, DataOutputView out) throws IOException {
        writeText(f.text, out);
        writeText(f.source, out);
        out.writeLong(f.receivedAt);
        out.writeBoolean(f.intact);
    }

    @Override
    public RawFrame deserialize(DataInputView in) throws IOException {
        String text = readText(in);
        String source = readText(in);
        RawFrame f = new RawFrame(text, source, in.readLong());
        f.intact = in.readBoolean();
        return f;
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
        byte[] bytes = scratch(n);
        latin1(s, n, bytes);
        out.write(bytes, 0, n);
    }

    /** The low byte of each of the first {@code n} chars of a line (all of them under 256). */
    @SuppressWarnings("deprecation") // exactly the low bytes, which is what Latin-1 text needs
    private static void latin1(String s, int n, byte[] into) {
        s.getBytes(0, n, into, 0);
    }

    static String readText(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == NULL) {
            return null;
        }
        if (n == NOT_LATIN1) {
            return StringValue.readString(in);
        }
        byte[] bytes = scratch(n);
        in.readFully(bytes, 0, n);
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
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
