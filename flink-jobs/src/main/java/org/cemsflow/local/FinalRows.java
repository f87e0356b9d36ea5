package org.cemsflow.local;

import java.io.IOException;
import java.util.Comparator;
import org.cemsflow.aggregation.AggregateSerializer;
import org.cemsflow.avro.Aggregate;

/**
 * The final state of run-local's hourly or daily rows, from all their revisions, without holding
 * them in memory: rows go through an {@link ExternalSort} by (mn, pollutant, period start,
 * revision) and the last of each row comes out, in the order of the output files. Guarantees: one
 * row per (mn, pollutant, period start), its highest revision; of two with the same revision, the
 * one added later (the sort is stable).
 */
final class FinalRows implements AutoCloseable {
    /**
     * Rows sorted in memory at once (two such chunks at most: some 25 MB); they stay through the
     * passes, so a larger chunk is memory that a larger input fills.
     */
    static final int CHUNK = 50_000;

    /** By MN, pollutant and period start: the order of the output files. */
    static final Comparator<Aggregate> ROW_ORDER = FinalRows::compareRows;

    /** {@link #ROW_ORDER}, written out (the sort compares every row some 20 times). */
    private static int compareRows(Aggregate x, Aggregate y) {
        int c = x.getMn().compareTo(y.getMn());
        if (c == 0) {
            c = x.getPollutant().compareTo(y.getPollutant());
        }
        return c != 0 ? c : Long.compare(x.getPeriodStart(), y.getPeriodStart());
    }

    /** {@link #ROW_ORDER}, then the revision. */
    private static int compareRevisions(Aggregate x, Aggregate y) {
        int c = compareRows(x, y);
        return c != 0 ? c : Integer.compare(x.getRevision(), y.getRevision());
    }

    private final ExternalSort<Aggregate> rows;

    FinalRows() {
        this(CHUNK);
    }

    FinalRows(int chunk) {
        rows = new ExternalSort<>(AggregateSerializer.INSTANCE, FinalRows::compareRevisions, chunk);
    }

    void add(Aggregate row) throws IOException {
        rows.add(row);
    }

    /** Hands the final state of every row to {@code visitor}, in {@link #ROW_ORDER}; once only. */
    void forEachFinal(ExternalSort.Visitor<Aggregate> visitor) throws IOException {
        Aggregate[] pending = new Aggregate[1];
        rows.forEachSorted(
                a -> {
                    Aggregate p = pending[0];
                    if (p != null && ROW_ORDER.compare(p, a) != 0) {
                        visitor.accept(p);
                    }
                    pending[0] = a;
                });
        if (pending[0] != null) {
            visitor.accept(pending[0]);
        }
    }

    @Override
    public void close() {
        rows.close();
    }
}
