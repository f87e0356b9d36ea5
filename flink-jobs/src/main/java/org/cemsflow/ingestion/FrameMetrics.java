package org.cemsflow.ingestion;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.cemsflow.protocol.RejectReason;

/**
 * The ingestion counters of one gate subtask, under the operator's metric group: framesIn,
 * framesAccepted, framesDuplicate, readingsOut, lateReadings, splitPacketPartsHeld, and framesRejected per reason
 * (group {@code reason}, so a Prometheus reporter shows {@code reason="BAD_CRC"}).
 */
final class FrameMetrics {
    final Counter framesIn;
    final Counter accepted;
    final Counter duplicates;
    final Counter readings;
    final Counter lateReadings;
    final Counter partsHeld;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    FrameMetrics(MetricGroup group) {
        framesIn = group.counter("framesIn");
        accepted = group.counter("framesAccepted");
        duplicates = group.counter("framesDuplicate");
        readings = group.counter("readingsOut");
        lateReadings = group.counter("lateReadings");
        partsHeld = group.counter("splitPacketPartsHeld");
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, group.addGroup("reason", r.name()).counter("framesRejected"));
        }
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).inc();
    }
}
