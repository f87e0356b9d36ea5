package org.cemsflow.reference;

import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The devices as an operator knows them: what the reference topic published (broadcast state,
 * removals included), over the reference directory the job started with.
 */
public final class DeviceDirectory implements DeviceLookup {
    private final ReadOnlyBroadcastState<String, Device> published;
    private final ReferenceData initial;

    public DeviceDirectory(
            ReadOnlyBroadcastState<String, Device> published, ReferenceData initial) {
        this.published = published;
        this.initial = initial;
    }

    /** The device of an MN, or null when unknown or removed. */
    @Override
    public Device device(String mn) {
        try {
            Device d = published.get(mn);
            if (d != null) {
                return d.removed ? null : d;
            }
            return initial.device(mn);
        } catch (Exception e) {
            throw new IllegalStateException("broadcast state of devices cannot be read", e);
        }
    }

    /** The device of a monitoring point, or null. */
    public Device point(String pointId) {
        try {
            for (Map.Entry<String, Device> e : published.immutableEntries()) {
                Device d = e.getValue();
                if (pointId.equals(d.pointId)) {
                    return d.removed ? null : d;
                }
            }
            Device d = initial.point(pointId);
            return d == null || published.contains(d.mn) ? null : d;
        } catch (Exception e) {
            throw new IllegalStateException("broadcast state of devices cannot be read", e);
        }
    }
}
