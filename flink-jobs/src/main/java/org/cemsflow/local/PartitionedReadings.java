package org.cemsflow.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.DecodedFrame;

/**
 * A local run's sorted readings as uploads, already partitioned as {@code keyBy(MN)} partitions
 * them: file {@code i} holds the readings of the devices {@link #subtaskOf} sends to subtask {@code
 * i}, in event-time order, and subtask {@code i} of this source reads file {@code i} and no other.
 * So the per-device operators take the uploads where they are read, without a shuffle (the profile
 * showed serializing every upload to the hourly means and to the device rules, and reading it back
 * in each, as an eighth of a backfill's CPU). An upload is the consecutive readings of one device,
 * DataTime and CN, as the streaming job's frames bring them to the hourly means and the device
 * rules; a file holds one a record, and this source hands it on as one record (the readings went
 * one by one through two chained operators before). Bounded. run-local takes no checkpoints: a
 * restart reads the files again from their start.
 */
public final class PartitionedReadings
        implements Source<DecodedFrame, PartitionedReadings.Split, Void> {
    private static final long serialVersionUID = 1L;

    private final List<String> files;
    private final int maxParallelism;

    /**
     * @param files one per subtask, in subtask order; the source runs at their number's parallelism
     * @param maxParallelism the job's, by which {@link #subtaskOf} split the readings
     */
    public PartitionedReadings(List<Path> files, int maxParallelism) {
        this.files = files.stream().map(Path::toString).toList();
        this.maxParallelism = maxParallelism;
    }

    /**
     * A file of readings as this source reads it: an upload a record ({@link
     * FrameSequence.UploadSerializer}: its MN, time and the like written once).
     */
    static RecordFile.Writer<Reading[]> writer(Path file) throws IOException {
        return new RecordFile.Writer<>(file, FrameSequence.UploadSerializer.INSTANCE);
    }

    /** A file's readings, in order (tests). */
    static List<Reading> readAll(Path file) {
        List<Reading> all = new ArrayList<>();
        new Split(0, file.toString(), 0)
                .getIterator()
                .forEachRemaining(u -> all.addAll(u.readings));
        return all;
    }

    /** The subtask of {@code parallelism} that {@code keyBy} sends the device {@code mn} to. */
    public static int subtaskOf(String mn, int maxParallelism, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(mn, maxParallelism, parallelism);
    }

    /** The parallelism the source must run at. */
    public int parallelism() {
        return files.size();
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<DecodedFrame, Split> createReader(SourceReaderContext ctx) {
        return new IteratorSourceReader<>(ctx);
    }

    @Override
    public SplitEnumerator<Split, Void> createEnumerator(SplitEnumeratorContext<Split> ctx) {
        Map<Integer, Split> splits = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            splits.put(i, new Split(i, files.get(i), 0));
        }
        return new Enumerator(ctx, splits);
    }

    @Override
    public SplitEnumerator<Split, Void> restoreEnumerator(
            SplitEnumeratorContext<Split> ctx, Void checkpoint) {
        return createEnumerator(ctx);
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Void v) {
                return new byte[0];
            }

            @Override
            public Void deserialize(int version, byte[] bytes) {
                return null;
            }
        };
    }

    /** File {@code subtask}'s uploads, after the {@code skip} a reader already emitted. */
    public record Split(int subtask, String file, long skip)
            implements IteratorSourceSplit<DecodedFrame, Uploads> {
        @Override
        public String splitId() {
            return "readings-" + subtask;
        }

        @Override
        public Uploads getIterator() {
            return new Uploads(this);
        }

        @Override
        public Split getUpdatedSplitForIterator(Uploads it) {
            return new Split(subtask, file, skip + it.read);
        }

        /** Whether an upload is left: a reader takes a split's first one without asking. */
        boolean hasUploads() {
            Uploads r = getIterator();
            try {
                return r.hasNext();
            } finally {
                r.close();
            }
        }
    }

    /** A split's uploads, read from its file as they are asked for; the file closes at its end. */
    public static final class Uploads implements Iterator<DecodedFrame> {
        private final Split split;
        private DataInputViewStreamWrapper in;
        private DecodedFrame next;
        private boolean done;
        private long read;

        Uploads(Split split) {
            this.split = split;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    if (in == null) {
                        InputStream s = Files.newInputStream(Path.of(split.file));
                        in = RecordFile.input(s);
                        for (long i = 0; i < split.skip && advance() != null; i++) {}
                    }
                    next = advance();
                    if (next == null) {
                        close();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + split.file, e);
                }
            }
            return next != null;
        }

        /** The file's next upload, or null at its end. */
        private DecodedFrame advance() throws IOException {
            Reading[] readings = RecordFile.read(in, FrameSequence.UploadSerializer.INSTANCE);
            if (readings == null) {
                return null;
            }
            DecodedFrame upload = DecodedFrame.ofReading(readings[0]);
            for (int i = 1; i < readings.length; i++) {
                upload.readings.add(readings[i]);
            }
            return upload;
        }

        void close() {
            done = true;
            next = null;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing " + split.file, e);
                }
            }
        }

        @Override
        public DecodedFrame next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            DecodedFrame u = next;
            next = null;
            read++;
            return u;
        }
    }

    /** Hands each subtask its own split when it asks (unless nothing is left in it), and then no more. */
    private static final class Enumerator implements SplitEnumerator<Split, Void> {
        private final SplitEnumeratorContext<Split> ctx;
        private final Map<Integer, Split> pending;

        Enumerator(SplitEnumeratorContext<Split> ctx, Map<Integer, Split> pending) {
            this.ctx = ctx;
            this.pending = pending;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String host) {
            Split s = pending.remove(subtask);
            if (s != null && s.hasUploads()) {
                ctx.assignSplit(s, subtask);
            }
            ctx.signalNoMoreSplits(subtask);
        }

        /** A failed reader's split goes back to its subtask, never to another one. */
        @Override
        public void addSplitsBack(List<Split> splits, int subtask) {
            for (Split s : splits) {
                pending.put(s.subtask(), s);
            }
        }

        @Override
        public void addReader(int subtask) {}

        @Override
        public Void snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {}
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Split s) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            out.writeInt(s.subtask());
            out.writeUTF(s.file());
            out.writeLong(s.skip());
            return out.getCopyOfBuffer();
        }

        @Override
        public Split deserialize(int version, byte[] bytes) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            return new Split(in.readInt(), in.readUTF(), in.readLong());
        }
    }
}
