package org.cemsflow.gateway;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka takes the gateway's writes. A write still unanswered after the stall time means
 * it does not: then no connection is read (back-pressure: the loggers, waiting for answers, keep
 * their data and send it again, or back-fill it later), until no write is stalled any more (Kafka
 * stored the waiting records, or they failed and new ones may try). Said in the log, the counters
 * and the metrics. Thread-safe: connections register and report from their event loops, the
 * check runs on a timer.
 */
public final class KafkaHealth {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);

    /** The user event that tells a connection it may read again (its own in-flight limit permitting). */
    public static final Object RESUME = new Object();

    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ConcurrentHashMap<Long, Long> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean down = new AtomicBoolean();
    private final long stallNanos;
    private final GatewayCounters counters;

    public KafkaHealth(java.time.Duration stall, GatewayCounters counters) {
        this.stallNanos = stall.toNanos();
        this.counters = counters;
    }

    /** A new connection: not read while Kafka is down. */
    void add(Channel ch) {
        channels.add(ch);
        if (down.get()) {
            ch.config().setAutoRead(false);
        }
    }

    /** A write starts; returns its ticket for {@link #done}. */
    long sending() {
        long id = ids.incrementAndGet();
        pending.put(id, System.nanoTime());
        return id;
    }

    /** A write was answered, stored or failed. */
    void done(long id) {
        pending.remove(id);
    }

    public boolean down() {
        return down.get();
    }

    /** Runs every second: stops or resumes reading all connections. */
    void check() {
        long now = System.nanoTime();
        boolean stalled = false;
        for (long started : pending.values()) {
            if (now - started > stallNanos) {
                stalled = true;
                break;
            }
        }
        if (stalled && down.compareAndSet(false, true)) {
            counters.kafkaStalls.incrementAndGet();
            LOG.warn(
                    "gateway: Kafka has not stored a record for {} ms: not reading from {} connections until it does;"
                            + " nothing unstored is acknowledged",
                    stallNanos / 1_000_000,
                    channels.size());
            channels.forEach(ch -> ch.config().setAutoRead(false));
        } else if (!stalled && down.compareAndSet(true, false)) {
            LOG.info(
                    "gateway: Kafka takes writes again: reading from {} connections",
                    channels.size());
            channels.forEach(ch -> ch.pipeline().fireUserEventTriggered(RESUME));
        }
    }

    int waiting() {
        return pending.size();
    }
}
