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
        StringBuilder key = new StringBuilder(cp.length() + mn.length() + 16);
        hashKey((s, from, to) -> key.append(s, from, to));
        return key.toString();
    }

    /** A hash fed the chars of a key piece by piece. */
    public interface KeyHash {
        /** Adds {@code s[from, to)}. */
        void add(CharSequence s, int from, int to);
    }

    /** Feeds {@code hash} the chars of {@link #dedupKey()}, in order, without building the key. */
    public <H extends KeyHash> H hashKey(H hash) {
        int[] items = sortedItems();
        hash.add(mn, 0, mn.length());
        hash.add(SEPARATOR, 0, 1);
        hash.add(cn, 0, cn.length());
        for (int k = 0; k < items.length; k += 2) {
            hash.add(SEPARATOR, 0, 1);
            hash.add(cp, items[k], items[k + 1]);
        }
        return hash;
    }

    /**
     * {@code hash64(dedupKey())} without building the key: the identity the frame gate kept in
     * state before {@link #itemsHash}, still checked in periods a savepoint of that layout holds.
     */
    public long dedupHash() {
        return hashKey(new Fnv()).finish();
    }

    /**
     * A hash of the non-empty CP items ({@code ;} or {@code ,} between them) as a multiset: the
     * same for the same items in any order, as {@link #dedupKey()} is, without sorting them (a sum
     * of each item's 64-bit FNV-1a hash, mixed). MN and CN are not in it: the frame gate keys by
     * the one and keeps the other beside the hash.
     */
    public long itemsHash() {
        String s = cp;
        int n = s.length();
        long sum = 0;
        long h = FNV_OFFSET;
        boolean empty = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ';' || c == ',') {
                if (!empty) {
                    sum += mix(h);
                }
                h = FNV_OFFSET;
                empty = true;
            } else {
                h = (h ^ c) * FNV_PRIME;
                empty = false;
            }
        }
        return empty ? sum : sum + mix(h);
    }

    /** The finaliser of SplitMix64: every bit of the result depends on every bit of {@code z}. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit FNV-1a hash of the chars, finished by {@code h ^ h >>> 29}. */
    public static long hash64(CharSequence s) {
        Fnv h = new Fnv();
        h.add(s, 0, s.length());
        return h.finish();
    }

    private static final String SEPARATOR = "\u0001";

    /** 64-bit FNV-1a's offset basis and prime. */
    private static final long FNV_OFFSET = 0xcbf29ce484222325L, FNV_PRIME = 0x100000001b3L;

    /** 64-bit FNV-1a. */
    private static final class Fnv implements KeyHash {
        long h = FNV_OFFSET;

        @Override
        public void add(CharSequence s, int from, int to) {
            long x = h;
            for (int i = from; i < to; i++) {
                x = (x ^ s.charAt(i)) * FNV_PRIME;
            }
            h = x;
        }

        long finish() {
            return h ^ (h >>> 29);
        }
    }

    /**
     * The non-empty CP items ({@code ;} or {@code ,} between them) as {@code [start, end)} pairs
     * of {@code cp}, sorted as their texts sort ({@link String#compareTo}), without a substring.
     */
    private int[] sortedItems() {
        int n = cp.length();
        int[] pairs = new int[32];
        int size = 0;
        for (int i = 0, start = 0; i <= n; i++) {
            char c = i == n ? ';' : cp.charAt(i);
            if (c != ';' && c != ',') {
                continue;
            }
            if (i > start) {
                if (size == pairs.length) {
                    pairs = Arrays.copyOf(pairs, 2 * size);
                }
                // binary insertion: a frame has a few dozen items, whose texts share prefixes
                int lo = 0;
                int hi = size / 2;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (compare(pairs[2 * mid], pairs[2 * mid + 1], start, i) <= 0) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                System.arraycopy(pairs, 2 * lo, pairs, 2 * lo + 2, size - 2 * lo);
                pairs[2 * lo] = start;
                pairs[2 * lo + 1] = i;
                size += 2;
            }
            start = i + 1;
        }
        return Arrays.copyOf(pairs, size);
    }

    /** {@code cp[a0, a1).compareTo(cp[b0, b1))}. */
    private int compare(int a0, int a1, int b0, int b1) {
        int la = a1 - a0;
        int lb = b1 - b0;
        for (int k = 0, n = Math.min(la, lb); k < n; k++) {
            char x = cp.charAt(a0 + k);
            char y = cp.charAt(b0 + k);
            if (x != y) {
                return x - y;
            }
        }
        return la - lb;
    }
}
