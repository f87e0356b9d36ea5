package org.cemsflow.gateway;

import java.nio.charset.StandardCharsets;
import org.cemsflow.protocol.Hj212Crc;
import org.cemsflow.protocol.Hj212Encoder;

/**
 * What the gateway reads of a frame to answer it: the CRC, and QN, PW, MN and Flag of the header
 * (before {@code CP=}). Guarantees that the acknowledgement is the standard's: {@code
 * QN=<same>;ST=91;CN=9014;PW=<same>;MN=<same>;Flag=<the version bits>;CP=&&&&} with its length and
 * CRC.
 */
public record FrameFields(boolean crcOk, String qn, String pw, String mn, Integer flag) {

    /** Reads a frame's bytes (from {@code ##} to the CRC, without CR LF). */
    public static FrameFields of(byte[] f) {
        String text = new String(f, StandardCharsets.ISO_8859_1);
        boolean crcOk = false;
        if (f.length >= 10) {
            int crc = Hj212Crc.compute(text, 6, f.length - 10);
            try {
                crcOk = crc == Integer.parseInt(text.substring(f.length - 4), 16);
            } catch (NumberFormatException e) {
                crcOk = false;
            }
        }
        int cp = text.indexOf("CP=");
        String header = text.substring(Math.min(6, text.length()), cp < 0 ? Math.max(6, text.length() - 4) : cp);
        String qn = null, pw = null, mn = null;
        Integer flag = null;
        for (String item : header.split(";")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String v = item.substring(eq + 1);
            switch (item.substring(0, eq)) {
                case "QN" -> qn = v;
                case "PW" -> pw = v;
                case "MN" -> mn = v;
                case "Flag" -> {
                    try {
                        flag = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        flag = null;
                    }
                }
                default -> { }
            }
        }
        return new FrameFields(crcOk, qn, pw, mn, flag);
    }

    /** Flag bit 0: the logger waits for an acknowledgement. */
    public boolean asksForAck() {
        return flag != null && (flag & 1) != 0;
    }

    /** The 9014 acknowledgement, CR LF included. */
    public byte[] ack() {
        String segment = "QN=" + nz(qn) + ";ST=91;CN=9014;PW=" + nz(pw) + ";MN=" + nz(mn) + ";Flag="
                + (flag == null ? 0 : flag & ~3) + ";CP=&&&&";
        return (Hj212Encoder.wrap(segment) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
