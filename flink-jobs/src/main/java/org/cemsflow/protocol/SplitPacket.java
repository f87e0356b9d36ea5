package org.cemsflow.protocol;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The parts of one split packet (Flag bit 1, {@code PNUM}/{@code PNO}) of a device, held until all
 * have arrived (Flink POJO state of the frame gate; a map entry in run-local). Every part is a frame
 * of its own whose length and CRC were checked; the packet is the first part's header without
 * PNUM and PNO, and the data items of all parts in PNO order, each distinct item once (every part
 * may repeat the DataTime). A second copy of a part that is already held is not taken again.
 */
public class SplitPacket {
    /** More parts than this are not a packet but an attack on memory (a 1024-byte part, 64 kB in all). */
    public static final int MAX_PARTS = 64;

    /** The lines as received, by PNO - 1 (null: not yet), for a dead letter that can be replayed. */
    public String[] raw;

    /** The same parts' data segments as plaintext (decrypted where they were SM4-encrypted), by PNO - 1. */
    public String[] plain;

    /** Where the first part came from, and when (epoch ms): the packet expires some time after. */
    public String source;

    public long firstAt;
    public long receivedAt;
    public int held;

    public SplitPacket() {}

    /** An empty packet of {@code part}'s PNUM, first seen at {@code now}. */
    public static SplitPacket of(Hj212Frame part, String source, long now, long receivedAt) {
        SplitPacket p = new SplitPacket();
        p.raw = new String[part.pnum()];
        p.plain = new String[part.pnum()];
        p.source = source;
        p.firstAt = now;
        p.receivedAt = receivedAt;
        return p;
    }

    /** The key of a part's packet among the device's: QN (which all parts share) and CN. */
    public static String key(Hj212Frame part) {
        return (part.qn() == null ? "" : part.qn()) + "/" + part.cn();
    }

    /**
     * The identity of a part for de-duplication: its frame's, its packet's QN and its PNO (the
     * parts of different packets may carry the same items).
     */
    public static String identity(Hj212Frame part) {
        return part.dedupKey() + '\u0001' + part.qn() + '\u0001' + part.pno();
    }

    /** Takes a part; MALFORMED when it does not belong here (another PNUM) or another copy of its PNO is held. */
    public void add(Hj212Frame part, String rawLine) throws Hj212Exception {
        int i = part.pno() - 1;
        if (part.pnum() != plain.length) {
            throw new Hj212Exception(
                    RejectReason.MALFORMED,
                    "PNUM="
                            + part.pnum()
                            + " differs from the "
                            + plain.length
                            + " of the packet's other parts");
        }
        if (plain[i] != null) {
            throw new Hj212Exception(
                    RejectReason.MALFORMED, "PNO=" + part.pno() + " again, with other data");
        }
        raw[i] = rawLine;
        plain[i] = part.segment();
        held++;
    }

    public boolean complete() {
        return held == plain.length;
    }

    /** The whole packet, as one frame that is not a part. Only when {@link #complete()}. */
    public Hj212Frame assemble() throws Hj212Exception {
        Hj212Frame first = parseSegment(plain[0]);
        Set<String> items = new LinkedHashSet<>();
        boolean backfilled = false;
        for (String segment : plain) {
            Hj212Frame part = parseSegment(segment);
            backfilled |= part.backfilled();
            for (String group : part.cp().split(";", -1)) {
                if (!group.isEmpty()) {
                    items.add(group);
                }
            }
        }
        String cp = String.join(";", items);
        Integer flag = first.flag() == null ? null : first.flag() & ~2;
        StringBuilder header = new StringBuilder(64);
        append(header, "QN", first.qn());
        append(header, "ST", first.st());
        append(header, "CN", first.cn());
        append(header, "PW", first.pw());
        append(header, "MN", first.mn());
        append(header, "Flag", flag == null ? null : flag.toString());
        String segment = header + "CP=&&" + cp + "&&";
        return new Hj212Frame(
                segment,
                first.qn(),
                first.st(),
                first.cn(),
                first.pw(),
                first.mn(),
                flag,
                cp,
                null,
                null,
                backfilled);
    }

    private static Hj212Frame parseSegment(String segment) throws Hj212Exception {
        return Hj212Codec.parse(Hj212Encoder.wrap(segment));
    }

    private static void append(StringBuilder header, String key, String value) {
        if (value != null) {
            header.append(key).append('=').append(value).append(';');
        }
    }

    /** The parts received, as received, in PNO order. */
    public java.util.List<String> rawParts() {
        java.util.List<String> out = new java.util.ArrayList<>(held);
        for (String r : raw) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }
}
