package org.cemsflow.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.cemsflow.avro.AlertEvent;

/**
 * The benchmark's sink: counts what reaches it under a name (the MiniCluster runs in the
 * benchmark's JVM, so the counters are plain statics) and, for alert events, notes when each
 * arrived, for the event-time-to-alert latency.
 */
final class CountingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    /**
     * {window end, arrival (System.nanoTime), detected at, source event time at arrival} of each
     * OPENED exceedance alert (not the order events of the same alert, which come at its deadline).
     */
    static final ConcurrentLinkedQueue<long[]> ALERT_ARRIVALS = new ConcurrentLinkedQueue<>();

    private final String name;

    CountingSink(String name) {
        this.name = name;
    }

    static void reset() {
        COUNTS.clear();
        ALERT_ARRIVALS.clear();
    }

    static long count(String name) {
        AtomicLong c = COUNTS.get(name);
        return c == null ? 0 : c.get();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        AtomicLong counter = COUNTS.computeIfAbsent(name, k -> new AtomicLong());
        AtomicLong revisions = COUNTS.computeIfAbsent(name + " (revisions)", k -> new AtomicLong());
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                counter.incrementAndGet();
                if (element instanceof org.cemsflow.avro.Aggregate a && a.getRevision() > 1) {
                    revisions.incrementAndGet();
                }
                if (element instanceof AlertEvent e
                        && e.getEvent() == org.cemsflow.avro.AlertEventType.OPENED
                        && e.getAlert().getType().startsWith("EXCEEDANCE")) {
                    ALERT_ARRIVALS.add(
                            new long[] {
                                e.getAlert().getWindowEnd(),
                                System.nanoTime(),
                                e.getAlert().getDetectedAt(),
                                Benchmark.sourceEventTime
                            });
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
