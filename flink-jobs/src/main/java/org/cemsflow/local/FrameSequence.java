package org.cemsflow.local;

import java.io.IOException;
import java.util.BitSet;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.ReadingSerializer;

/**
 * run-local's de-duplication without the frames' identities in memory: every whole frame gets a
 * number in line order and its 128-bit identity goes through an {@link ExternalSort} with that
 * number; sorted by identity, the first number of each identity is the frame accepted and the
 * others are retransmissions, so what stays in memory is one bit per frame. Readings carry their
 * frame's number through their own sort (an upload's readings as one record) and are dropped there
 * when their frame was a retransmission. Guarantees: the frame accepted is the first of its
 * identity in line order, as when each line was looked up in a set of the identities seen before
 * it.
 */
final class FrameSequence implements AutoCloseable {
    /** A frame's identity and number, and what its counts need. */
    record Mark(long a, long b, long frame, boolean data, int readings) {}

    /** By identity, then number: the first of an identity is the one accepted. */
    private static int compare(Mark x, Mark y) {
        int c = Long.compare(x.a(), y.a());
        if (c == 0) {
            c = Long.compare(x.b(), y.b());
        }
        return c != 0 ? c : Long.compare(x.frame(), y.frame());
    }

    /**
     * The readings of one upload of a frame (one DataTime, MN and CN), in the order of their code
     * and kind, and the number of their frame. They are sorted as one record: a sixth of the
     * records that the sort of each reading compared and merged. The sort key is copied into the
     * record, so a comparison reads no reading (the profile showed the sort waiting on memory).
     */
    record NumberedUpload(long frame, long time, String mn, int cn, Reading[] readings) {
        NumberedUpload(long frame, Reading[] readings) {
            this(
                    frame,
                    readings[0].getDataTime(),
                    readings[0].getMn(),
                    readings[0].getCn(),
                    readings);
        }
    }

    /** Frame identities sorted in memory at once (some 50 MB); more go through runs on disk. */
    static final int CHUNK = 1_000_000;

    private final ExternalSort<Mark> marks;
    private final BitSet duplicates = new BitSet();
    private long frames;
    private boolean resolved;

    FrameSequence() {
        this(CHUNK);
    }

    FrameSequence(int chunk) {
        marks = new ExternalSort<>(MarkSerializer.INSTANCE, FrameSequence::compare, chunk);
    }

    /** Numbers a whole frame of identity (a, b); its readings are to carry the number returned. */
    long add(long a, long b, boolean data, int readings) throws IOException {
        if (frames == Integer.MAX_VALUE) {
            throw new IOException("more than " + Integer.MAX_VALUE + " frames in one local run");
        }
        long frame = frames++;
        marks.add(new Mark(a, b, frame, data, readings));
        return frame;
    }

    /** What the retransmissions took from the counts: frames, data frames among them, readings. */
    record Retransmitted(long frames, long nonData, long readings) {}

    /** Finds the retransmissions (once, after the last frame). */
    Retransmitted resolve() throws IOException {
        if (resolved) {
            throw new IllegalStateException("resolved already");
        }
        resolved = true;
        long[] n = new long[3];
        Mark[] first = new Mark[1];
        marks.forEachSorted(
                m -> {
                    Mark f = first[0];
                    if (f != null && f.a() == m.a() && f.b() == m.b()) {
                        duplicates.set((int) m.frame());
                        n[0]++;
                        n[1] += m.data() ? 0 : 1;
                        n[2] += m.readings();
                    } else {
                        first[0] = m;
                    }
                });
        return new Retransmitted(n[0], n[1], n[2]);
    }

    /** Whether frame {@code frame} was a retransmission (after {@link #resolve}). */
    boolean retransmitted(long frame) {
        return duplicates.get((int) frame);
    }

    @Override
    public void close() {
        marks.close();
    }

    /**
     * A serializer of records that live in run-local's sort files only, never in state or between
     * operators: immutable, and without a snapshot.
     */
    private abstract static class SortFileSerializer<T> extends CompactSerializer<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public T createInstance() {
            return null;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            throw new UnsupportedOperationException("run-local's sort files only, never state");
        }
    }

    /** The marks in the sort's run files: identity, number, a flag and the readings. */
    static final class MarkSerializer extends SortFileSerializer<Mark> {
        private static final long serialVersionUID = 1L;
        static final MarkSerializer INSTANCE = new MarkSerializer();

        @Override
        public void serialize(Mark m, DataOutputView out) throws IOException {
            out.writeLong(m.a());
            out.writeLong(m.b());
            out.writeLong(m.frame());
            out.writeBoolean(m.data());
            out.writeInt(m.readings());
        }

        @Override
        public Mark deserialize(DataInputView in) throws IOException {
            return new Mark(
                    in.readLong(), in.readLong(), in.readLong(), in.readBoolean(), in.readInt());
        }
    }

    /**
     * The readings of an upload in run-local's files: the count; then, when they share an upload's
     * fields (as the validator makes them), those once and each reading's own, else each reading
     * whole.
     */
    static final class UploadSerializer extends SortFileSerializer<Reading[]> {
        private static final long serialVersionUID = 1L;
        static final UploadSerializer INSTANCE = new UploadSerializer();
        private static final ReadingSerializer READINGS = ReadingSerializer.INSTANCE;

        @Override
        public void serialize(Reading[] readings, DataOutputView out) throws IOException {
            out.writeInt(readings.length);
            boolean shared = true;
            for (int i = 1; i < readings.length && shared; i++) {
                shared = ReadingSerializer.shareUpload(readings[0], readings[i]);
            }
            out.writeBoolean(shared);
            if (shared) {
                READINGS.serializeShared(readings[0], out);
            }
            for (Reading r : readings) {
                if (shared) {
                    READINGS.serializeOwn(r, out);
                } else {
                    READINGS.serialize(r, out);
                }
            }
        }

        @Override
        public Reading[] deserialize(DataInputView in) throws IOException {
            Reading[] readings = new Reading[in.readInt()];
            Reading shared = in.readBoolean() ? READINGS.deserializeShared(in) : null;
            for (int i = 0; i < readings.length; i++) {
                readings[i] =
                        shared != null
                                ? READINGS.deserializeOwn(shared, in)
                                : READINGS.deserialize(in);
            }
            return readings;
        }
    }

    /** Uploads in the sort's run files: the frame's number, then the upload. */
    static final class NumberedUploadSerializer extends SortFileSerializer<NumberedUpload> {
        private static final long serialVersionUID = 1L;
        static final NumberedUploadSerializer INSTANCE = new NumberedUploadSerializer();

        @Override
        public void serialize(NumberedUpload u, DataOutputView out) throws IOException {
            out.writeLong(u.frame());
            UploadSerializer.INSTANCE.serialize(u.readings(), out);
        }

        @Override
        public NumberedUpload deserialize(DataInputView in) throws IOException {
            long frame = in.readLong();
            return new NumberedUpload(frame, UploadSerializer.INSTANCE.deserialize(in));
        }
    }
}
