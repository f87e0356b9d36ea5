package org.cemsflow.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logger connection: every {@link Received} goes to the raw topic as one record (key: the
 * frame's MN; value: its bytes; headers: peer, receive time, gateway instance, and what a
 * non-frame is). Guarantees that an acknowledgement (9014) is sent only for a frame that asked for
 * it, whose CRC holds, and only after Kafka has acknowledged its record (acks=all): what a logger
 * sees acknowledged is stored. A frame that fails its CRC or whose write fails is not
 * acknowledged, so the logger sends it again. A frame sent again on the same connection while its
 * first copy still waits for Kafka, or soon after it was stored (its answer lost), is not stored
 * again: the first copy's answer, or a new one, answers it; so what a logger sees acknowledged is
 * stored once, however slow Kafka was. While more than {@code maxInFlight} records of the
 * connection are unacknowledged by Kafka, the connection is not read (back-pressure), and while
 * Kafka takes no writes no connection is read ({@link KafkaHealth}). Heartbeats
 * and notifications are answered with 9013; a logger whose clock is off gets a 1012 after the
 * answer ({@link ClockCalibration}).
 */
public final class GatewayHandler extends SimpleChannelInboundHandler<Received> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    public static final String PEER = "cemsflow-peer";
    public static final String RECEIVED_AT = "cemsflow-received-at";
    public static final String GATEWAY = "cemsflow-gateway";
    public static final String NOT_A_FRAME = "cemsflow-not-a-frame";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String instance;
    private final GatewayCounters counters;
    private final int maxInFlight;
    private final ClockCalibration calibration;
    private final org.cemsflow.protocol.DeviceKeys keys;
    private final KafkaHealth kafka;
    private int inFlight;

    /** Frames of this connection waiting for Kafka, by {@link #identity}: a retransmission is not written again. */
    private final java.util.Set<Long> waiting = new java.util.HashSet<>();

    /** The last frames of this connection that Kafka stored: a retransmission (its answer lost) is answered again. */
    private final java.util.LinkedHashSet<Long> stored = new java.util.LinkedHashSet<>();

    private static final int REMEMBERED = 16;
    private String firstMn;
    private boolean severalMns;

    public GatewayHandler(
            Producer<byte[], byte[]> producer,
            String topic,
            String instance,
            GatewayCounters counters,
            int maxInFlight,
            ClockCalibration calibration,
            org.cemsflow.protocol.DeviceKeys keys,
            KafkaHealth kafka) {
        this.kafka = kafka;
        this.calibration = calibration;
        this.keys = keys;
        this.producer = producer;
        this.topic = topic;
        this.instance = instance;
        this.counters = counters;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        counters.connections.incrementAndGet();
        counters.open.incrementAndGet();
        kafka.add(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        counters.open.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Received r) {
        long receivedAt = System.currentTimeMillis();
        counters.bytes.addAndGet(r.bytes().length);
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                PEER,
                String.valueOf(ctx.channel().remoteAddress()).getBytes(StandardCharsets.UTF_8));
        headers.add(RECEIVED_AT, Long.toString(receivedAt).getBytes(StandardCharsets.UTF_8));
        headers.add(GATEWAY, instance.getBytes(StandardCharsets.UTF_8));
        FrameFields fields = null;
        byte[] key = null;
        if (r.kind() == Received.Kind.FRAME) {
            counters.frames.incrementAndGet();
            fields = FrameFields.judged(r.bytes(), keys);
            if (!fields.crcOk()) {
                counters.crcFailures.incrementAndGet();
            }
            if (fields.mn() != null) {
                key = fields.mn().getBytes(StandardCharsets.ISO_8859_1);
                noteMn(ctx, fields.mn());
            }
        } else {
            headers.add(
                    NOT_A_FRAME,
                    r.kind()
                            .name()
                            .toLowerCase(java.util.Locale.ROOT)
                            .getBytes(StandardCharsets.UTF_8));
        }
        boolean ack = fields != null && fields.crcOk() && fields.asksForAck();
        byte[] answer = ack ? fields.ack() : null;
        Long identity = fields != null && fields.crcOk() ? identity(r.bytes()) : null;
        if (identity != null && waiting.contains(identity)) {
            // the logger's timeout ran out while Kafka was slow: the first copy's answer will do
            counters.retransmissions.incrementAndGet();
            return;
        }
        if (identity != null && stored.contains(identity)) {
            // stored, but the logger did not get the answer: answer again, do not store again
            counters.retransmissions.incrementAndGet();
            if (answer != null) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(answer));
                counters.acks.incrementAndGet();
            }
            return;
        }
        if (identity != null) {
            waiting.add(identity);
        }
        byte[] setTime = fields == null ? null : calibration.after(fields);
        inFlight++;
        if (inFlight > maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
        long sentNanos = System.nanoTime();
        long ticket = kafka.sending();
        try {
            producer.send(
                    new ProducerRecord<>(topic, null, receivedAt, key, r.bytes(), headers),
                    (meta, error) -> {
                        kafka.done(ticket);
                        ctx.channel()
                                .eventLoop()
                                .execute(
                                        () ->
                                                stored(
                                                        ctx, identity, error, answer, setTime,
                                                        sentNanos));
                    });
        } catch (RuntimeException e) {
            kafka.done(ticket);
            // the producer could not take it (Kafka unreachable for max.block.ms): nothing is
            // acknowledged
            stored(ctx, identity, e, null, null, sentNanos);
        }
    }

    /** A frame's identity on this connection: a 64-bit hash of its bytes (the same frame sent again). */
    static long identity(byte[] frame) {
        long h = 0xcbf29ce484222325L;
        for (byte b : frame) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h ^ ((long) frame.length << 48);
    }

    /** On the connection's event loop, when Kafka has answered for one record. */
    private void stored(
            ChannelHandlerContext ctx,
            Long identity,
            Exception error,
            byte[] answer,
            byte[] setTime,
            long sentNanos) {
        inFlight--;
        if (identity != null) {
            waiting.remove(identity);
            if (error == null) {
                stored.remove(identity);
                stored.add(identity);
                if (stored.size() > REMEMBERED) {
                    stored.remove(stored.iterator().next());
                }
            }
        }
        if (error != null) {
            counters.kafkaErrors.incrementAndGet();
            LOG.warn(
                    "gateway: a record of {} was not stored, not acknowledged: {}",
                    ctx.channel().remoteAddress(),
                    error.toString());
        } else {
            counters.stored.incrementAndGet();
            counters.storeMicros.addAndGet((System.nanoTime() - sentNanos) / 1000);
            if (answer != null && ctx.channel().isActive()) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(answer));
                counters.acks.incrementAndGet();
            }
            if (setTime != null && ctx.channel().isActive()) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(setTime));
                counters.calibrations.incrementAndGet();
            }
        }
        resumeIfAllowed(ctx);
    }

    /** Reads again when few enough records of this connection wait and Kafka takes writes. */
    private void resumeIfAllowed(ChannelHandlerContext ctx) {
        if (inFlight <= maxInFlight / 2 && !kafka.down() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void noteMn(ChannelHandlerContext ctx, String mn) {
        if (firstMn == null) {
            firstMn = mn;
        } else if (!severalMns && !firstMn.equals(mn)) {
            severalMns = true;
            counters.severalMns.incrementAndGet();
            LOG.warn(
                    "gateway: connection {} sends frames of several MNs ({} and {})",
                    ctx.channel().remoteAddress(),
                    firstMn,
                    mn);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == KafkaHealth.RESUME) {
            resumeIfAllowed(ctx);
        } else if (evt instanceof IdleStateEvent) {
            LOG.info("gateway: closing idle connection {}", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn(
                "gateway: connection {} failed: {}",
                ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }
}
