package org.cemsflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cemsflow.testkit.Repository;
import org.junit.jupiter.api.Test;

/**
 * A frame's identity for de-duplication is the same string it was when the items went through a
 * list (the implementation it replaced, written out here): hashes of it sit in state, so a
 * retransmission across an upgrade is still recognised.
 */
class DedupKeyTest {
    static String listBased(Hj212Frame f) {
        String cp = f.cp();
        List<String> items = new ArrayList<>();
        int i = 0;
        int n = cp.length();
        while (i < n) {
            int j = i;
            while (j < n && cp.charAt(j) != ';' && cp.charAt(j) != ',') {
                j++;
            }
            if (j > i) {
                items.add(cp.substring(i, j));
            }
            i = j + 1;
        }
        String[] arr = items.toArray(new String[0]);
        Arrays.sort(arr);
        StringBuilder sb = new StringBuilder();
        sb.append(f.mn()).append('\u0001').append(f.cn());
        for (String s : arr) {
            sb.append('\u0001').append(s);
        }
        return sb.toString();
    }

    /** The hash the frame gate kept in state for each key (written out: it must not change). */
    static long stateHash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }

    /** A hash that keeps what it is fed. */
    static final class Fed implements Hj212Frame.KeyHash {
        final StringBuilder chars = new StringBuilder();

        @Override
        public void add(CharSequence s, int from, int to) {
            chars.append(s, from, to);
        }
    }

    static void assertSameIdentity(Hj212Frame f, String cp) {
        String key = listBased(f);
        assertEquals(key, f.dedupKey(), cp);
        assertEquals(key, f.hashKey(new Fed()).chars.toString(), cp);
        assertEquals(stateHash(key), f.dedupHash(), cp);
        assertEquals(stateHash(key), Hj212Frame.hash64(key), cp);
    }

    @Test
    void theKeyOfEveryRealFrameAndOfOddItemListsIsTheListBasedOne() throws Exception {
        int n = 0;
        for (Hj212Frame f : Repository.captureFrames("2016-08-24-05")) {
            assertSameIdentity(f, f.cp());
            n++;
        }
        assertTrue(n > 5_000, n + " frames");
        StringBuilder many = new StringBuilder("DataTime=20250601080000");
        for (int i = 0; i < 40; i++) {
            many.append(";a").append(40 - i).append("-Rtd=").append(i).append(",a-Flag=N");
        }
        for (String cp :
                List.of(
                        "",
                        ";",
                        ";;,,",
                        "a=1",
                        ";a=1;",
                        "b=2,a=1;;c=3,",
                        // prefixes of one another, twice the same item, bytes over 127
                        "a-Rtd=10;a-Rtd=1,a-Rtd=1;a-Rtd=;a-Rtd;a",
                        "\u00e9=1;e=1;\u00ff;~;\u0080",
                        // the same first eight chars; a NUL against the padding; chars over 255
                        "a21026-Rtd=2;a21026-Rtd=10;a21026-R;a21026-Rt\u0000;a21026-Rt",
                        "\u7ad9=1;a=1;b\u7ad9=2;\u7ad8\u7ad9;a\u0000=1",
                        many.toString())) {
            String segment = "QN=1;ST=22;CN=2011;PW=x;MN=M1;Flag=4;CP=&&" + cp + "&&";
            Hj212Frame f = Hj212Codec.parse(Hj212Encoder.wrap(segment));
            assertSameIdentity(f, cp);
        }
    }
}
