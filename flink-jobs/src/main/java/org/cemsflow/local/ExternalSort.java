package org.cemsflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;

/**
 * Sorts more records than fit in memory. Records are taken in chunks of a fixed size (a count, or
 * a weight of records); a full chunk is sorted and written to a temporary run file by a background
 * thread while the next one fills;
 * {@link #forEachSorted} merges the runs. Guarantees: every record comes out once, in the
 * comparator's order, and records the comparator calls equal come out in the order they were
 * added (a stable sort), so the result is the one of {@code List.sort} on all of them. At most two
 * chunks are held in memory, and at most {@code fanIn} run files are open at once: when that many
 * runs of one size are written, the background thread merges them into one (their neighbours stay
 * in place, so ties keep their order), so a record is rewritten once per factor of {@code fanIn}
 * in the input's size and a month of a province does not run out of file handles.
 */
public final class ExternalSort<T> implements AutoCloseable {
    /** Runs merged at once; a merge holds a read buffer of 64 KB for each. */
    static final int FAN_IN = 256;

    /** What a sorted record is handed to. */
    @FunctionalInterface
    public interface Visitor<T> {
        void accept(T record) throws IOException;
    }

    /** A run file and its level: 0 a chunk, n + 1 the merge of {@code fanIn} runs of level n. */
    private record Run(Path file, int level) {}

    private final TypeSerializer<T> serializer;
    private final Comparator<T> order;
    private final int chunkSize;
    private final int fanIn;
    private final ExecutorService spiller =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "cemsflow-sort-spill");
                        t.setDaemon(true);
                        return t;
                    });
    private Path dir;

    /** In the order of their records: changed only by the spiller, or after awaiting it. */
    private final List<Run> runs = new ArrayList<>();

    private int files;

    /** The most sources one merge read at once. */
    private int widest;

    private final ToIntFunction<T> weight;
    private List<T> chunk;
    private long chunkWeight;
    private Future<?> spilling;
    private long size;

    public ExternalSort(TypeSerializer<T> serializer, Comparator<T> order, int chunkSize) {
        this(serializer, order, chunkSize, r -> 1, FAN_IN);
    }

    /**
     * A sort whose chunk holds records of at most {@code chunkSize} in weight (a record weighs at
     * least 1): records that group several of what a chunk was sized for, such as an upload's
     * readings, count as that many.
     */
    public ExternalSort(
            TypeSerializer<T> serializer,
            Comparator<T> order,
            int chunkSize,
            ToIntFunction<T> weight) {
        this(serializer, order, chunkSize, weight, FAN_IN);
    }

    ExternalSort(TypeSerializer<T> serializer, Comparator<T> order, int chunkSize, int fanIn) {
        this(serializer, order, chunkSize, r -> 1, fanIn);
    }

    ExternalSort(
            TypeSerializer<T> serializer,
            Comparator<T> order,
            int chunkSize,
            ToIntFunction<T> weight,
            int fanIn) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize);
        }
        if (fanIn < 2) {
            throw new IllegalArgumentException("fan-in " + fanIn);
        }
        this.serializer = serializer;
        this.order = order;
        this.chunkSize = chunkSize;
        this.fanIn = fanIn;
        this.weight = weight;
        this.chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
    }

    public void add(T record) throws IOException {
        chunk.add(record);
        size++;
        chunkWeight += Math.max(1, weight.applyAsInt(record));
        if (chunkWeight >= chunkSize) {
            spill();
        }
    }

    /** Records added so far. */
    public long size() {
        return size;
    }

    /** Run files there are now (a test sees whether the merge paths ran). */
    int runs() throws IOException {
        awaitSpill();
        return runs.size();
    }

    /** The most sources (run files and the chunk in memory) that one merge has read at once. */
    int widestMerge() {
        return widest;
    }

    /** The deepest level of merged runs (0: none merged). */
    int levels() throws IOException {
        awaitSpill();
        return runs.stream().mapToInt(Run::level).max().orElse(0);
    }

    private void spill() throws IOException {
        awaitSpill();
        if (dir == null) {
            dir = Files.createTempDirectory("cemsflow-sort");
        }
        List<T> full = chunk;
        chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
        chunkWeight = 0;
        spilling =
                spiller.submit(
                        () -> {
                            full.sort(order);
                            Path run = newFile();
                            try (RecordFile.Writer<T> out =
                                    new RecordFile.Writer<>(run, serializer)) {
                                for (T r : full) {
                                    out.write(r);
                                }
                            }
                            runs.add(new Run(run, 0));
                            mergeFullLevels();
                            return null;
                        });
    }

    private Path newFile() {
        return dir.resolve("run-" + files++);
    }

    /** While the last {@code fanIn} runs are of one level, merges them into one of the next. */
    private void mergeFullLevels() throws IOException {
        while (runs.size() >= fanIn) {
            List<Run> tail = runs.subList(runs.size() - fanIn, runs.size());
            int level = tail.get(0).level();
            if (tail.stream().anyMatch(r -> r.level() != level)) {
                return;
            }
            mergeTail(level + 1);
        }
    }

    /** Merges the last {@code fanIn} runs into one of {@code level}, in their place. */
    private void mergeTail(int level) throws IOException {
        List<Run> tail = runs.subList(runs.size() - fanIn, runs.size());
        Path merged = newFile();
        try (RecordFile.Writer<T> out = new RecordFile.Writer<>(merged, serializer)) {
            merge(tail, List.of(), out::write);
        }
        for (Run r : tail) {
            Files.deleteIfExists(r.file());
        }
        tail.clear();
        runs.add(new Run(merged, level));
    }

    private void awaitSpill() throws IOException {
        if (spilling == null) {
            return;
        }
        try {
            spilling.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a sorted run", e);
        } catch (ExecutionException e) {
            throw new IOException("writing a sorted run failed: " + e.getCause(), e.getCause());
        }
        spilling = null;
    }

    /** One source of the merge: a run file, or the last chunk still in memory. */
    private final class Head {
        final int index;
        final DataInputViewStreamWrapper in;
        final List<T> memory;
        int next;
        T current;

        Head(int index, DataInputViewStreamWrapper in, List<T> memory) {
            this.index = index;
            this.in = in;
            this.memory = memory;
        }

        boolean advance() throws IOException {
            if (memory != null) {
                current = next < memory.size() ? memory.get(next++) : null;
            } else {
                current = RecordFile.read(in, serializer);
            }
            return current != null;
        }
    }

    /**
     * Hands every record to the visitor in order; the sorter is spent afterwards. The last chunk is
     * not written: it takes part in the merge from memory.
     */
    public void forEachSorted(Visitor<T> visitor) throws IOException {
        awaitSpill();
        chunk.sort(order);
        try {
            // the levels below the full ones may still hold more runs than a merge opens at once
            while (runs.size() + 1 > fanIn) {
                mergeTail(Integer.MAX_VALUE);
            }
            merge(runs, chunk, visitor);
        } finally {
            chunk = new ArrayList<>();
        }
    }

    /** Merges {@code files}, in their order, and then {@code memory} (sorted) into the visitor. */
    private void merge(List<Run> files, List<T> memory, Visitor<T> visitor) throws IOException {
        widest = Math.max(widest, files.size() + (memory.isEmpty() ? 0 : 1));
        List<Head> heads = new ArrayList<>();
        // ties go to the earlier source: runs in the order they were written, the memory chunk last
        PriorityQueue<Head> queue =
                new PriorityQueue<>(
                        files.size() + 1,
                        (a, b) -> {
                            int c = order.compare(a.current, b.current);
                            return c != 0 ? c : Integer.compare(a.index, b.index);
                        });
        try {
            for (Run run : files) {
                Head h =
                        new Head(
                                heads.size(),
                                RecordFile.input(Files.newInputStream(run.file())),
                                null);
                heads.add(h);
                if (h.advance()) {
                    queue.add(h);
                }
            }
            Head mem = new Head(heads.size(), null, memory);
            if (mem.advance()) {
                queue.add(mem);
            }
            while (!queue.isEmpty()) {
                Head h = queue.poll();
                visitor.accept(h.current);
                if (h.advance()) {
                    queue.add(h);
                }
            }
        } finally {
            for (Head h : heads) {
                h.in.close();
            }
        }
    }

    /** Deletes the run files, those of a merge the spiller was writing too. */
    @Override
    public void close() {
        spiller.shutdownNow();
        if (dir != null) {
            try {
                if (!spiller.awaitTermination(1, TimeUnit.MINUTES)) {
                    throw new IOException("the sort's spiller did not stop");
                }
                try (Stream<Path> left = Files.list(dir)) {
                    for (Path f : left.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + dir, e);
            }
        }
    }
}
