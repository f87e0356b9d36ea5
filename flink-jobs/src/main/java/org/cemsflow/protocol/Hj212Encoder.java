package org.cemsflow.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds HJ 212 frames: {@code ##} + length + segment + CRC (no CR LF). Used by tests, replay and
 * the sample generator; whatever it builds, {@link Hj212Codec#parse} accepts.
 */
public final class Hj212Encoder {
    private static final DateTimeFormatter DATA_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final List<String> groups = new ArrayList<>();
    private String qn;
    private String st = "31";
    private String cn = "2011";
    private String pw = "123456";
    private String mn;
    private Integer flag = 4;
    private String dataTime;
    private boolean backfilled;

    public static Hj212Encoder frame(String mn) {
        Hj212Encoder e = new Hj212Encoder();
        e.mn = mn;
        return e;
    }

    public Hj212Encoder qn(String v) {
        qn = v;
        return this;
    }

    public Hj212Encoder st(String v) {
        st = v;
        return this;
    }

    public Hj212Encoder cn(int v) {
        cn = Integer.toString(v);
        return this;
    }

    public Hj212Encoder pw(String v) {
        pw = v;
        return this;
    }

    /** null omits the Flag field, as 2005 devices do. */
    public Hj212Encoder flag(Integer v) {
        flag = v;
        return this;
    }

    public Hj212Encoder dataTime(long epochMillis) {
        dataTime =
                DATA_TIME.format(
                        LocalDateTime.ofInstant(
                                Instant.ofEpochMilli(epochMillis), Hj212Codec.UTC8));
        return this;
    }

    /** One {@code ;}-group: {@code code-field=value} pairs, given as field, value, field, value... */
    public Hj212Encoder group(String code, String... fieldValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < fieldValues.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(code)
                    .append('-')
                    .append(fieldValues[i])
                    .append('=')
                    .append(fieldValues[i + 1]);
        }
        groups.add(sb.toString());
        return this;
    }

    /** A raw CP item or group, as sent. */
    public Hj212Encoder raw(String item) {
        groups.add(item);
        return this;
    }

    /** {@code RF=1} in the header: back-filled data (HJ 212-2025). */
    public Hj212Encoder backfilled() {
        backfilled = true;
        return this;
    }

    public String encode() {
        return encode(String.join(";", groups), null, null);
    }

    /**
     * The frame as a split packet when its data area is longer than {@code maxCpChars} (the
     * standard's 950 for HJ 212-2025): parts of whole groups, each with the DataTime, Flag bit 1
     * set, and {@code PNUM}/{@code PNO}. A short frame is one line, as {@link #encode()} makes it.
     */
    public List<String> encodeParts(int maxCpChars) {
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = 0;
        for (String g : groups) {
            if (!current.isEmpty() && length + 1 + g.length() > maxCpChars) {
                parts.add(current);
                current = new ArrayList<>();
                length = 0;
            }
            current.add(g);
            length += g.length() + 1;
        }
        parts.add(current);
        if (parts.size() == 1) {
            return List.of(encode());
        }
        List<String> lines = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            lines.add(encode(String.join(";", parts.get(i)), parts.size(), i + 1));
        }
        return lines;
    }

    private String encode(String items, Integer pnum, Integer pno) {
        StringBuilder cp = new StringBuilder();
        if (dataTime != null) {
            cp.append("DataTime=").append(dataTime);
        }
        if (!items.isEmpty()) {
            cp.append(cp.length() > 0 ? ";" : "").append(items);
        }
        StringBuilder seg = new StringBuilder();
        if (qn != null) {
            seg.append("QN=").append(qn).append(';');
        }
        seg.append("ST=")
                .append(st)
                .append(";CN=")
                .append(cn)
                .append(";PW=")
                .append(pw)
                .append(";MN=")
                .append(mn);
        if (flag != null) {
            seg.append(";Flag=").append(pnum == null ? flag : flag | 2);
        }
        if (pnum != null) {
            seg.append(";PNUM=").append(pnum).append(";PNO=").append(pno);
        }
        if (backfilled) {
            seg.append(";RF=1");
        }
        seg.append(";CP=&&").append(cp).append("&&");
        return wrap(seg.toString());
    }

    /** Adds the length field and CRC around a data segment. */
    public static String wrap(String segment) {
        return String.format("##%04d%s%04X", segment.length(), segment, Hj212Crc.compute(segment));
    }
}
