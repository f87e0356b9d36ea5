package org.cemsflow.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.cemsflow.protocol.Hj212Crc;
import org.cemsflow.protocol.Hj212Encoder;

/**
 * What the gateway reads of a frame to answer it: the CRC, QN, ST, CN, PW, MN and Flag of the
 * header (before {@code CP=}) and the DataTime of the data area. Guarantees that the answers are
 * the standard's: {@code QN=<same>;ST=91;CN=9014;PW=<same>;MN=<same>;Flag=<the version
 * bits>;CP=&&&&} for data (9013 for heartbeats and notifications) with length and CRC, and that a
 * time calibration is {@code CN=1012} with {@code SystemTime} in local time UTC+8.
 */
public record FrameFields(
        boolean crcOk,
        String qn,
        String st,
        String cn,
        String pw,
        String mn,
        Integer flag,
        String dataTime) {
    /** CN of a logger asking for the time. */
    public static final String TIME_REQUEST = "1013";

    /** Notifications, answered with 9013: heartbeats (9015, 8013), time request (1013), key request (1014). */
    static final java.util.Set<String> NOTIFICATIONS =
            java.util.Set.of("9015", "8013", TIME_REQUEST, "1014");

    private static final java.time.format.DateTimeFormatter SYSTEM_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                    .withZone(java.time.ZoneOffset.ofHours(8));
    private static final java.time.format.DateTimeFormatter QN_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
                    .withZone(java.time.ZoneOffset.ofHours(8));

    /** Reads a frame's bytes (from {@code ##} to the CRC, without CR LF). */
    public static FrameFields of(byte[] f) {
        String text = new String(f, StandardCharsets.ISO_8859_1);
        boolean crcOk = crcHolds(text);
        int cp = text.indexOf("CP=");
        int from = Math.min(6, text.length());
        String header =
                text.substring(
                        from, cp < 0 ? Math.max(from, text.length() - 4) : Math.max(from, cp));
        String qn = null, st = null, cn2 = null, pw = null, mn = null;
        Integer flag = null;
        for (String item : header.split(";")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String v = item.substring(eq + 1);
            switch (item.substring(0, eq)) {
                case "QN" -> qn = v;
                case "ST" -> st = v;
                case "CN" -> cn2 = v;
                case "PW" -> pw = v;
                case "MN" -> mn = v;
                case "Flag" -> {
                    try {
                        flag = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        flag = null;
                    }
                }
                default -> {}
            }
        }
        String dataTime = null;
        int dt = cp < 0 ? -1 : text.indexOf("DataTime=", cp);
        if (dt >= 0 && dt + 23 <= text.length()) {
            dataTime = text.substring(dt + 9, dt + 23);
        }
        return new FrameFields(crcOk, qn, st, cn2, pw, mn, flag, dataTime);
    }

    /** The same fields, the CRC taken as holding (an encrypted frame whose key the gateway lacks). */
    public FrameFields withCrcTakenAsHolding() {
        return new FrameFields(true, qn, st, cn, pw, mn, flag, dataTime);
    }

    /**
     * The fields of a frame as the gateway judges it: an HJ 212-2025 frame with an SM4 data area is
     * decrypted with its device's key first (its CRC is the plaintext's); one whose key the gateway
     * does not have is taken as it is, CRC holding (the job dead-letters it as NO_KEY, to be
     * replayed once the key is loaded).
     */
    public static FrameFields judged(byte[] f, org.cemsflow.protocol.DeviceKeys keys) {
        FrameFields fields = of(f);
        if (fields.crcOk()) {
            return fields;
        }
        String text = new String(f, StandardCharsets.ISO_8859_1);
        if (!org.cemsflow.protocol.Sm4Frames.isEncrypted(text)) {
            return fields;
        }
        byte[] key = keys.key(org.cemsflow.protocol.Sm4Frames.mn(text));
        if (key == null) {
            return fields.withCrcTakenAsHolding();
        }
        try {
            return of(
                    org.cemsflow.protocol.Sm4Frames.decrypt(text, key)
                            .getBytes(StandardCharsets.ISO_8859_1));
        } catch (org.cemsflow.protocol.Hj212Exception e) {
            return fields;
        }
    }

    /** The line's last 4 chars are the CRC of what lies between its length field and them. */
    static boolean crcHolds(String line) {
        int n = line.length();
        if (n < 10) {
            return false;
        }
        try {
            return Hj212Crc.compute(line, 6, n - 10) == Integer.parseInt(line.substring(n - 4), 16);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Flag bit 0: the logger waits for an acknowledgement. */
    public boolean asksForAck() {
        return flag != null && (flag & 1) != 0;
    }

    /** The answer it asked for, CR LF included: 9013 to a notification, else 9014. */
    public byte[] ack() {
        String answer = NOTIFICATIONS.contains(cn) ? "9013" : "9014";
        String segment =
                "QN="
                        + nz(qn)
                        + ";ST=91;CN="
                        + answer
                        + ";PW="
                        + nz(pw)
                        + ";MN="
                        + nz(mn)
                        + ";Flag="
                        + versionBits()
                        + ";CP=&&&&";
        return line(segment);
    }

    /** "Set the data logger's time" (CN 1012) to {@code now}, answer requested, CR LF included. */
    public byte[] setTime(Instant now) {
        String segment =
                "QN="
                        + QN_TIME.format(now)
                        + ";ST="
                        + (st == null ? "91" : st)
                        + ";CN=1012;PW="
                        + nz(pw)
                        + ";MN="
                        + nz(mn)
                        + ";Flag="
                        + (versionBits() | 1)
                        + ";CP=&&SystemTime="
                        + SYSTEM_TIME.format(now)
                        + "&&";
        return line(segment);
    }

    /** A segment with its length field and CRC, and CR LF: a line to send. */
    private static byte[] line(String segment) {
        return (Hj212Encoder.wrap(segment) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** DataTime as an instant (local time UTC+8), or null. */
    public Instant dataTimeInstant() {
        if (dataTime == null) {
            return null;
        }
        try {
            return SYSTEM_TIME.parse(dataTime, Instant::from);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private int versionBits() {
        return flag == null ? 0 : flag & ~3;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
