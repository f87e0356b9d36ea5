package org.cemsflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.cemsflow.config.SettingsException;
import org.cemsflow.gateway.FrameDecoder;
import org.cemsflow.gateway.GatewayCounters;
import org.cemsflow.gateway.Received;
import org.cemsflow.ingestion.FrameValidator;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sm4FramesTest {
    static final HexFormat HEX = HexFormat.of();

    /** The standard's test key: sixteen ASCII '0'. */
    static final byte[] KEY = "0000000000000000".getBytes(StandardCharsets.US_ASCII);

    static final String MN = "010000A8900016F000169DC0";
    static final long T = LocalTimes.parseIso("2026-03-01T12:00:00+08:00");

    static String plain2025(String so2) {
        return Hj212Encoder.frame(MN)
                .qn("20260301120000000")
                .st("31")
                .cn(2051)
                .pw("123456")
                .flag(9)
                .dataTime(T)
                .group("a01011", "Min", "1.35", "Avg", "1.40", "Max", "1.45", "Flag", "N")
                .group("a21026", "Min", "10.1", "Avg", so2, "Max", "14.0", "Flag", "N")
                .encode();
    }

    @Test
    void theGbT32907Vector() {
        byte[] k = HEX.parseHex("0123456789abcdeffedcba9876543210");
        assertEquals(
                "681edf34d206965e86b3e94f536e4246", HEX.formatHex(Sm4Frames.crypt(k, k, true)));
        assertEquals(
                "0123456789abcdeffedcba9876543210",
                HEX.formatHex(Sm4Frames.crypt(Sm4Frames.crypt(k, k, true), k, false)));
    }

    @Test
    void bothFormsDecryptToThePlaintextAndAWrongKeyFailsTheCrc() throws Exception {
        String plain = plain2025("12.5");
        Hj212Codec.parse(plain); // the plaintext's CRC holds
        for (boolean braces : new boolean[] {true, false}) {
            String enc = Sm4Frames.encrypt(plain, KEY, braces);
            assertTrue(Sm4Frames.isEncrypted(enc), enc);
            assertEquals(
                    plain.substring(0, 6),
                    enc.substring(0, 6),
                    "the length field stays the plaintext's");
            assertEquals(plain, Sm4Frames.decrypt(enc, KEY));
            String wrong =
                    Sm4Frames.decrypt(enc, "1111111111111111".getBytes(StandardCharsets.US_ASCII));
            assertEquals(
                    RejectReason.BAD_CRC,
                    assertThrows(Hj212Exception.class, () -> Hj212Codec.parse(wrong)).reason());
        }
        assertTrue(Sm4Frames.encrypt(plain, KEY, true).contains("CP=&&{0x"));
        assertFalse(Sm4Frames.isEncrypted(plain), "a 2025 frame in plain text");
    }

    @Test
    void aRawCiphertextWithCrAndLfSurvivesTheGatewayAndDecrypts() throws Exception {
        String enc = null;
        // ECB: the cipher changes with the data; find readings whose cipher holds both bytes
        for (int i = 0; enc == null && i < 100_000; i++) {
            String candidate = Sm4Frames.encrypt(plain2025("12." + i), KEY, false);
            int cp = candidate.indexOf("CP=&&");
            String area = candidate.substring(cp, candidate.length() - 4);
            if (area.indexOf('\r') >= 0 && area.indexOf('\n') >= 0) {
                enc = candidate;
            }
        }
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(16_384, new GatewayCounters()));
        ch.writeInbound(
                Unpooled.wrappedBuffer((enc + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        Received r = ch.readInbound();
        assertEquals(enc, new String(r.bytes(), StandardCharsets.ISO_8859_1));
        Hj212Codec.parse(Sm4Frames.decrypt(enc, KEY));
    }

    @Test
    void theJobDecryptsWithTheDevicesKeyAndNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.csv");
        Files.writeString(keys, "mn,key\n" + MN + "," + HEX.formatHex(KEY) + "\n");
        ReferenceData ref =
                new ReferenceData(
                        Map.of(MN, Device.point(MN, "p", "u", "U", "air", 6.0, null, null)));
        FrameValidator withKey = new FrameValidator(false, -1).withKeys(DeviceKeys.of(keys));
        String plain = plain2025("12.5");
        var expected = withKey.validate(plain, T, ref).readings();
        assertEquals(2, expected.size(), "one reading per code");
        for (boolean braces : new boolean[] {true, false}) {
            assertEquals(
                    expected,
                    withKey.validate(Sm4Frames.encrypt(plain, KEY, braces), T, ref).readings());
        }
        Path none = dir.resolve("none.csv");
        Files.writeString(none, "mn,key\n");
        FrameValidator noKey = new FrameValidator(false, -1).withKeys(DeviceKeys.of(none));
        String enc = Sm4Frames.encrypt(plain, KEY, true);
        assertEquals(
                RejectReason.NO_KEY,
                assertThrows(Hj212Exception.class, () -> noKey.validate(enc, T, ref)).reason());
        assertEquals(
                RejectReason.UNKNOWN_DEVICE,
                assertThrows(
                                Hj212Exception.class,
                                () -> noKey.validate(enc, T, ReferenceData.empty()))
                        .reason(),
                "an unknown device before NO_KEY");
        Files.writeString(none, "mn,key\n" + MN + ",11111111111111111111111111111111\n");
        FrameValidator wrongKey = new FrameValidator(false, -1).withKeys(DeviceKeys.of(none));
        assertEquals(
                RejectReason.BAD_CRC,
                assertThrows(Hj212Exception.class, () -> wrongKey.validate(enc, T, ref)).reason());
        assertEquals(
                RejectReason.BAD_CRC,
                assertThrows(Hj212Exception.class, () -> wrongKey.packet(enc, ref, true)).reason(),
                "an encrypted line's CRC is the plaintext's: checked after decryption, whatever"
                        + " was found of the line as it came");
    }

    @Test
    void theGatewayChecksAnEncryptedFramesCrcWithTheKeyOrTakesItWhenItHasNone(@TempDir Path dir)
            throws Exception {
        String enc = Sm4Frames.encrypt(plain2025("12.5"), KEY, true);
        byte[] bytes = enc.getBytes(StandardCharsets.ISO_8859_1);
        Path keys = dir.resolve("keys.csv");
        Files.writeString(keys, MN + "," + HEX.formatHex(KEY) + "\n");
        var withKey = org.cemsflow.gateway.FrameFields.judged(bytes, DeviceKeys.of(keys));
        assertTrue(
                withKey.crcOk() && withKey.asksForAck(), "decrypted, the CRC holds: acknowledged");
        Files.writeString(keys, MN + ",11111111111111111111111111111111\n");
        assertFalse(
                org.cemsflow.gateway.FrameFields.judged(bytes, DeviceKeys.of(keys)).crcOk(),
                "a wrong key: not acknowledged");
        Files.writeString(keys, "mn,key\n");
        assertTrue(
                org.cemsflow.gateway.FrameFields.judged(bytes, DeviceKeys.of(keys)).crcOk(),
                "no key: forwarded and acknowledged, the job dead-letters it as NO_KEY");
    }

    @Test
    void aKeysFileThatDoesNotParseNamesItsLineNotItsKey(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.csv");
        Files.writeString(keys, "mn,key\nMN1,0123456789abcdef0123456789abcdef\nMN2,0123456789\n");
        SettingsException e = assertThrows(SettingsException.class, () -> DeviceKeys.of(keys));
        assertEquals(
                "SM4 keys file " + keys + " line 3: expected mn,key with the key as 32 hex digits",
                e.getMessage());
        assertFalse(e.getMessage().contains("0123456789abcdef"));
    }
}
