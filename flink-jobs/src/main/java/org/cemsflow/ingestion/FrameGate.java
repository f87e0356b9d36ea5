package org.cemsflow.ingestion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.model.Lines;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.protocol.SplitPacket;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.KeyTimers;
import org.cemsflow.time.LocalTimes;

/**
 * The ingestion gate per device (key: the MN as written in the line). Every frame comes out
 * exactly once: accepted (with its readings, each enriched with what the reference knows of the
 * device), on {@link #REJECTED} with its reason and raw text, or on {@link #DUPLICATES}. Devices
 * are broadcast state over the reference directory, so a new or changed device takes effect
 * without a restart; frames that arrive before the reference snapshot is loaded are held and
 * checked once it is, not rejected. Retransmissions are recognised until event time passes the
 * end of the frame's period plus the allowed lateness (its identity is kept in a bucket of that
 * period, one event-time timer a bucket): a data upload whose period closed longer ago than the
 * allowed lateness is LATE, retransmitted or not, so nothing older needs remembering. The parts of a split packet (PNUM/PNO) are held per QN until the packet is
 * whole, then checked and decoded as one frame; a packet still incomplete after the reassembly
 * timeout (processing time) is a dead letter INCOMPLETE per part received. Never throws on data.
 */
public class FrameGate
        extends KeyedBroadcastProcessFunction<String, RawFrame, SideInput, DecodedFrame> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> REJECTED =
            new OutputTag<>("rejected-frames", TypeInformation.of(RejectedFrame.class));
    public static final OutputTag<DecodedFrame> DUPLICATES =
            new OutputTag<>("duplicate-frames", DecodedFrameSerializer.TYPE);
    public static final MapStateDescriptor<String, Device> DEVICES =
            new MapStateDescriptor<>("devices", Types.STRING, TypeInformation.of(Device.class));
    public static final MapStateDescriptor<String, Boolean> LOADED =
            new MapStateDescriptor<>("devices-loaded", Types.STRING, Types.BOOLEAN);
    private static final long RETRY_MS = 1_000;

    /** A dead letter keeps at most this much of its line (HJ 212 frames are under 10,000 bytes). */
    public static final int MAX_RAW_CHARS = 16 * 1024;

    private final FrameValidator validator;
    private final ReferenceData initial;
    private final boolean waitForSnapshot;
    private final long latenessMs;
    private final long reassemblyTimeoutMs;

    /**
     * Identities of the frames seen, by the end of the period their data belong to: forgotten when
     * event time passes that end plus the allowed lateness, when a retransmission would be LATE anyway.
     * Kept as {@link SeenHashes}: CN and DataTime exactly, 32 bits of the items' hash.
     */
    private transient MapState<Long, long[]> seen;

    /** When each period of {@link #seen} passes the allowed lateness, as one value a device. */
    private transient KeyTimers periodTimers;

    /** Whether new periods keep 64-bit hashes, as the earlier layout did (tests of an upgrade). */
    private final boolean asBefore;

    private transient ListState<RawFrame> held;

    /** Parts of split packets by {@link SplitPacket#key}, until the packet is complete or expires. */
    private transient MapState<String, SplitPacket> partials;

    private transient FrameMetrics metrics;

    public FrameGate(
            FrameValidator validator,
            ReferenceData initial,
            boolean waitForSnapshot,
            Duration allowedLateness,
            Duration reassemblyTimeout) {
        this(validator, initial, waitForSnapshot, allowedLateness, reassemblyTimeout, false);
    }

    /** @param asBefore whether periods keep 64-bit hashes (tests: as the earlier layout did) */
    FrameGate(
            FrameValidator validator,
            ReferenceData initial,
            boolean waitForSnapshot,
            Duration allowedLateness,
            Duration reassemblyTimeout,
            boolean asBefore) {
        this.asBefore = asBefore;
        this.reassemblyTimeoutMs = reassemblyTimeout.toMillis();
        this.validator = validator;
        this.initial = initial;
        this.waitForSnapshot = waitForSnapshot;
        this.latenessMs = allowedLateness.toMillis();
    }

    /** The key of a raw line: its MN field as written, or "" when it has none (it will be rejected). */
    public static String keyOf(RawFrame f) {
        return keyOfText(f.text);
    }

    /** The key of a frame's text: its MN, or "" without one. */
    public static String keyOfText(String text) {
        String mn = mnOf(text);
        return mn == null ? "" : mn;
    }

    @Override
    public void open(OpenContext ctx) {
        periodTimers = KeyTimers.of(getRuntimeContext(), "seen-frames-timers");
        seen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "seen-frames-by-period", Types.LONG, SeenHashes.TYPE));
        partials =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "split-packets",
                                        Types.STRING,
                                        TypeInformation.of(SplitPacket.class)));
        held =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "held-frames", TypeInformation.of(RawFrame.class)));
        metrics = new FrameMetrics(getRuntimeContext().getMetricGroup());
    }

    private boolean loaded(ReadOnlyBroadcastState<String, Boolean> state) throws Exception {
        return !waitForSnapshot || Boolean.TRUE.equals(state.get("all"));
    }

    @Override
    public void processElement(RawFrame raw, ReadOnlyContext ctx, Collector<DecodedFrame> out)
            throws Exception {
        if (Lines.isBlank(raw.text)) {
            return;
        }
        metrics.framesIn.inc();
        if (!loaded(ctx.getBroadcastState(LOADED))) {
            held.add(raw);
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            ctx.timerService().currentProcessingTime() + RETRY_MS);
            return;
        }
        pass(raw, ctx.getBroadcastState(DEVICES), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecodedFrame> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            periodTimers.fired(timestamp, ctx.timerService());
            if (timestamp == Long.MAX_VALUE) {
                // the end of a bounded input: no part that is still held will ever be completed
                expireParts(Long.MAX_VALUE, ctx, "by the end of the input");
            } else {
                // a period's frames are past the allowed lateness: a retransmission now is LATE,
                // not a duplicate
                seen.remove(timestamp + 1 - latenessMs);
            }
            return;
        }
        expireParts(timestamp, ctx, "within " + reassemblyTimeoutMs / 1000 + " s");
        if (!held.get().iterator().hasNext()) {
            return;
        }
        if (!loaded(ctx.getBroadcastState(LOADED))) {
            ctx.timerService().registerProcessingTimeTimer(timestamp + RETRY_MS);
            return;
        }
        List<RawFrame> frames = new ArrayList<>();
        held.get().forEach(frames::add);
        held.clear();
        ReadOnlyBroadcastState<String, Device> devices = ctx.getBroadcastState(DEVICES);
        for (RawFrame raw : frames) {
            pass(raw, devices, ctx, out);
        }
    }

    /**
     * A look-up that keeps its last answer: a frame's device is looked up when its packet is
     * checked and again when its readings are enriched (two look-ups in the broadcast state and the
     * reference, about 2 % of the gate's thread, now one). Made per frame, so a device published
     * between two frames is seen by the second.
     */
    static final class LastDevice implements DeviceLookup {
        private final DeviceLookup of;
        private String mn;
        private Device device;

        LastDevice(DeviceLookup of) {
            this.of = of;
        }

        @Override
        public Device device(String mn) {
            if (mn == null || !mn.equals(this.mn)) {
                this.device = of.device(mn);
                this.mn = mn;
            }
            return device;
        }
    }

    private Device lookup(ReadOnlyBroadcastState<String, Device> devices, String mn) {
        try {
            Device d = devices.get(mn);
            return d != null ? (d.removed ? null : d) : initial.device(mn);
        } catch (Exception e) {
            throw new IllegalStateException("broadcast state of devices cannot be read", e);
        }
    }

    /** Checks, decodes and de-duplicates one line against the devices as broadcast now. */
    private void pass(
            RawFrame raw,
            ReadOnlyBroadcastState<String, Device> known,
            ReadOnlyContext ctx,
            Collector<DecodedFrame> out)
            throws Exception {
        DeviceLookup devices = new LastDevice(mn -> lookup(known, mn));
        long watermark = ctx.timerService().currentWatermark();
        long now = ctx.timerService().currentProcessingTime();
        Hj212Frame f;
        String text = raw.text;
        FrameValidator.Accepted a;
        try {
            f = validator.packet(raw.text, devices, raw.intact);
            if (f.isPart()) {
                SplitPacket whole = part(f, raw, now, ctx);
                if (whole == null) {
                    return;
                }
                f = whole.assemble();
                text =
                        String.join(
                                "\n",
                                whole.rawParts()); // a dead letter of the packet holds all its
                // parts
            }
            a = validator.accept(f, System.currentTimeMillis());
        } catch (Hj212Exception e) {
            reject(new RawFrame(text, raw.source, raw.receivedAt), e, ctx);
            return;
        } catch (RuntimeException e) {
            reject(new RawFrame(text, raw.source, raw.receivedAt), e, ctx);
            return;
        }
        DecodedFrame d = new DecodedFrame();
        d.mn = f.mn();
        d.cn = f.cnCode();
        d.data = a.isData();
        d.dataTime =
                a.readings().isEmpty()
                        ? nonDataTime(f, watermark)
                        : a.readings().get(0).getDataTime();
        d.dedupHash = SeenHashes.identity(d.cn, false, d.dataTime, f.itemsHash());
        d.text = text;
        d.source = raw.source;
        d.receivedAt = raw.receivedAt;
        Hj212Frame frame = f;
        long periodEnd = periodEnd(d.cn, d.dataTime);
        if (!firstSeen(d.dedupHash, frame::dedupHash, periodEnd, ctx)) {
            metrics.duplicates.inc();
            ctx.output(DUPLICATES, d);
            return;
        }
        if (d.data && !a.readings().isEmpty() && periodEnd - 1 + latenessMs <= watermark) {
            metrics.rejected(RejectReason.LATE);
            metrics.lateReadings.inc(a.readings().size());
            ctx.output(
                    REJECTED,
                    new RejectedFrame(
                            RejectReason.LATE.name(),
                            "period ended beyond the allowed lateness",
                            Lines.rawText(text),
                            raw.source,
                            d.mn,
                            d.dataTime,
                            raw.receivedAt));
            return;
        }
        Device device = devices.device(f.mn());
        for (Reading r : a.readings()) {
            DeviceLookup.enrich(r, device);
            d.readings.add(r);
        }
        metrics.accepted.inc();
        metrics.readings.inc(d.readings.size());
        out.collect(d);
    }

    private void reject(RawFrame raw, Hj212Exception e, ReadOnlyContext ctx) {
        metrics.rejected(e.reason());
        ctx.output(REJECTED, rejected(raw, e.reason().name(), e.getMessage()));
    }

    /** A bug must not kill the job or lose the line: it is a dead letter with the cause. */
    private void reject(RawFrame raw, RuntimeException e, ReadOnlyContext ctx) {
        metrics.rejected(RejectReason.MALFORMED);
        ctx.output(REJECTED, rejected(raw, RejectReason.MALFORMED.name(), "decoder error: " + e));
    }

    /**
     * Remembers a frame's identity until event time passes the end of its period plus the allowed
     * lateness.
     *
     * @param identity its {@link SeenHashes#identity}
     * @param hash its 64-bit hash, which a period of the earlier layout keeps instead (computed
     *     only for such a period)
     * @param periodEnd the end of the period the frame's data belong to (an hour, or a day for daily data)
     * @return false when it was seen before (a retransmission)
     */
    private boolean firstSeen(long identity, LongSupplier hash, long periodEnd, ReadOnlyContext ctx)
            throws Exception {
        long[] known = seen.get(periodEnd);
        if (known == null) {
            known =
                    asBefore
                            ? SeenHashes.legacyOf(SeenHashes.legacyHash(hash.getAsLong()))
                            : SeenHashes.of(identity);
            periodTimers.register(periodEnd - 1 + latenessMs, ctx.timerService());
        } else {
            long id = SeenHashes.legacy(known) ? SeenHashes.legacyHash(hash.getAsLong()) : identity;
            if (SeenHashes.contains(known, id)) {
                return false;
            }
            known = SeenHashes.add(known, id);
        }
        seen.put(periodEnd, known);
        return true;
    }

    /** Forgets an identity (the parts of a packet that expired, so that the packet may come again). */
    private void unsee(long identity, LongSupplier hash, long periodEnd) throws Exception {
        long[] known = seen.get(periodEnd);
        if (known == null) {
            return;
        }
        long[] kept =
                SeenHashes.remove(
                        known,
                        SeenHashes.legacy(known)
                                ? SeenHashes.legacyHash(hash.getAsLong())
                                : identity);
        if (kept == null) {
            seen.remove(periodEnd);
        } else {
            seen.put(periodEnd, kept);
        }
    }

    /** The end of the period a part's data belong to: its DataTime's hour or day, else the watermark's hour. */
    static long partPeriodEnd(Hj212Frame part, long watermark) {
        Long t = FrameTimestamps.dataTimeOf(part.cp());
        return t == null
                ? LocalTimes.hourStart(Math.max(watermark, 0)) + LocalTimes.HOUR_MS
                : periodEnd(part.cnCode(), t);
    }

    /**
     * Holds a part of a split packet.
     *
     * @return the packet when this part completed it, else null (held, or a retransmitted part)
     */
    private SplitPacket part(Hj212Frame f, RawFrame raw, long now, ReadOnlyContext ctx)
            throws Exception {
        long end = partPeriodEnd(f, ctx.timerService().currentWatermark());
        if (!firstSeen(partIdentity(f, end), () -> partHash(f), end, ctx)) {
            metrics.duplicates.inc();
            DecodedFrame d = new DecodedFrame();
            d.mn = f.mn();
            d.cn = f.cnCode();
            d.text = raw.text;
            d.source = raw.source;
            d.receivedAt = raw.receivedAt;
            ctx.output(DUPLICATES, d);
            return null;
        }
        String key = SplitPacket.key(f);
        SplitPacket packet = partials.get(key);
        if (packet == null) {
            packet = SplitPacket.of(f, raw.source, now, raw.receivedAt);
            ctx.timerService().registerProcessingTimeTimer(now + reassemblyTimeoutMs);
            // fires only when a bounded input ends (the final watermark), where processing time
            // stops
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        packet.add(f, raw.text);
        if (!packet.complete()) {
            partials.put(key, packet);
            metrics.partsHeld.inc();
            return null;
        }
        partials.remove(key);
        return packet;
    }

    /**
     * The identity of a part: its frame's, its packet's QN and its PNO (parts may share items);
     * a part without DataTime has its period's end ({@link #partPeriodEnd}) for its time.
     */
    static long partIdentity(Hj212Frame part, long periodEnd) {
        Long t = FrameTimestamps.dataTimeOf(part.cp());
        long items =
                part.itemsHash()
                        + Hj212Frame.mix(Hj212Frame.hash64(part.qn() + '\u0001' + part.pno()));
        return SeenHashes.identity(part.cnCode(), true, t == null ? periodEnd : t, items);
    }

    /** A part's 64-bit hash, as a period of the earlier layout keeps it. */
    static long partHash(Hj212Frame part) {
        return Hj212Frame.hash64(SplitPacket.identity(part));
    }

    /** A packet incomplete after the reassembly timeout: each part received is a dead letter. */
    private void expireParts(long now, OnTimerContext ctx, String within) throws Exception {
        if (partials.isEmpty()) {
            return;
        }
        List<String> expired = new ArrayList<>();
        for (java.util.Map.Entry<String, SplitPacket> e : partials.entries()) {
            if (e.getValue().firstAt + reassemblyTimeoutMs <= now) {
                expired.add(e.getKey());
            }
        }
        for (String key : expired) {
            SplitPacket p = partials.get(key);
            partials.remove(key);
            String detail =
                    p.held
                            + " of "
                            + p.plain.length
                            + " parts of the split packet QN/CN "
                            + key
                            + " "
                            + within;
            for (String segment : p.plain) {
                if (segment != null) {
                    // a logger that sends the packet again later must not find its parts seen
                    Hj212Frame part = Hj212Codec.parse(Hj212Encoder.wrap(segment));
                    long end = partPeriodEnd(part, ctx.timerService().currentWatermark());
                    unsee(partIdentity(part, end), () -> partHash(part), end);
                }
            }
            for (String part : p.rawParts()) {
                metrics.rejected(RejectReason.INCOMPLETE);
                ctx.output(
                        REJECTED,
                        rejected(
                                new RawFrame(part, p.source, p.receivedAt),
                                RejectReason.INCOMPLETE.name(),
                                detail));
            }
        }
    }

    /**
     * Event time of an accepted frame without readings (a heartbeat): its DataTime, else its QN
     * (both local UTC+8), else the gate's watermark; 0 when none is known.
     */
    static long nonDataTime(Hj212Frame f, long watermark) {
        Long t = FrameTimestamps.dataTimeOf(f.cp());
        if (t == null && f.qn() != null) {
            t = Hj212Codec.parseTime(f.qn(), 0, f.qn().length());
        }
        if (t != null) {
            return t;
        }
        return Math.max(watermark, 0);
    }

    @Override
    public void processBroadcastElement(SideInput in, Context ctx, Collector<DecodedFrame> out)
            throws Exception {
        switch (in.kind) {
            case DEVICE -> {
                BroadcastState<String, Device> devices = ctx.getBroadcastState(DEVICES);
                devices.put(in.device.mn, in.device);
            }
            case LOADED -> ctx.getBroadcastState(LOADED).put("all", Boolean.TRUE);
            default -> {} // limits are the exceedance judge's
        }
    }

    /** End of the clock period that the frame's data feed: the day for daily data, else the hour. */
    static long periodEnd(int cn, long time) {
        return Hj212Codec.kindOf(cn) == RecordKind.DAY
                ? LocalTimes.dayStart(time) + LocalTimes.DAY_MS
                : LocalTimes.hourStart(time) + LocalTimes.HOUR_MS;
    }

    static RejectedFrame rejected(RawFrame raw, String reason, String detail) {
        Long dataTime = FrameTimestamps.dataTimeOf(raw.text);
        String text = raw.text;
        if (text.length() > MAX_RAW_CHARS) {
            // a garbage line near Kafka's record limit: its head identifies it, the rest would only
            // weigh
            detail =
                    detail
                            + " (a line of "
                            + text.length()
                            + " bytes; the first "
                            + MAX_RAW_CHARS
                            + " kept)";
            text = text.substring(0, MAX_RAW_CHARS);
        }
        return new RejectedFrame(
                reason,
                detail,
                Lines.rawText(text),
                raw.source,
                mnOf(text),
                dataTime,
                raw.receivedAt);
    }

    /** The MN of a line that may not parse; null when there is none. */
    static String mnOf(String text) {
        int at = text.indexOf(";MN=");
        if (at < 0) {
            return null;
        }
        int end = text.indexOf(';', at + 4);
        return end < 0 ? null : Lines.rawText(text.substring(at + 4, end));
    }
}
