package org.cemsflow.time;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A side input known when the job is built (the reference directory read at start) as a source
 * that says it once and then never ends: unbounded, idle for good.
 *
 * <p>Why not a bounded source: a bounded source ends with the watermark {@code Long.MAX_VALUE}. While
 * the live partitions are active that changes nothing, but when all of them fall idle (a quiet
 * night, the end of a replay) the finished input is the only active one, and event time jumps to
 * +infinity: every hour is closed, every deadline passes, and what comes next is late. Swallowing
 * that watermark in an operator is not enough: a task restored after a failure with its source
 * already finished sends it again without running its operators.
 */
public final class EndlessSource<T extends Serializable>
        implements Source<T, EndlessSource.Split, Boolean> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<T> elements;

    public EndlessSource(List<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<Split, Boolean> createEnumerator(SplitEnumeratorContext<Split> ctx) {
        return new Enumerator(ctx, false);
    }

    @Override
    public SplitEnumerator<Split, Boolean> restoreEnumerator(
            SplitEnumeratorContext<Split> ctx, Boolean assigned) {
        return new Enumerator(ctx, assigned);
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new FlagSerializer<>(b -> new Split(b), s -> s.emitted);
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new FlagSerializer<>(b -> b, b -> b);
    }

    @Override
    public SourceReader<T, Split> createReader(SourceReaderContext ctx) {
        return new Reader<>(elements);
    }

    /** The one split: whether its elements were emitted already. */
    public static final class Split implements SourceSplit {
        final boolean emitted;

        Split(boolean emitted) {
            this.emitted = emitted;
        }

        @Override
        public String splitId() {
            return "elements";
        }
    }

    /** Gives the split to the first reader once; a split given back (a failed reader) goes out again. */
    static final class Enumerator implements SplitEnumerator<Split, Boolean> {
        private final SplitEnumeratorContext<Split> ctx;
        private boolean assigned;
        private Split pending;

        Enumerator(SplitEnumeratorContext<Split> ctx, boolean assigned) {
            this.ctx = ctx;
            this.assigned = assigned;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String host) {}

        @Override
        public void addSplitsBack(List<Split> splits, int subtask) {
            if (!splits.isEmpty()) {
                pending = splits.get(0);
                if (ctx.registeredReaders().containsKey(subtask)) {
                    addReader(subtask);
                }
            }
        }

        @Override
        public void addReader(int subtask) {
            if (!assigned) {
                ctx.assignSplit(new Split(false), subtask);
                assigned = true;
            } else if (pending != null) {
                ctx.assignSplit(pending, subtask);
                pending = null;
            }
        }

        @Override
        public Boolean snapshotState(long checkpointId) {
            return assigned;
        }

        @Override
        public void close() {}
    }

    /** Emits the elements once when it gets the split, then waits for ever. */
    static final class Reader<T> implements SourceReader<T, Split> {
        private final List<T> elements;
        private Split split;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        Reader(List<T> elements) {
            this.elements = elements;
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<T> out) {
            if (split != null && !split.emitted) {
                elements.forEach(out::collect);
                split = new Split(true);
            }
            available = new CompletableFuture<>(); // never completed unless a split comes: idle for
            // good
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return split == null ? List.of() : List.of(split);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Split> splits) {
            split = splits.get(0);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }

    /** A one-byte serializer of a flag and what it stands for. */
    static final class FlagSerializer<X> implements SimpleVersionedSerializer<X> {
        private final java.util.function.Function<Boolean, X> of;
        private final java.util.function.Predicate<X> flag;

        FlagSerializer(
                java.util.function.Function<Boolean, X> of, java.util.function.Predicate<X> flag) {
            this.of = of;
            this.flag = flag;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(X x) {
            return new byte[] {(byte) (flag.test(x) ? 1 : 0)};
        }

        @Override
        public X deserialize(int version, byte[] bytes) throws IOException {
            if (bytes.length != 1) {
                throw new IOException("not a flag: " + bytes.length + " bytes");
            }
            return of.apply(bytes[0] == 1);
        }
    }
}
