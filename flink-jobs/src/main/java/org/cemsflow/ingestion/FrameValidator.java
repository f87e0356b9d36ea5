package org.cemsflow.ingestion;

import java.io.Serializable;
import java.util.List;
import org.cemsflow.avro.Reading;
import org.cemsflow.protocol.DeviceKeys;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.protocol.Sm4Frames;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;

/**
 * Every check of a raw line, in the order the README lists them: syntax, length, CRC, known
 * device, password, timestamp (including too far in the future of the wall clock, streaming
 * only), values. An HJ 212-2025 frame with an SM4-encrypted data area is decrypted first with its
 * device's key (unknown device, then NO_KEY, before the checks of the plaintext; a wrong key fails
 * the CRC). Returns the accepted frame with its readings or throws the first failure.
 */
public final class FrameValidator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean acceptUnknown;
    private final long maxFutureMs;

    /** Read on the task manager, from its environment. */
    private transient DeviceKeys keys;

    /** @param maxFutureMs a data upload dated more than this after {@code now} is BAD_TIMESTAMP; negative = no check */
    public FrameValidator(boolean acceptUnknown, long maxFutureMs) {
        this.acceptUnknown = acceptUnknown;
        this.maxFutureMs = maxFutureMs;
    }

    /** An accepted frame and its readings (empty for non-data frames). */
    public record Accepted(Hj212Frame frame, List<Reading> readings) {
        public boolean isData() {
            return frame.isDataUpload();
        }
    }

    /**
     * @param line the line without CR/LF, one char per byte (ISO-8859-1)
     * @param now wall-clock epoch milliseconds for the future check
     * @param devices the known devices
     */
    public Accepted validate(String line, long now, DeviceLookup devices) throws Hj212Exception {
        return accept(packet(line, devices), now);
    }

    /**
     * The checks of one line as a frame of its own: syntax, length, CRC (after decryption), known
     * device, password. A part of a split packet passes them alone; {@link #accept} then takes the
     * whole packet.
     */
    public Hj212Frame packet(String line, DeviceLookup devices) throws Hj212Exception {
        return packet(line, devices, false);
    }

    /**
     * {@link #packet(String, DeviceLookup)} of a line found {@link Hj212Codec#intact} (when {@code
     * intact}): its CRC is not computed again, unless it is encrypted (its CRC is the plaintext's).
     */
    public Hj212Frame packet(String line, DeviceLookup devices, boolean intact)
            throws Hj212Exception {
        boolean checked = intact;
        if (Sm4Frames.isEncrypted(line)) {
            line = decrypt(line, devices);
            checked = false;
        }
        Hj212Frame frame = Hj212Codec.parse(line, checked);
        Device device = devices.device(frame.mn());
        if (device == null && !acceptUnknown) {
            throw new Hj212Exception(
                    RejectReason.UNKNOWN_DEVICE,
                    "MN " + frame.mn() + " is not in the reference data");
        }
        if (device != null && device.password != null && !device.password.equals(frame.pw())) {
            throw new Hj212Exception(
                    RejectReason.BAD_PASSWORD, "wrong password for MN " + frame.mn());
        }
        return frame;
    }

    /** The checks of a whole frame (not a part): timestamp and values; its readings. */
    public Accepted accept(Hj212Frame frame, long now) throws Hj212Exception {
        if (!frame.isDataUpload()) {
            return new Accepted(frame, List.of());
        }
        if (maxFutureMs >= 0) {
            long dataTime = Hj212Codec.dataTime(frame);
            if (dataTime > now + maxFutureMs) {
                throw new Hj212Exception(
                        RejectReason.BAD_TIMESTAMP,
                        "DataTime " + (dataTime - now) / 1000 + " s ahead of the wall clock");
            }
        }
        return new Accepted(frame, Hj212Codec.decode(frame));
    }

    /** HJ 212-2025: the plaintext of an SM4 data area; the CRC (the plaintext's) is checked after. */
    private String decrypt(String line, DeviceLookup devices) throws Hj212Exception {
        String mn = Sm4Frames.mn(line);
        if (mn == null) {
            throw new Hj212Exception(RejectReason.MALFORMED, "an encrypted frame without MN");
        }
        if (devices.device(mn) == null && !acceptUnknown) {
            throw new Hj212Exception(
                    RejectReason.UNKNOWN_DEVICE, "MN " + mn + " is not in the reference data");
        }
        if (keys == null) {
            keys = DeviceKeys.fromEnvironmentOrNone();
        }
        byte[] key = keys.key(mn);
        if (key == null) {
            throw new Hj212Exception(
                    RejectReason.NO_KEY, "no SM4 key for MN " + mn + " (" + DeviceKeys.ENV + ")");
        }
        return Sm4Frames.decrypt(line, key);
    }

    /** Uses these keys instead of the environment's (tests, run-local with an explicit file). */
    public FrameValidator withKeys(DeviceKeys keys) {
        this.keys = keys;
        return this;
    }
}
