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
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final List<String> groups = new ArrayList<>();
    private String qn;
    private String st = "31";
    private String cn = "2011";
    private String pw = "123456";
    private String mn;
    private Integer flag = 4;
    private String dataTime;

    public static Hj212Encoder frame(String mn) {
        Hj212Encoder e = new Hj212Encoder();
        e.mn = mn;
        return e;
    }

    public Hj212Encoder qn(String v) { qn = v; return this; }
    public Hj212Encoder st(String v) { st = v; return this; }
    public Hj212Encoder cn(int v) { cn = Integer.toString(v); return this; }
    public Hj212Encoder pw(String v) { pw = v; return this; }
    /** null omits the Flag field, as 2005 devices do. */
    public Hj212Encoder flag(Integer v) { flag = v; return this; }

    public Hj212Encoder dataTime(long epochMillis) {
        dataTime = DATA_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), Hj212Codec.UTC8));
        return this;
    }

    /** One {@code ;}-group: {@code code-field=value} pairs, given as field, value, field, value... */
    public Hj212Encoder group(String code, String... fieldValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < fieldValues.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(code).append('-').append(fieldValues[i]).append('=').append(fieldValues[i + 1]);
        }
        groups.add(sb.toString());
        return this;
    }

    /** A raw CP item or group, as sent. */
    public Hj212Encoder raw(String item) {
        groups.add(item);
        return this;
    }

    public String encode() {
        StringBuilder cp = new StringBuilder();
        if (dataTime != null) {
            cp.append("DataTime=").append(dataTime);
        }
        for (String g : groups) {
            if (cp.length() > 0) {
                cp.append(';');
            }
            cp.append(g);
        }
        StringBuilder seg = new StringBuilder();
        if (qn != null) {
            seg.append("QN=").append(qn).append(';');
        }
        seg.append("ST=").append(st).append(";CN=").append(cn).append(";PW=").append(pw).append(";MN=").append(mn);
        if (flag != null) {
            seg.append(";Flag=").append(flag);
        }
        seg.append(";CP=&&").append(cp).append("&&");
        return wrap(seg.toString());
    }

    /** Adds the length field and CRC around a data segment. */
    public static String wrap(String segment) {
        return String.format("##%04d%s%04X", segment.length(), segment, Hj212Crc.compute(segment));
    }
}
