package org.cemsflow.correlation;

import java.util.Comparator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.EventTimeOrderedFunction;

/** A detector over all the devices and marks of one unit (key: unit id), in event-time order. */
public abstract class UnitDetector extends EventTimeOrderedFunction<String, UnitInput, AlertEvent> {
    private static final long serialVersionUID = 1L;

    protected UnitDetector() {
        super(TypeInformation.of(UnitInput.class));
    }

    @Override
    protected long timeOf(UnitInput in) {
        return in.time;
    }

    /** Marks before the readings of the same instant. */
    @Override
    protected Comparator<UnitInput> tieBreak() {
        return (a, b) -> Boolean.compare(a.mark == null, b.mark == null);
    }
}
