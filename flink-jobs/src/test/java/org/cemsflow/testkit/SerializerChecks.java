package org.cemsflow.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** What every test of a hand-written serializer does with a value: its bytes, and its way back. */
public final class SerializerChecks {
    private SerializerChecks() {}

    /** The bytes {@code s} writes for {@code v}. */
    public static <T> byte[] bytes(TypeSerializer<T> s, T v) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(v, out);
        return out.getCopyOfBuffer();
    }

    /** How many bytes {@code bytes} take compressed as the job writes its snapshots (Snappy). */
    public static int compressed(byte[] bytes) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var c =
                org.apache.flink.runtime.state.SnappyStreamCompressionDecorator.INSTANCE
                        .decorateWithCompression(out)) {
            c.write(bytes);
        }
        return out.size();
    }

    /**
     * {@code v} written, copied as bytes ({@code copy(in, out)}, as a network shuffle does) and read
     * back; asserts that reading took every byte written.
     */
    public static <T> T roundTrip(TypeSerializer<T> s, T v) throws Exception {
        DataOutputSerializer copied = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(bytes(s, v)), copied);
        DataInputDeserializer in = new DataInputDeserializer(copied.getCopyOfBuffer());
        T back = s.deserialize(in);
        assertEquals(0, in.available(), "every byte read");
        return back;
    }

    /**
     * {@code v} comes back field for field (as {@code fields} spells them) from its bytes and from
     * {@code copy(v)}; returns the copy, another instance.
     */
    public static <T> T assertSurvives(TypeSerializer<T> s, T v, Function<T, String> fields)
            throws Exception {
        assertEquals(fields.apply(v), fields.apply(roundTrip(s, v)));
        T copy = s.copy(v);
        assertEquals(fields.apply(v), fields.apply(copy));
        assertNotSame(v, copy);
        return copy;
    }

    /**
     * {@code s}'s snapshot, which a savepoint keeps: it restores an equal serializer and finds it
     * compatible as it is.
     */
    public static <T> TypeSerializerSnapshot<T> assertSnapshotRestoresItself(TypeSerializer<T> s) {
        TypeSerializerSnapshot<T> snapshot = s.snapshotConfiguration();
        assertEquals(s, snapshot.restoreSerializer());
        assertTrue(snapshot.resolveSchemaCompatibility(snapshot).isCompatibleAsIs());
        return snapshot;
    }

    /**
     * {@code now}'s snapshot restores itself, and state {@code before} wrote (the POJO serializer
     * it replaced) is migrated on restore.
     */
    public static <T> void assertMigratesFrom(TypeSerializer<T> now, TypeSerializer<T> before) {
        assertSnapshotRestoresItself(now);
        assertTrue(
                now.snapshotConfiguration()
                        .resolveSchemaCompatibility(before.snapshotConfiguration())
                        .isCompatibleAfterMigration());
    }

    /**
     * Every public field of {@code o}, spelled out: those of the {@code pojos} classes field by
     * field (types without equals), any other value as {@code leaf} spells it.
     */
    public static String fields(Object o, Function<Object, String> leaf, Set<Class<?>> pojos)
            throws Exception {
        if (o == null || !pojos.contains(o.getClass())) {
            return leaf.apply(o);
        }
        StringBuilder b = new StringBuilder(o.getClass().getSimpleName()).append('{');
        for (Field f : o.getClass().getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                b.append(f.getName()).append('=').append(fields(f.get(o), leaf, pojos)).append(',');
            }
        }
        return b.append('}').toString();
    }

    /**
     * The mean of {@code n} readings of two decimals about {@code level}, added up in doubles as
     * the hourly means add them: a mean that is a sum of decimals over a count, as the state's are.
     */
    public static double hourlyMean(java.util.Random rnd, int n, double level, double sd) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.round((level + sd * rnd.nextGaussian()) * 100) / 100.0;
        }
        return sum / n;
    }
}
