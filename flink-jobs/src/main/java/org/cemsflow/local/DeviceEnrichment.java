package org.cemsflow.local;

import org.apache.flink.api.common.functions.MapFunction;
import org.cemsflow.avro.Reading;
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.reference.ReferenceData;

/**
 * Adds what the run's effective reference knows of a reading's device (point, unit, O2 reference,
 * minute interval), as the streaming job's frame gate does. The local run adds it after sorting,
 * because the effective reference is known only once every reading has been seen. Stateless.
 */
final class DeviceEnrichment implements MapFunction<Reading, Reading> {
    private static final long serialVersionUID = 1L;

    private final ReferenceData reference;

    DeviceEnrichment(ReferenceData reference) {
        this.reference = reference;
    }

    @Override
    public Reading map(Reading r) {
        DeviceLookup.enrich(r, reference.device(r.getMn()));
        return r;
    }
}
