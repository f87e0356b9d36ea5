package org.cemsflow.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts a TCP byte stream into HJ 212 frames, however TCP delivered them: a frame in many reads,
 * many frames in one. Guarantees that every byte received is in exactly one {@link Received}
 * (apart from the CR LF that ends a frame and blank bytes between frames), in order:
 * <ul>
 *   <li>A frame is {@code ##}, a 4-digit length, the data segment, a 4-hex CRC and CR LF. When the
 *       length field is right the frame is cut by it, so a raw-binary ciphertext of HJ 212-2025 that
 *       contains CR or LF stays whole. When it is wrong (common in the field, and in the brace-text
 *       ciphertext form, whose length field keeps the plaintext's length) the frame ends at the
 *       first CR LF; the job then judges the length.</li>
 *   <li>Bytes before a {@code ##} are one GARBAGE run (the stream resynchronises on {@code ##}).</li>
 *   <li>A line longer than {@code maxFrameBytes} yields its first {@code maxFrameBytes} bytes as
 *       OVERSIZE; the rest of it, up to the next CR LF, is counted and dropped. The connection
 *       keeps working.</li>
 * </ul>
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private final GatewayCounters counters;

    /** Dropping the rest of an oversize line until its CR LF. */
    private boolean discarding;

    public FrameDecoder(int maxFrameBytes, GatewayCounters counters) {
        this.maxFrameBytes = maxFrameBytes;
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding && !discard(in)) {
                return;
            }
            int start = indexOf(in, in.readerIndex(), '#', '#');
            if (start < 0) {
                // bytes with no frame start: wait for one, unless they alone are over the limit
                if (in.readableBytes() > maxFrameBytes) {
                    garbage(in, in.writerIndex() - 1, out); // keep a last '#' that may begin "##"
                }
                return;
            }
            garbage(in, start, out);
            Received frame = frame(in, start);
            if (frame == null) {
                return; // wait for more bytes
            }
            out.add(frame);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        // the connection is gone: what is left is a frame without its CR LF, or garbage
        if (in.isReadable() && !discarding) {
            boolean startsFrame =
                    in.readableBytes() >= 2
                            && in.getByte(in.readerIndex()) == '#'
                            && in.getByte(in.readerIndex() + 1) == '#';
            out.add(
                    take(
                            in,
                            in.readableBytes(),
                            startsFrame ? Received.Kind.FRAME : Received.Kind.GARBAGE));
        }
        in.skipBytes(in.readableBytes());
    }

    /** The frame that starts at {@code start}, or null when more bytes are needed. */
    private Received frame(ByteBuf in, int start) {
        int available = in.writerIndex() - start;
        if (available < 6) {
            return null;
        }
        int len = digits(in, start + 2);
        int expectedEnd = len < 0 ? -1 : start + 6 + len + 4; // index of the CR
        if (len >= 0
                && expectedEnd + 2 <= in.writerIndex()
                && in.getByte(expectedEnd) == '\r'
                && in.getByte(expectedEnd + 1) == '\n'
                && hex4(in, expectedEnd - 4)) {
            Received r = take(in, expectedEnd - start, Received.Kind.FRAME);
            in.skipBytes(2);
            return r;
        }
        int eol = indexOf(in, start + 2, '\r', '\n');
        if (eol < 0) {
            if (available > maxFrameBytes) {
                Received r = take(in, maxFrameBytes, Received.Kind.OVERSIZE);
                counters.oversize.incrementAndGet();
                discarding = true;
                return r;
            }
            return null;
        }
        // the length field is wrong, or the line ends before it says: the line is the frame, unless
        // a frame cut by its length could still be arriving (a raw ciphertext with CR LF inside)
        boolean lengthDecided =
                len < 0 || expectedEnd + 2 <= in.writerIndex() || len > maxFrameBytes;
        boolean nextFrameStarted = indexOf(in, eol + 2, '#', '#') >= 0;
        if (!lengthDecided && !nextFrameStarted && !crcHolds(in, start, eol)) {
            return null;
        }
        if (eol - start > maxFrameBytes) {
            Received r = take(in, maxFrameBytes, Received.Kind.OVERSIZE);
            counters.oversize.incrementAndGet();
            in.readerIndex(eol + 2);
            return r;
        }
        Received r = take(in, eol - start, Received.Kind.FRAME);
        in.skipBytes(2);
        return r;
    }

    /** Drops the rest of an oversize line; true once its CR LF is passed. */
    private boolean discard(ByteBuf in) {
        int eol = indexOf(in, in.readerIndex(), '\r', '\n');
        if (eol < 0) {
            int keep = in.getByte(in.writerIndex() - 1) == '\r' ? 1 : 0;
            in.readerIndex(in.writerIndex() - keep);
            return false;
        }
        in.readerIndex(eol + 2);
        discarding = false;
        return true;
    }

    /** Everything before {@code end} as one GARBAGE run, unless it is only line ends and blanks. */
    private void garbage(ByteBuf in, int end, List<Object> out) {
        int n = end - in.readerIndex();
        if (n <= 0) {
            return;
        }
        boolean blank = true;
        for (int i = in.readerIndex(); i < end && blank; i++) {
            byte b = in.getByte(i);
            blank = b == '\r' || b == '\n' || b == ' ' || b == '\t' || b == 0;
        }
        if (blank) {
            in.skipBytes(n);
            return;
        }
        counters.garbage.incrementAndGet();
        out.add(take(in, n, Received.Kind.GARBAGE));
    }

    private static Received take(ByteBuf in, int n, Received.Kind kind) {
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        return new Received(bytes, kind);
    }

    /** The CRC of the line [start, eol) holds. */
    private static boolean crcHolds(ByteBuf in, int start, int eol) {
        return FrameFields.crcHolds(in.toString(start, eol - start, StandardCharsets.ISO_8859_1));
    }

    private static int digits(ByteBuf in, int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private static boolean hex4(ByteBuf in, int at) {
        if (at < in.readerIndex()) {
            return false;
        }
        for (int i = at; i < at + 4; i++) {
            byte b = in.getByte(i);
            if (!((b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first {@code a b} at or after {@code from}, or -1. */
    private static int indexOf(ByteBuf in, int from, char a, char b) {
        for (int i = from; i + 1 < in.writerIndex(); i++) {
            if (in.getByte(i) == a && in.getByte(i + 1) == b) {
                return i;
            }
        }
        return -1;
    }
}
