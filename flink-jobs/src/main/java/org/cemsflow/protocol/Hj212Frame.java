package org.cemsflow.protocol;

import java.util.Arrays;

/**
 * A syntactically valid HJ 212 frame: length and CRC checked, header fields split out, the CP
 * area kept as text. Strings are the ISO-8859-1 view of the bytes, so one char is one byte.
 */
public final class Hj212Frame {
    public static final int CN_REALTIME = 2011;
    public static final int CN_MINUTE = 2051;
    public static final int CN_HOUR = 2061;
    public static final int CN_DAY = 2031;
    public static final int CN_STATE = 2021;

    private final String segment;
    private final String qn;
    private final String st;
    private final String cn;
    private final String pw;
    private final String mn;
    private final Integer flag;
    private final String cp;
    private final Integer pnum;
    private final Integer pno;
    private final boolean backfilled;
    private final int cnCode;

    Hj212Frame(
            String segment,
            String qn,
            String st,
            String cn,
            String pw,
            String mn,
            Integer flag,
            String cp) {
        this(segment, qn, st, cn, pw, mn, flag, cp, null, null, false);
    }

    Hj212Frame(
            String segment,
            String qn,
            String st,
            String cn,
            String pw,
            String mn,
            Integer flag,
            String cp,
            Integer pnum,
            Integer pno,
            boolean backfilled) {
        this.pnum = pnum;
        this.pno = pno;
        this.backfilled = backfilled;
        this.segment = segment;
        this.qn = qn;
        this.st = st;
        this.cn = cn;
        this.cnCode = parseCn(cn);
        this.pw = pw;
        this.mn = mn;
        this.flag = flag;
        this.cp = cp;
    }

    public String segment() {
        return segment;
    }

    public String qn() {
        return qn;
    }

    public String st() {
        return st;
    }

    public String cn() {
        return cn;
    }

    public String pw() {
        return pw;
    }

    public String mn() {
        return mn;
    }

    public Integer flag() {
        return flag;
    }

    /** The CP area between {@code CP=&&} and the closing {@code &&}. */
    public String cp() {
        return cp;
    }

    /** PNUM of a split packet's part (the number of parts), or null. */
    public Integer pnum() {
        return pnum;
    }

    /** PNO of a split packet's part (1-based), or null. */
    public Integer pno() {
        return pno;
    }

    /** {@code RF=1} in the header (HJ 212-2025): the logger back-fills data it could not send in time. */
    public boolean backfilled() {
        return backfilled;
    }

    /** A part of a split packet (PNUM over 1): it is decoded only together with its other parts. */
    public boolean isPart() {
        return pnum != null && pnum > 1;
    }

    /** CN as a number, -1 when it is not one; parsed once, as every stage asks for it. */
    public int cnCode() {
        return cnCode;
    }

    private static int parseCn(String cn) {
        if (cn == null) {
            return -1;
        }
        try {
            return Integer.parseInt(cn);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean isDataUpload() {
        int c = cnCode();
        return c == CN_REALTIME || c == CN_MINUTE || c == CN_HOUR || c == CN_DAY || c == CN_STATE;
    }

    /** 2005, 2017 or 2025 from the Flag version bits (bits 2..7); frames without Flag are 2005. */
    public int protocolVersion() {
        if (flag == null) {
            return 2005;
        }
        int v = (flag >> 2) & 0x3F;
        return v == 0 ? 2005 : v == 1 ? 2017 : v == 2 ? 2025 : 2017 + 8 * (v - 1);
    }

    /**
     * Identity for removing retransmissions: MN, CN and the sorted CP items ({@code key=value}
     * texts); QN, ST, PW, Flag and the order of items do not count.
     */
    public String dedupKey() {
        int n = cp.length();
        // items in an array grown by hand: no list to grow and copy again into an array
        String[] items = new String[16];
        int count = 0;
        for (int i = 0, start = 0; i <= n; i++) {
            if (i == n || cp.charAt(i) == ';' || cp.charAt(i) == ',') {
                if (i > start) {
                    if (count == items.length) {
                        items = Arrays.copyOf(items, 2 * count);
                    }
                    items[count++] = cp.substring(start, i);
                }
                start = i + 1;
            }
        }
        Arrays.sort(items, 0, count);
        StringBuilder sb = new StringBuilder(cp.length() + mn.length() + 16);
        sb.append(mn).append('\u0001').append(cn);
        for (int i = 0; i < count; i++) {
            sb.append('\u0001').append(items[i]);
        }
        return sb.toString();
    }
}
