package org.cemsflow.gateway;

import java.util.concurrent.atomic.AtomicLong;

/** The gateway's counters since start, shared by its connections; logged every minute and at shutdown. */
public final class GatewayCounters {
    public final AtomicLong connections = new AtomicLong();
    public final AtomicLong open = new AtomicLong();
    public final AtomicLong frames = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong stored = new AtomicLong();
    public final AtomicLong acks = new AtomicLong();
    public final AtomicLong crcFailures = new AtomicLong();
    public final AtomicLong garbage = new AtomicLong();
    public final AtomicLong oversize = new AtomicLong();
    public final AtomicLong kafkaErrors = new AtomicLong();
    public final AtomicLong severalMns = new AtomicLong();
    public final AtomicLong calibrations = new AtomicLong();
    public final AtomicLong refused = new AtomicLong();
    public final AtomicLong storeMicros = new AtomicLong();

    /** Frames sent again on their connection while waiting for Kafka or just stored: not stored twice. */
    public final AtomicLong retransmissions = new AtomicLong();

    /** Times Kafka stopped taking writes (a write stalled): no connection was read until it did again. */
    public final AtomicLong kafkaStalls = new AtomicLong();

    @Override
    public String toString() {
        long s = stored.get();
        return "connections "
                + connections
                + " (open "
                + open
                + ", refused "
                + refused
                + "), frames "
                + frames
                + ", bytes "
                + bytes
                + ", stored "
                + s
                + ", acks "
                + acks
                + ", retransmissions not stored again "
                + retransmissions
                + ", CRC failures "
                + crcFailures
                + ", garbage runs "
                + garbage
                + ", oversize lines "
                + oversize
                + ", Kafka errors "
                + kafkaErrors
                + ", Kafka stalls "
                + kafkaStalls
                + ", connections with several MNs "
                + severalMns
                + ", mean store latency "
                + (s == 0 ? 0 : storeMicros.get() / s / 1000.0)
                + " ms";
    }
}
