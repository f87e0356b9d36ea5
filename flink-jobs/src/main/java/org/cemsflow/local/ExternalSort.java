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
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;

/**
 * Sorts more records than fit in memory. Records are taken in chunks of a fixed size; a full chunk
 * is sorted and written to a temporary run file by a background thread while the next one fills;
 * {@link #forEachSorted} merges the runs. Guarantees: every record comes out once, in the
 * comparator's order, and records the comparator calls equal come out in the order they were
 * added (a stable sort), so the result is the one of {@code List.sort} on all of them. At most two
 * chunks are held in memory.
 */
public final class ExternalSort<T> implements AutoCloseable {
    /** What a sorted record is handed to. */
    @FunctionalInterface
    public interface Visitor<T> {
        void accept(T record) throws IOException;
    }

    private final TypeSerializer<T> serializer;
    private final Comparator<T> order;
    private final int chunkSize;
    private final ExecutorService spiller =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "cemsflow-sort-spill");
                        t.setDaemon(true);
                        return t;
                    });
    private Path dir;
    private final List<Path> runs = new ArrayList<>();
    private List<T> chunk;
    private Future<?> spilling;
    private long size;

    public ExternalSort(TypeSerializer<T> serializer, Comparator<T> order, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize);
        }
        this.serializer = serializer;
        this.order = order;
        this.chunkSize = chunkSize;
        this.chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
    }

    public void add(T record) throws IOException {
        chunk.add(record);
        size++;
        if (chunk.size() >= chunkSize) {
            spill();
        }
    }

    /** Records added so far. */
    public long size() {
        return size;
    }

    /** Run files written so far (a test sees whether the merge path ran). */
    int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        awaitSpill();
        if (dir == null) {
            dir = Files.createTempDirectory("cemsflow-sort");
        }
        List<T> full = chunk;
        chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
        Path run = dir.resolve("run-" + runs.size());
        runs.add(run);
        spilling =
                spiller.submit(
                        () -> {
                            full.sort(order);
                            write(run, full);
                            return null;
                        });
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

    private void write(Path run, List<T> sorted) throws IOException {
        try (RecordFile.Writer<T> out = new RecordFile.Writer<>(run, serializer)) {
            for (T r : sorted) {
                out.write(r);
            }
        }
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
        List<Head> heads = new ArrayList<>();
        // ties go to the earlier source: runs in the order they were written, the memory chunk last
        PriorityQueue<Head> queue =
                new PriorityQueue<>(
                        Math.max(1, runs.size() + 1),
                        (a, b) -> {
                            int c = order.compare(a.current, b.current);
                            return c != 0 ? c : Integer.compare(a.index, b.index);
                        });
        try {
            for (Path run : runs) {
                Head h = new Head(heads.size(), RecordFile.input(Files.newInputStream(run)), null);
                heads.add(h);
                if (h.advance()) {
                    queue.add(h);
                }
            }
            Head mem = new Head(heads.size(), null, chunk);
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
            chunk = new ArrayList<>();
        }
    }

    /** Deletes the run files. */
    @Override
    public void close() {
        spiller.shutdownNow();
        if (dir != null) {
            try {
                for (Path run : runs) {
                    Files.deleteIfExists(run);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + dir, e);
            }
        }
    }
}
