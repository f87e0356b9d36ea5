package org.cemsflow.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;

/**
 * The devices of one unit (keyed state) as the reference says now: what the reference topic
 * published for the unit (devices added, changed, moved in or removed) over the directory the job
 * started with. The unit rules read meters, ratings and points from here, never from the files of
 * the start alone.
 */
public class UnitDevices implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ReferenceData initial;
    private transient Map<String, List<String>> initialPoints;
    private transient MapState<String, Device> published;

    public UnitDevices(ReferenceData initial) {
        this.initial = initial;
    }

    void open(RuntimeContext runtime) {
        published =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "unit-devices", Types.STRING, TypeInformation.of(Device.class)));
        initialPoints = new HashMap<>();
        for (Device d : initial.devices().values()) {
            if (!d.isMeter()) {
                initialPoints.computeIfAbsent(d.unitId, u -> new ArrayList<>()).add(d.mn);
            }
        }
    }

    void clear() {
        published.clear();
    }

    /** A reference update of a device of this unit (a removal or a move away is a tombstone). */
    void apply(Device d) throws Exception {
        published.put(d.mn, d);
    }

    /** The device of an MN, or null when unknown or removed. */
    Device device(String mn) throws Exception {
        Device d = published.get(mn);
        if (d != null) {
            return d.removed ? null : d;
        }
        return initial.device(mn);
    }

    /** The unit's monitoring points (their MNs), in a fixed order. */
    List<String> points(String unit) throws Exception {
        List<String> out = new ArrayList<>();
        for (String mn : initialPoints.getOrDefault(unit, List.of())) {
            if (!published.contains(mn)) {
                out.add(mn);
            }
        }
        for (Map.Entry<String, Device> e : published.entries()) {
            Device d = e.getValue();
            if (!d.removed && !d.isMeter() && unit.equals(d.unitId)) {
                out.add(d.mn);
            }
        }
        out.sort(null);
        return out;
    }
}
