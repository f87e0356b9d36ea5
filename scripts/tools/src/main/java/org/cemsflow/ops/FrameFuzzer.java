package org.cemsflow.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.cemsflow.ingestion.FrameValidator;
import org.cemsflow.model.Lines;
import org.cemsflow.protocol.Hj212Exception;

/**
 * Seeded bad frames made from real ones, in five kinds (a fixed cycle): a flipped bit, a
 * truncation, a wrong length field, binary garbage and, one in twenty, a long line (up to
 * {@link #MAX_LONG_LINE} bytes, under Kafka's default record limit). Every frame it returns is one that the codec rejects
 * whatever the reference data (a candidate that would pass is drawn again), and none is blank
 * once its trailing CR/LF are stripped, so each must end up as a dead letter.
 */
public final class FrameFuzzer {
    public enum Kind {
        BIT_FLIP,
        TRUNCATION,
        WRONG_LENGTH,
        LONG_LINE,
        GARBAGE
    }

    public static final int MAX_LONG_LINE = 1_000_000;
    private static final FrameValidator CODEC = new FrameValidator(true, -1);

    private final Random rnd;
    private final List<byte[]> seeds;
    private long made;

    public FrameFuzzer(long seed, List<byte[]> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(
                    "the fuzzer needs at least one real frame to start from");
        }
        this.rnd = new Random(seed);
        this.seeds = seeds;
    }

    /** Kinds in a fixed cycle of 20: 6 bit flips, 5 truncations, 4 wrong lengths, 4 garbage, 1 long line. */
    private static final Kind[] CYCLE = {
        Kind.BIT_FLIP,
        Kind.TRUNCATION,
        Kind.WRONG_LENGTH,
        Kind.GARBAGE,
        Kind.BIT_FLIP,
        Kind.TRUNCATION,
        Kind.WRONG_LENGTH,
        Kind.GARBAGE,
        Kind.BIT_FLIP,
        Kind.TRUNCATION,
        Kind.LONG_LINE,
        Kind.BIT_FLIP,
        Kind.TRUNCATION,
        Kind.WRONG_LENGTH,
        Kind.GARBAGE,
        Kind.BIT_FLIP,
        Kind.TRUNCATION,
        Kind.WRONG_LENGTH,
        Kind.GARBAGE,
        Kind.BIT_FLIP
    };

    public Kind kindOf(long n) {
        return CYCLE[(int) (n % CYCLE.length)];
    }

    /** The next bad frame (bytes of one Kafka record). */
    public byte[] next() {
        Kind kind = kindOf(made++);
        while (true) {
            byte[] b = candidate(kind);
            if (rejected(b)) {
                return b;
            }
        }
    }

    private byte[] candidate(Kind kind) {
        byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
        switch (kind) {
            case BIT_FLIP -> {
                byte[] b = seed.clone();
                int at = rnd.nextInt(b.length);
                b[at] ^= (byte) (1 << rnd.nextInt(8));
                return b;
            }
            case TRUNCATION -> {
                byte[] b = new byte[1 + rnd.nextInt(Math.max(1, seed.length - 1))];
                System.arraycopy(seed, 0, b, 0, b.length);
                return b;
            }
            case WRONG_LENGTH -> {
                byte[] b = seed.clone();
                if (b.length > 6 && b[0] == '#' && b[1] == '#') {
                    String len = String.format("%04d", rnd.nextInt(10_000));
                    System.arraycopy(len.getBytes(StandardCharsets.US_ASCII), 0, b, 2, 4);
                }
                return b;
            }
            case LONG_LINE -> {
                // log-uniform from 10 kB, one in ten at the very limit
                int size =
                        rnd.nextInt(10) == 0
                                ? MAX_LONG_LINE - rnd.nextInt(1000)
                                : (int)
                                        Math.round(
                                                10_000
                                                        * Math.pow(
                                                                MAX_LONG_LINE / 10_000.0,
                                                                rnd.nextDouble()));
                byte[] b = new byte[size];
                int n = Math.min(seed.length, size);
                System.arraycopy(seed, 0, b, 0, n);
                for (int i = n; i < size; i++) {
                    b[i] = (byte) (rnd.nextBoolean() ? ';' : 'A' + rnd.nextInt(26));
                }
                return b;
            }
            default -> {
                byte[] b = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(b);
                return b;
            }
        }
    }

    /** What the job does with the record: strip trailing CR/LF, skip blanks, then validate. */
    static boolean rejected(byte[] b) {
        String text = Lines.withoutLineEnd(new String(b, StandardCharsets.ISO_8859_1));
        if (Lines.isBlank(text)) {
            return false;
        }
        try {
            CODEC.validate(text, Long.MAX_VALUE / 2, mn -> null);
            return false;
        } catch (Hj212Exception e) {
            return true;
        } catch (RuntimeException e) {
            return true; // the gate turns a decoder bug into a MALFORMED dead letter
        }
    }
}
