package org.cemsflow.protocol;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;

/**
 * Decodes HJ 212 frames (2005, 2017, 2025). {@link #parse} checks the frame syntax, length and
 * CRC (MALFORMED, BAD_LENGTH, BAD_CRC); {@link #decode} turns a data upload into readings
 * (BAD_TIMESTAMP, BAD_VALUE). Nothing here throws anything but {@link Hj212Exception}.
 */
public final class Hj212Codec {
    /** The HJ 212-2025 sentinel of a Zs field: no corrected value. */
    static final double NO_CORRECTED_VALUE = 9999.99;

    /** HJ 212 DataTime is local time UTC+8, whatever the JVM's zone. */
    public static final ZoneOffset UTC8 = ZoneOffset.ofHours(8);

    public static final int MAX_SEGMENT_BYTES = 1024;

    private Hj212Codec() {}

    /**
     * Whether the frame's envelope holds (## and a 4-digit length that matches the segment, at most
     * 1024 bytes, a 4 hex digit CRC that matches): a cheap test, without a parse, that every
     * accepted frame passes. A line that fails it is damaged and none of its fields can be trusted.
     */
    public static boolean intact(String line) {
        int n = line.length();
        if (n < 12 || line.charAt(0) != '#' || line.charAt(1) != '#') {
            return false;
        }
        int declared = 0;
        for (int i = 2; i < 6; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            declared = declared * 10 + (c - '0');
        }
        if (declared != n - 10 || declared > MAX_SEGMENT_BYTES) {
            return false;
        }
        int carried = carriedCrc(line);
        return carried >= 0 && Hj212Crc.compute(line, 6, declared) == carried;
    }

    /** The CRC a line carries in its last 4 hex digits; -1 when one of them is not hex. */
    private static int carriedCrc(String line) {
        int n = line.length();
        int carried = 0;
        for (int i = n - 4; i < n; i++) {
            int d = Character.digit(line.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            carried = carried * 16 + d;
        }
        return carried;
    }

    /**
     * Checks one line (CR/LF removed; ISO-8859-1 view of its bytes) and splits its header.
     */
    public static Hj212Frame parse(String line) throws Hj212Exception {
        return parse(line, false);
    }

    /**
     * {@link #parse(String)}, without computing the CRC again when {@code intact}: the caller found
     * the line {@link #intact} (then the CRC matches, and the rest of the checks give what they
     * give without it).
     */
    public static Hj212Frame parse(String line, boolean intact) throws Hj212Exception {
        int n = line.length();
        if (n < 12 || line.charAt(0) != '#' || line.charAt(1) != '#') {
            throw new Hj212Exception(RejectReason.MALFORMED, "does not start with ## and a length");
        }
        int declared = 0;
        for (int i = 2; i < 6; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new Hj212Exception(RejectReason.MALFORMED, "length field is not 4 digits");
            }
            declared = declared * 10 + (c - '0');
        }
        if (!(line.startsWith("QN=", 6) || line.startsWith("ST=", 6))) {
            throw new Hj212Exception(
                    RejectReason.MALFORMED, "segment does not start with QN= or ST=");
        }
        for (int i = n - 4; i < n; i++) {
            if (Character.digit(line.charAt(i), 16) < 0) {
                throw new Hj212Exception(RejectReason.MALFORMED, "no 4 hex digit CRC at the end");
            }
        }
        if (!line.startsWith("&&", n - 6) || n - 6 < 6) {
            throw new Hj212Exception(RejectReason.MALFORMED, "segment does not end with &&");
        }
        int segStart = 6;
        int segEnd = n - 4;
        String segment = line.substring(segStart, segEnd);
        int cpAt = findCp(segment);
        if (cpAt < 0 || cpAt + 5 > segment.length() - 2) {
            throw new Hj212Exception(RejectReason.MALFORMED, "no CP=&&...&&");
        }
        String qn = null,
                st = null,
                cn = null,
                pw = null,
                mn = null,
                flagText = null,
                pnumText = null,
                pnoText = null;
        boolean backfilled = false;
        int i = 0;
        while (i < cpAt) {
            int j = segment.indexOf(';', i);
            if (j < 0 || j > cpAt) {
                j = cpAt;
            }
            int eq = segment.indexOf('=', i);
            if (eq > i && eq < j) {
                // the key is matched in place: no substring of it, none of an extra's value
                int key = headerKey(segment, i, eq);
                String value = key == EXTRA ? null : segment.substring(eq + 1, j);
                switch (key) {
                    case QN -> qn = value;
                    case ST -> st = value;
                    case CN -> cn = value;
                    case PW -> pw = value;
                    case MN -> {
                        if (mn != null) {
                            throw new Hj212Exception(
                                    RejectReason.MALFORMED, "MN= more than once in the header");
                        }
                        mn = value;
                    }
                    case FLAG -> flagText = value;
                    case PNUM -> pnumText = value;
                    case PNO -> pnoText = value;
                    case RF -> backfilled = "1".equals(value);
                    default -> {} // extras: not needed downstream
                }
            }
            i = j + 1;
        }
        if (cn == null) {
            throw new Hj212Exception(RejectReason.MALFORMED, "no CN=");
        }
        if (mn == null) {
            throw new Hj212Exception(RejectReason.MALFORMED, "no MN=");
        }
        for (int k = 0; k < mn.length(); k++) {
            if (mn.charAt(k) >= 0x80) {
                // a device's identity is letters and digits; and the streaming job keys a line by
                // its MN as written before it parses it (FrameGate.keyOf), which must be this one
                throw new Hj212Exception(RejectReason.MALFORMED, "MN is not ASCII");
            }
        }
        int segBytes = segment.length();
        if (segBytes != declared) {
            throw new Hj212Exception(
                    RejectReason.BAD_LENGTH,
                    "length field " + declared + ", segment " + segBytes + " bytes");
        }
        if (segBytes > MAX_SEGMENT_BYTES) {
            throw new Hj212Exception(
                    RejectReason.BAD_LENGTH, "segment " + segBytes + " bytes, over 1024");
        }
        int carried = carriedCrc(line); // its digits checked above
        int crc = intact ? carried : Hj212Crc.compute(segment);
        if (crc != carried) {
            throw new Hj212Exception(
                    RejectReason.BAD_CRC,
                    String.format("carries %04X, computes %04X", carried, crc));
        }
        Integer flag = null;
        if (flagText != null) {
            try {
                flag = Integer.parseInt(flagText.trim());
            } catch (NumberFormatException e) {
                flag = null;
            }
        }
        String cp = segment.substring(cpAt + 5, segment.length() - 2);
        Integer pnum = null;
        Integer pno = null;
        if (pnumText != null || pnoText != null) {
            pnum = smallNumber(pnumText);
            pno = smallNumber(pnoText);
            if (pnum == null
                    || pno == null
                    || pnum < 1
                    || pnum > SplitPacket.MAX_PARTS
                    || pno < 1
                    || pno > pnum) {
                throw new Hj212Exception(
                        RejectReason.MALFORMED,
                        "PNUM="
                                + pnumText
                                + ";PNO="
                                + pnoText
                                + " is not a part of a split packet (at most "
                                + SplitPacket.MAX_PARTS
                                + " parts)");
            }
        }
        return new Hj212Frame(segment, qn, st, cn, pw, mn, flag, cp, pnum, pno, backfilled);
    }

    /** The header keys the parser keeps, as {@link #headerKey} finds them. */
    private static final int EXTRA = 0, QN = 1, ST = 2, CN = 3, PW = 4, MN = 5, FLAG = 6;

    private static final int PNUM = 7, PNO = 8, RF = 9;

    private static final String[] HEADER_KEYS = {
        null, "QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO", "RF"
    };

    /** Which kept key {@code s[from, to)} is, exactly and case-sensitively; {@link #EXTRA}: none. */
    private static int headerKey(String s, int from, int to) {
        int len = to - from;
        for (int k = 1; k < HEADER_KEYS.length; k++) {
            String key = HEADER_KEYS[k];
            if (key.length() == len && s.startsWith(key, from)) {
                return k;
            }
        }
        return EXTRA;
    }

    private static Integer smallNumber(String text) {
        if (text == null || text.isEmpty() || text.length() > 4) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(text);
    }

    /** Index of {@code CP=&&} at a field boundary, or -1. */
    private static int findCp(String segment) {
        int from = 0;
        while (true) {
            int at = segment.indexOf("CP=&&", from);
            if (at < 0) {
                return -1;
            }
            if (at == 0 || segment.charAt(at - 1) == ';') {
                return at;
            }
            from = at + 1;
        }
    }

    /** Record kind of a data upload's CN, or null for frames that are not data uploads. */
    public static RecordKind kindOf(int cn) {
        return switch (cn) {
            case Hj212Frame.CN_REALTIME -> RecordKind.REALTIME;
            case Hj212Frame.CN_MINUTE -> RecordKind.MINUTE;
            case Hj212Frame.CN_HOUR -> RecordKind.HOUR;
            case Hj212Frame.CN_DAY -> RecordKind.DAY;
            case Hj212Frame.CN_STATE -> RecordKind.STATE;
            default -> null;
        };
    }

    /** DataTime of a data upload as epoch milliseconds, or throws BAD_TIMESTAMP. */
    public static long dataTime(Hj212Frame frame) throws Hj212Exception {
        String cp = frame.cp();
        int at = cp.startsWith("DataTime=") ? 0 : cp.indexOf(";DataTime=");
        if (at < 0) {
            at = cp.indexOf(",DataTime=");
        }
        if (at < 0) {
            throw new Hj212Exception(RejectReason.BAD_TIMESTAMP, "no DataTime");
        }
        int start = at == 0 ? 9 : at + 10;
        int end = start;
        while (end < cp.length() && cp.charAt(end) != ';' && cp.charAt(end) != ',') {
            end++;
        }
        Long t = parseTime(cp, start, end);
        if (t == null) {
            throw new Hj212Exception(
                    RejectReason.BAD_TIMESTAMP,
                    "DataTime '" + cp.substring(start, end) + "' is not a date");
        }
        return t;
    }

    /** yyyyMMddHHmmss[SSS] in UTC+8 as epoch milliseconds, or null when it is not a date. */
    public static Long parseTime(CharSequence s, int start, int end) {
        int len = end - start;
        if (len != 14 && len != 17) {
            return null;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            LocalDateTime t =
                    LocalDateTime.of(
                            num(s, start, 4),
                            num(s, start + 4, 2),
                            num(s, start + 6, 2),
                            num(s, start + 8, 2),
                            num(s, start + 10, 2),
                            num(s, start + 12, 2));
            long ms = t.toEpochSecond(UTC8) * 1000L;
            return len == 17 ? ms + num(s, start + 14, 3) : ms;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int num(CharSequence s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /**
     * Readings of a data upload: one per code, with the fields of all the code's groups merged.
     * A Flag applies to the values of its own {@code ;}-group; the reading's flag is the one of
     * the group holding the main value (Rtd or Avg), N where that group has none.
     */
    public static List<Reading> decode(Hj212Frame frame) throws Hj212Exception {
        RecordKind kind = kindOf(frame.cnCode());
        if (kind == null) {
            return List.of();
        }
        long dataTime = dataTime(frame);
        String cp = frame.cp();
        // in order of first appearance, few per frame: plain arrays, grown when a frame has more
        Draft[] drafts = new Draft[16];
        int draftCount = 0;
        // the drafts whose main value came in the current group: a group's Flag may follow its
        // values, so they get the group's flag when the group ends
        Draft[] mainInGroup = new Draft[8];
        int mainCount = 0;
        String groupFlag = null;
        boolean backfilled = frame.backfilled();
        int n = cp.length();
        Draft last = null;
        int p = 0;
        while (p <= n) {
            // one item, p up to ',' or ';' or the end: its first '=', the first '-' before that,
            // and the hash of the code before the '-'
            int eq = -1;
            int dash = -1;
            int hash = 0;
            int i = p;
            char c = ';';
            for (; i < n; i++) {
                c = cp.charAt(i);
                if (c == ',' || c == ';') {
                    break;
                }
                if (c == '=') {
                    if (eq < 0) {
                        eq = i;
                    }
                } else if (c == '-' && dash < 0 && eq < 0) {
                    dash = i;
                } else if (dash < 0 && eq < 0) {
                    hash = 31 * hash + c;
                }
            }
            if (i >= n) {
                c = ';';
            }
            if (dash > p) {
                String code = CodeTable.code2017(cp, p, dash, hash);
                // a code's fields mostly follow one another
                if (last == null || !last.code.equals(code)) {
                    last = find(drafts, draftCount, code);
                    if (last == null) {
                        if (draftCount == drafts.length) {
                            drafts = Arrays.copyOf(drafts, draftCount * 2);
                        }
                        last = drafts[draftCount++] = new Draft(code);
                    }
                }
                Fields field = Fields.of(cp, dash + 1, eq < 0 ? i : eq);
                if (field == Fields.Flag && eq == dash + 5) {
                    groupFlag = flag(cp, eq + 1, i);
                }
                if (last.set(field, cp, eq < 0 ? -1 : eq + 1, i)) {
                    if (mainCount == mainInGroup.length) {
                        mainInGroup = Arrays.copyOf(mainInGroup, mainCount * 2);
                    }
                    mainInGroup[mainCount++] = last;
                }
            } else if (eq == p + 2 && i == p + 4 && cp.startsWith("RF=1", p)) {
                backfilled = true;
            }
            if (c == ';') {
                for (int k = 0; k < mainCount; k++) {
                    mainInGroup[k].mainFlag = groupFlag;
                    mainInGroup[k] = null;
                }
                mainCount = 0;
                groupFlag = null;
                last = null;
            }
            p = i + 1;
        }
        List<Reading> out = new ArrayList<>(draftCount);
        Integer version = frame.protocolVersion();
        Integer cnCode = frame.cnCode();
        Long time = dataTime;
        for (int k = 0; k < draftCount; k++) {
            out.add(drafts[k].toReading(frame, cnCode, kind, time, version, backfilled));
        }
        return out;
    }

    /**
     * One-letter flags (N, D, M, F, T, C, ...), the common case, as shared constants: the interned
     * instances, so that the rules' {@code "N".equals(flag)} ends at its identity check.
     */
    private static final String[] ONE_LETTER = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            ONE_LETTER[c] = String.valueOf(c).intern();
        }
    }

    /** The flag {@code cp[from, to)}, null when {@code from} is -1 (no value). */
    private static String flag(String cp, int from, int to) {
        if (from < 0) {
            return null;
        }
        if (to == from + 1 && cp.charAt(from) < 128) {
            return ONE_LETTER[cp.charAt(from)];
        }
        return cp.substring(from, to);
    }

    /** The draft of {@code code} among the first {@code count}; null when there is none yet. */
    private static Draft find(Draft[] drafts, int count, String code) {
        for (int k = 0; k < count; k++) {
            if (drafts[k].code.equals(code)) {
                return drafts[k];
            }
        }
        return null;
    }

    /** Exact powers of ten as doubles: 10^0 to 10^22. */
    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /**
     * The value {@code s[from, to)} ({@code from} -1: none), a strict plain decimal, optionally with
     * an exponent (NaN, Infinity, hex and suffixes are not values: BAD_VALUE). A plain decimal of at most 15 significant digits and at most 22
     * fraction digits is its digits as a long divided by an exact power of ten: both operands are
     * exact, so the one rounding of the division gives the double {@link Double#parseDouble} gives
     * (the fast path of the JDK's own parser); anything else goes to {@link Double#parseDouble}.
     */
    static double parseValue(String code, String field, String s, int from, int to)
            throws Hj212Exception {
        if (from < 0) {
            throw notANumber(code, field, null);
        }
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long digits = 0;
        int significant = 0;
        int count = 0;
        int fraction = 0;
        boolean point = false;
        // digits, at most one '.', digits: isDecimal's syntax without the exponent
        for (char c; i < to; i++) {
            c = s.charAt(i);
            if (c == '.' && !point) {
                point = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            if (significant > 0 || c != '0') {
                significant++;
            }
            digits = digits * 10 + (c - '0');
            count++;
            if (point) {
                fraction++;
            }
        }
        if (count == 0) {
            throw notANumber(code, field, s.substring(from, to));
        }
        if (i == to && significant <= 15 && fraction < POW10.length) {
            double v = fraction == 0 ? (double) digits : digits / POW10[fraction];
            return negative ? -v : v;
        }
        String text = s.substring(from, to);
        if (!isDecimal(text)) {
            throw notANumber(code, field, text);
        }
        return Double.parseDouble(text);
    }

    private static Hj212Exception notANumber(String code, String field, String text) {
        return new Hj212Exception(
                RejectReason.BAD_VALUE, code + "-" + field + "='" + text + "' is not a number");
    }

    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Mutable collector of one code's fields across the groups of a frame. */
    private static final class Draft {
        final String code;
        Double rtd, min, avg, max, cou, zsRtd, zsMin, zsAvg, zsMax, zsCou, ala;
        Integer rs;
        Long sampleTime;
        String mainFlag;
        String firstFlag;
        boolean hasMain;

        Draft(String code) {
            this.code = code;
        }

        /**
         * Field {@code field} (null: one a reading does not keep) whose value is {@code cp[from,
         * to)}, or none when {@code from} is -1. Returns whether it was the code's first main value
         * (Rtd or Avg).
         */
        boolean set(Fields field, String cp, int from, int to) throws Hj212Exception {
            if (field == null) {
                return false; // ZsFlag, EFlag, Info and unknown fields: kept out of the reading
            }
            switch (field) {
                case Rtd -> {
                    rtd = value(field, cp, from, to);
                    return main();
                }
                case Avg -> {
                    avg = value(field, cp, from, to);
                    return main();
                }
                case Min -> min = value(field, cp, from, to);
                case Max -> max = value(field, cp, from, to);
                case Cou -> cou = value(field, cp, from, to);
                case ZsRtd -> zsRtd = value(field, cp, from, to);
                case ZsMin -> zsMin = value(field, cp, from, to);
                case ZsAvg -> zsAvg = value(field, cp, from, to);
                case ZsMax -> zsMax = value(field, cp, from, to);
                case ZsCou -> zsCou = value(field, cp, from, to);
                case Flag -> {
                    if (firstFlag == null) firstFlag = flag(cp, from, to);
                }
                case RS -> rs = parseIntOrNull(text(cp, from, to));
                case Ala -> {
                    String value = text(cp, from, to);
                    ala = value != null && isDecimal(value) ? Double.parseDouble(value) : null;
                }
                case SampleTime -> {
                    String value = text(cp, from, to);
                    sampleTime = value == null ? null : parseTime(value, 0, value.length());
                }
            }
            return false;
        }

        private double value(Fields field, String cp, int from, int to) throws Hj212Exception {
            return parseValue(code, field.name(), cp, from, to);
        }

        private static String text(String cp, int from, int to) {
            return from < 0 ? null : cp.substring(from, to);
        }

        /** Whether this is the code's first main value: its group's flag becomes the reading's. */
        private boolean main() {
            if (hasMain) {
                return false;
            }
            hasMain = true;
            return true;
        }

        private static Integer parseIntOrNull(String v) {
            if (v == null) {
                return null;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** HJ 212-2025 writes 9999.99 in a Zs field whose corrected value cannot be computed: no value. */
        private static Double zs(Double v, boolean v2025) {
            return v2025 && v != null && v == NO_CORRECTED_VALUE ? null : v;
        }

        /** Boxed values are passed in: one box per frame, not per reading. */
        Reading toReading(
                Hj212Frame f,
                Integer cnCode,
                RecordKind kind,
                Long dataTime,
                Integer version,
                boolean backfilled) {
            String flag = hasMain ? mainFlag : firstFlag;
            boolean v2025 = version.intValue() == 2025;
            return new Reading(
                    f.mn(),
                    f.st(),
                    cnCode,
                    kind,
                    code,
                    dataTime,
                    version,
                    rtd,
                    min,
                    avg,
                    max,
                    cou,
                    zs(zsRtd, v2025),
                    zs(zsMin, v2025),
                    zs(zsAvg, v2025),
                    zs(zsMax, v2025),
                    zs(zsCou, v2025),
                    flag == null || flag.isEmpty() ? "N" : flag,
                    rs,
                    ala,
                    sampleTime,
                    backfilled,
                    null,
                    null,
                    null,
                    null);
        }
    }
}
