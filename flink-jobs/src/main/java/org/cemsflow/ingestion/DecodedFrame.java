package org.cemsflow.ingestion;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cemsflow.avro.Reading;

/** An accepted frame between validation and de-duplication (Flink POJO). */
public class DecodedFrame {
    public String mn;
    public int cn;
    public boolean data;

    /** DataTime of data uploads, epoch milliseconds; for other frames their DataTime or QN, else 0. */
    public long dataTime;

    /**
     * Identity for removing retransmissions ({@link SeenHashes#identity}: CN, the second of the
     * period and 32 bits of a hash of the CP items in any order).
     */
    public long dedupHash;

    public String text;
    public String source;
    public long receivedAt;

    @TypeInfo(ReadingsType.class)
    public List<Reading> readings = new ArrayList<>();

    public DecodedFrame() {}

    /** The logger marked the upload as back-filled (HJ 212-2025 {@code RF=1}). */
    public boolean isBackfilled() {
        for (Reading r : readings) {
            if (Boolean.TRUE.equals(r.getBackfilled())) {
                return true;
            }
        }
        return false;
    }

    /** The upload of a single reading (sources that give readings, not frames). */
    public static DecodedFrame ofReading(Reading r) {
        DecodedFrame f = new DecodedFrame();
        f.mn = r.getMn();
        f.cn = r.getCn();
        f.data = true;
        f.dataTime = r.getDataTime();
        f.readings.add(r);
        return f;
    }

    /**
     * This upload without what a later operator does not need (the text, the source): keyed by
     * {@code key}, its readings of known units only.
     */
    public DecodedFrame slim(String key) {
        DecodedFrame f = new DecodedFrame();
        f.mn = key;
        f.cn = cn;
        f.data = data;
        f.dataTime = dataTime;
        f.dedupHash = dedupHash;
        for (Reading r : readings) {
            if (r.getUnitId() != null) {
                f.readings.add(r);
            }
        }
        return f;
    }

    /** {@code List<Reading>} with Avro's serializer for the elements. */
    public static final class ReadingsType extends TypeInfoFactory<List<Reading>> {
        @Override
        public TypeInformation<List<Reading>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.LIST(ReadingSerializer.TYPE);
        }
    }
}
