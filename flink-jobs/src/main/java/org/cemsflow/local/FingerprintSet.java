package org.cemsflow.local;

/**
 * A set of 128-bit identities (a local run's parts of split packets; whole frames go through
 * {@link FrameSequence}) in two primitive arrays (open addressing, linear probing, at most half
 * full): 16 to 32 bytes an identity, where a {@code HashSet} of records took about 80. The all-zero fingerprint marks an empty slot, so it is
 * stored as a flag of its own.
 */
final class FingerprintSet {
    private long[] a = new long[1 << 16];
    private long[] b = new long[1 << 16];
    private int size;
    private boolean hasZero;

    /** Adds a fingerprint; false when it was already there. */
    boolean add(long x, long y) {
        if (x == 0 && y == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (2 * (size + 1) > a.length) {
            grow();
        }
        if (!insert(a, b, x, y)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[] a, long[] b, long x, long y) {
        int mask = a.length - 1;
        int i = (int) mix(x ^ Long.rotateLeft(y, 17)) & mask;
        while (a[i] != 0 || b[i] != 0) {
            if (a[i] == x && b[i] == y) {
                return false;
            }
            i = (i + 1) & mask;
        }
        a[i] = x;
        b[i] = y;
        return true;
    }

    private void grow() {
        long[] na = new long[a.length * 2];
        long[] nb = new long[b.length * 2];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0 || b[i] != 0) {
                insert(na, nb, a[i], b[i]);
            }
        }
        a = na;
        b = nb;
    }

    /** MurmurHash3's 64-bit finaliser: every bit of the result depends on every bit of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
