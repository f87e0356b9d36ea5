package org.cemsflow.local;

import java.io.IOException;
import java.util.Comparator;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
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

    static final Comparator<Aggregate> ROW_ORDER =
            Comparator.comparing(Aggregate::getMn)
                    .thenComparing(Aggregate::getPollutant)
                    .thenComparingLong(Aggregate::getPeriodStart);

    private final ExternalSort<Aggregate> rows;

    FinalRows() {
        this(CHUNK);
    }

    FinalRows(int chunk) {
        rows =
                new ExternalSort<>(
                        new AvroSerializer<>(Aggregate.class),
                        ROW_ORDER.thenComparingInt(Aggregate::getRevision),
                        chunk);
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
