package org.cemsflow.local;

import org.apache.flink.api.common.functions.MapFunction;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.reference.ReferenceData;

/**
 * Adds what the run's effective reference knows of an upload's device (point, unit, O2 reference,
 * minute interval) to each of its readings, as the streaming job's frame gate does. The local run
 * adds it after sorting, because the effective reference is known only once every reading has been
 * seen. Stateless.
 */
final class DeviceEnrichment implements MapFunction<DecodedFrame, DecodedFrame> {
    private static final long serialVersionUID = 1L;

    private final ReferenceData reference;

    DeviceEnrichment(ReferenceData reference) {
        this.reference = reference;
    }

    @Override
    public DecodedFrame map(DecodedFrame upload) {
        Device device = reference.device(upload.mn); // an upload's readings are of one device
        for (Reading r : upload.readings) {
            DeviceLookup.enrich(r, device);
        }
        return upload;
    }
}
