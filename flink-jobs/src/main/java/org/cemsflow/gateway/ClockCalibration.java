package org.cemsflow.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a logger's clock is set (CN 1012, SystemTime = the gateway's clock in local time UTC+8),
 * shared by all connections of a gateway. Guarantees: a logger is calibrated when a real-time
 * upload (CN 2011, stamped when it is sent) is more than the tolerance off the gateway's clock, or
 * when any upload is stamped more than the tolerance in the future (minute, hourly and back-filled
 * data are stamped with their period, legitimately in the past); at most once per interval per MN;
 * a logger that asks (CN 1013) is always answered. Calibrations are counted per MN.
 */
public final class ClockCalibration {
    static final String REALTIME = "2011";

    private final Clock clock;
    private final long toleranceMs;
    private final long intervalMs;
    private final Map<String, Long> lastAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public ClockCalibration(Clock clock, Duration tolerance, Duration interval) {
        this.clock = clock;
        this.toleranceMs = tolerance.toMillis();
        this.intervalMs = interval.toMillis();
    }

    /** The 1012 command to send the logger after this frame, or null. */
    public byte[] after(FrameFields f) {
        if (!f.crcOk() || f.mn() == null) {
            return null;
        }
        Instant now = clock.instant();
        boolean asked = FrameFields.TIME_REQUEST.equals(f.cn());
        if (!asked && !offClock(f, now)) {
            return null;
        }
        long t = now.toEpochMilli();
        Long last = lastAt.get(f.mn());
        if (!asked && last != null && t - last < intervalMs) {
            return null;
        }
        lastAt.put(f.mn(), t);
        counts.computeIfAbsent(f.mn(), k -> new AtomicLong()).incrementAndGet();
        return f.setTime(now);
    }

    private boolean offClock(FrameFields f, Instant now) {
        Instant stamped = f.dataTimeInstant();
        if (stamped == null) {
            return false;
        }
        long off = stamped.toEpochMilli() - now.toEpochMilli();
        return off > toleranceMs || (REALTIME.equals(f.cn()) && -off > toleranceMs);
    }

    /** Calibrations per MN so far. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((mn, n) -> out.put(mn, n.get()));
        return out;
    }
}
