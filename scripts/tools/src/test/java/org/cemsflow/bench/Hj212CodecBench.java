package org.cemsflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cemsflow.ingestion.FrameValidator;
import org.cemsflow.ops.SyntheticStream;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Crc;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH micro-benchmarks of the codec on synthetic minute frames (10 codes each): ns per frame. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Hj212CodecBench {
    private String[] frames;
    private String[] segments;
    private Hj212Frame[] parsed;
    private int i;
    private final FrameValidator validator = new FrameValidator(true, -1);

    @Setup
    public void setUp() {
        List<String> all = new ArrayList<>();
        SyntheticStream.forEachFrame(SyntheticStream.Options.defaults(20, 1), all::add);
        frames = all.subList(0, 1024).toArray(new String[0]);
        segments = new String[frames.length];
        for (int k = 0; k < frames.length; k++) {
            segments[k] = frames[k].substring(6, frames[k].length() - 4);
        }
        parsed = new Hj212Frame[frames.length];
        for (int k = 0; k < frames.length; k++) {
            try {
                parsed[k] = Hj212Codec.parse(frames[k]);
            } catch (Hj212Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private int next() {
        i = (i + 1) & 1023;
        return i;
    }

    @Benchmark
    public int crc() {
        return Hj212Crc.compute(segments[next()]);
    }

    @Benchmark
    public Object parse() throws Hj212Exception {
        return Hj212Codec.parse(frames[next()]);
    }

    /** The de-duplication identity of a parsed frame: its CP items hashed in any order. */
    @Benchmark
    public long identity() {
        return parsed[next()].itemsHash();
    }

    @Benchmark
    public Object parseAndDecode() throws Hj212Exception {
        return Hj212Codec.decode(Hj212Codec.parse(frames[next()]));
    }

    @Benchmark
    public Object validate() throws Hj212Exception {
        return validator.validate(frames[next()], Long.MAX_VALUE / 2, mn -> null);
    }

    /**
     * Validation as the frame gate does it for a frame its timestamp assigner found intact: the
     * CRC was computed there, not again here.
     */
    @Benchmark
    public Object validateIntact() throws Hj212Exception {
        return validator.accept(
                validator.packet(frames[next()], mn -> null, true), Long.MAX_VALUE / 2);
    }
}
