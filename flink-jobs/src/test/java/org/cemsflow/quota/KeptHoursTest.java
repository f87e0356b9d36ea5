package org.cemsflow.quota;

import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** A quota key's kept hours: replaced by point and hour, forgotten by time, bit for bit back. */
class KeptHoursTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = LocalTimes.parseIso("2025-06-01T00:00:00+08:00");

    @Test
    void anHourIsReplacedByPointAndForgottenByItsStart() {
        KeptHours k = new KeptHours();
        k.put("A", T0, 1.5, 0);
        k.put("B", T0, 2, 0);
        k.put("A", T0 + H, 3, 0);
        k.put("A", T0, 4, 0.25); // the same point and hour: replaced
        assertEquals(3, k.size());
        assertArrayEquals(new double[] {4, 0.25}, k.get("A", T0));
        assertArrayEquals(new double[] {2, 0}, k.get("B", T0));
        assertNull(k.get("B", T0 + H));
        assertNull(k.get("C", T0));
        assertFalse(k.forgetUpTo(T0));
        assertEquals(1, k.size());
        assertArrayEquals(new double[] {3, 0}, k.get("A", T0 + H));
        assertTrue(k.forgetUpTo(T0 + H));
    }

    @Test
    void everyValueComesBackBitForBitInAFewBytesAnHour() throws Exception {
        KeptHours k = new KeptHours();
        double[] odd = {0.1 + 0.2, -0.0, Double.NaN, 1e300, -12.345, 7};
        for (int i = 0; i < 60; i++) {
            String mn = "SYN0000000000" + (i % 3);
            k.put(mn, T0 + (i / 3) * H, odd[i % odd.length], i % 2 == 0 ? 0 : 0.125 * i);
        }
        k.put(null, T0 + 90_000, 1, 2); // not a whole hour, no MN
        KeptHours.Serializer s = KeptHours.Serializer.INSTANCE;
        byte[] b = bytes(s, k);
        KeptHours back = s.deserialize(new DataInputDeserializer(b));
        assertEquals(k.size(), back.size());
        for (int i = 0; i < 60; i++) {
            String mn = "SYN0000000000" + (i % 3);
            long hour = T0 + (i / 3) * H;
            double[] want = k.get(mn, hour), got = back.get(mn, hour);
            for (int j = 0; j < 2; j++) {
                assertEquals(
                        Double.doubleToRawLongBits(want[j]),
                        Double.doubleToRawLongBits(got[j]),
                        mn + " " + i + " " + j);
            }
        }
        assertArrayEquals(new double[] {1, 2}, back.get(null, T0 + 90_000));
        // an hour: flags, point, hours since the one before, two masses (8 bytes when not decimal)
        assertTrue(b.length < 60 * 13 + 3 * 16 + 24, b.length + " bytes");
        KeptHours copy = s.copy(k);
        copy.put("A", T0, 1, 1);
        assertNull(k.get("A", T0), "a deep copy");
    }
}
