package org.cemsflow.protocol;

import java.util.HexFormat;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HJ 212-2025 data areas encrypted with SM4 (GB/T 32907) in ECB mode without padding: every full
 * 16-byte block of the text between {@code CP=&&} and its closing {@code &&} is encrypted, a
 * shorter tail stays plaintext, and the length field and the CRC are the plaintext's. A frame
 * arrives in one of two forms: the cipher bytes as text {@code {0xE4,0x3E,...}} followed by the
 * plaintext tail (the standard's examples), or the raw cipher bytes (one char per byte, as long as
 * the plaintext). Guarantees that {@link #decrypt} of either form of {@link #encrypt} gives back
 * the plaintext frame, whose CRC then holds; with a wrong key it gives a frame whose CRC fails.
 */
public final class Sm4Frames {
    private static final String CP = "CP=&&";
    private static final HexFormat HEX = HexFormat.of();

    private Sm4Frames() {}

    /** True for a 2025 frame (version bits 2) whose data area is not plain text. */
    public static boolean isEncrypted(String line) {
        int cp = line.indexOf(CP);
        if (cp < 0 || version(line, cp) != 2) {
            return false;
        }
        if (line.startsWith("{0x", cp + CP.length())) {
            return true;
        }
        for (int i = cp + CP.length(); i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return true;
            }
        }
        return false;
    }

    /** The MN of the header (plaintext in every form), or null. */
    public static String mn(String line) {
        int cp = line.indexOf(CP);
        int at = line.indexOf("MN=");
        if (at < 0 || (cp >= 0 && at > cp)) {
            return null;
        }
        int end = line.indexOf(';', at);
        return end < 0 ? null : line.substring(at + 3, end);
    }

    /** The plaintext frame of an encrypted one (either form). */
    public static String decrypt(String line, byte[] key) throws Hj212Exception {
        int cp = line.indexOf(CP) + CP.length();
        if (line.startsWith("{0x", cp)) {
            int close = line.indexOf('}', cp);
            if (close < 0) {
                throw new Hj212Exception(RejectReason.MALFORMED, "SM4 data area: no closing brace");
            }
            byte[] cipher = parseBraces(line.substring(cp + 1, close));
            if (cipher.length % 16 != 0) {
                throw new Hj212Exception(
                        RejectReason.MALFORMED,
                        "SM4 data area: " + cipher.length + " bytes, not whole blocks");
            }
            return line.substring(0, cp)
                    + text(crypt(cipher, key, false))
                    + line.substring(close + 1);
        }
        int len = lengthField(line);
        if (len < 0 || line.length() != 6 + len + 4) {
            throw new Hj212Exception(
                    RejectReason.BAD_LENGTH,
                    "SM4 data area: the line is not as long as its length field says");
        }
        int end = 6 + len - 2; // the data area ends before the closing "&&"
        int blocks = Math.max(0, (end - cp) / 16) * 16;
        byte[] plain = crypt(bytes(line, cp, blocks), key, false);
        return line.substring(0, cp) + text(plain) + line.substring(cp + blocks);
    }

    /** The encrypted form of a plaintext frame: as brace text, or as raw cipher bytes. */
    public static String encrypt(String plainLine, byte[] key, boolean braces) {
        int cp = plainLine.indexOf(CP) + CP.length();
        int end = plainLine.lastIndexOf("&&");
        int blocks = Math.max(0, (end - cp) / 16) * 16;
        byte[] cipher = crypt(bytes(plainLine, cp, blocks), key, true);
        String rest = plainLine.substring(cp + blocks);
        if (!braces) {
            return plainLine.substring(0, cp) + text(cipher) + rest;
        }
        StringBuilder sb = new StringBuilder(plainLine.substring(0, cp)).append('{');
        for (int i = 0; i < cipher.length; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("0x")
                    .append(HEX.toHexDigits(cipher[i]).toUpperCase(java.util.Locale.ROOT));
        }
        return sb.append('}').append(rest).toString();
    }

    /** SM4-ECB over whole blocks. */
    public static byte[] crypt(byte[] data, byte[] key, boolean encrypt) {
        SM4Engine engine = new SM4Engine();
        engine.init(encrypt, new KeyParameter(key));
        byte[] out = new byte[data.length];
        for (int i = 0; i + 16 <= data.length; i += 16) {
            engine.processBlock(data, i, out, i);
        }
        return out;
    }

    private static byte[] parseBraces(String items) throws Hj212Exception {
        String[] parts = items.split(",");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (!(p.startsWith("0x") || p.startsWith("0X")) || p.length() != 4) {
                throw new Hj212Exception(
                        RejectReason.MALFORMED, "SM4 data area: '" + p + "' is not a byte 0xHH");
            }
            try {
                out[i] = (byte) Integer.parseInt(p.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new Hj212Exception(
                        RejectReason.MALFORMED, "SM4 data area: '" + p + "' is not a byte 0xHH");
            }
        }
        return out;
    }

    private static int version(String line, int cp) {
        int at = line.indexOf("Flag=");
        if (at < 0 || at > cp) {
            return -1;
        }
        int end = line.indexOf(';', at);
        try {
            // parsed in place: this runs on every line, encrypted or not
            return (Integer.parseInt(line, at + 5, end < 0 ? cp : end, 10) >> 2) & 0x3F;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int lengthField(String line) {
        if (line.length() < 6) {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(2, 6));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] bytes(String s, int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) s.charAt(from + i);
        }
        return b;
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
