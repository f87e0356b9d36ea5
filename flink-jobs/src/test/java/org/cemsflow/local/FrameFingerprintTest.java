package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.testkit.Repository;
import org.junit.jupiter.api.Test;

/**
 * run-local's identity of a whole frame: equal exactly when the frames' de-duplication keys are
 * ({@link Hj212Frame#dedupKey()}: MN, CN and the items as a multiset), without sorting the items.
 */
class FrameFingerprintTest {
    private static Hj212Frame frame(String head, String cp) throws Hj212Exception {
        return Hj212Codec.parse(Hj212Encoder.wrap(head + ";CP=&&" + cp + "&&"));
    }

    private static List<Long> fingerprint(Hj212Frame f) {
        LocalIngest.Fingerprint fp = LocalIngest.Fingerprint.ofFrame(f);
        return List.of(fp.a, fp.b);
    }

    private static List<Long> fingerprint(String head, String cp) throws Hj212Exception {
        return fingerprint(frame(head, cp));
    }

    @Test
    void framesOfOneKeyShareTheFingerprintAndFramesOfTwoKeysDoNot() throws Exception {
        String head = "QN=1;ST=22;CN=2011;PW=x;MN=M1;Flag=4";
        String cp =
                "DataTime=20250601080000;a21026-Rtd=2.5,a21026-Flag=N;a21002-Rtd=10,a21002-Flag=N";
        List<Long> one = fingerprint(head, cp);
        // QN, ST, PW, Flag, the items' order and their separators do not count
        assertEquals(one, fingerprint("QN=2;ST=31;CN=2011;PW=y;MN=M1;Flag=5", cp));
        assertEquals(
                one,
                fingerprint(
                        head,
                        "a21002-Flag=N,a21002-Rtd=10;a21026-Flag=N;a21026-Rtd=2.5;;"
                                + "DataTime=20250601080000"));
        // MN, CN and every item's text do
        assertNotEquals(one, fingerprint("QN=1;ST=22;CN=2011;PW=x;MN=M2;Flag=4", cp));
        assertNotEquals(one, fingerprint("QN=1;ST=22;CN=2051;PW=x;MN=M1;Flag=4", cp));
        assertNotEquals(one, fingerprint(head, cp.replace("2.5", "2.6")));
        assertNotEquals(one, fingerprint(head, cp.replace("a21002", "a21003")));
        // a multiset: an item twice is not once, and which item is twice counts
        assertNotEquals(fingerprint(head, "a=1;b=2"), fingerprint(head, "a=1;b=2;b=2"));
        assertNotEquals(fingerprint(head, "a=1;a=1;b=2"), fingerprint(head, "a=1;b=2;b=2"));
        // the items' texts, not the chars of the items together
        assertNotEquals(fingerprint(head, "ab=1;c=2"), fingerprint(head, "a;b=1c=2"));
        assertEquals(fingerprint(head, ""), fingerprint(head, ";;,"));
    }

    @Test
    void onARealHourFingerprintsAreEqualExactlyWhenTheKeysAre() throws Exception {
        Map<String, List<Long>> byKey = new HashMap<>();
        Map<List<Long>, String> byFingerprint = new HashMap<>();
        int frames = 0;
        int again = 0;
        for (Hj212Frame f : Repository.captureFrames("2016-08-24-05")) {
            frames++;
            String key = f.dedupKey();
            List<Long> fp = fingerprint(f);
            List<Long> before = byKey.putIfAbsent(key, fp);
            if (before != null) {
                again++;
                assertEquals(before, fp, key);
            }
            String other = byFingerprint.putIfAbsent(fp, key);
            assertEquals(other == null ? key : other, key, "two keys, one fingerprint");
        }
        assertTrue(frames > 5_000, frames + " frames");
        assertTrue(again > 0, "the hour has retransmissions");
    }
}
