package org.cemsflow.reference;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Resolves what a side input names (a mark's device, substitute data's point, a meter's hour) with
 * the devices as the reference says now: the directory the job started with, under what the
 * reference topic published since (broadcast state, removals included). So a device published or
 * moved while the job runs routes its unit's marks and meters without a restart. With a reference
 * topic, inputs that come before its snapshot is complete are held (operator state) and routed
 * once it is, never routed by a partial reference.
 */
public class ReferenceRouter<IN, OUT> extends BroadcastProcessFunction<IN, SideInput, OUT>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    public static final MapStateDescriptor<String, Device> DEVICES =
            new MapStateDescriptor<>(
                    "routing-devices", Types.STRING, TypeInformation.of(Device.class));
    public static final MapStateDescriptor<String, Boolean> LOADED =
            new MapStateDescriptor<>("routing-loaded", Types.STRING, Types.BOOLEAN);

    /** Where one input goes, given the devices. */
    @FunctionalInterface
    public interface Route<IN, OUT> extends Serializable {
        void route(IN in, DeviceDirectory devices, Collector<OUT> out) throws Exception;
    }

    private final ReferenceData initial;
    private final boolean waitForSnapshot;
    private final TypeInformation<IN> inputType;
    private final Route<IN, OUT> route;

    private transient List<IN> held;
    private transient ListState<IN> heldState;

    public ReferenceRouter(
            ReferenceData initial,
            boolean waitForSnapshot,
            TypeInformation<IN> inputType,
            Route<IN, OUT> route) {
        this.initial = initial;
        this.waitForSnapshot = waitForSnapshot;
        this.inputType = inputType;
        this.route = route;
    }

    /** {@code in} routed with the reference, as a stream of {@code outType}. */
    public static <IN, OUT> DataStream<OUT> route(
            DataStream<IN> in,
            DataStream<SideInput> reference,
            boolean waitForSnapshot,
            ReferenceData initial,
            Route<IN, OUT> route,
            TypeInformation<OUT> outType,
            String uid,
            String name) {
        return in.connect(reference.broadcast(DEVICES, LOADED))
                .process(new ReferenceRouter<>(initial, waitForSnapshot, in.getType(), route))
                .returns(outType)
                .uid(uid)
                .name(name);
    }

    private boolean loaded(ReadOnlyBroadcastState<String, Boolean> state) throws Exception {
        return !waitForSnapshot || Boolean.TRUE.equals(state.get("all"));
    }

    @Override
    public void processElement(IN in, ReadOnlyContext ctx, Collector<OUT> out) throws Exception {
        if (!loaded(ctx.getBroadcastState(LOADED))) {
            held.add(in);
            return;
        }
        route.route(in, new DeviceDirectory(ctx.getBroadcastState(DEVICES), initial), out);
    }

    @Override
    public void processBroadcastElement(SideInput in, Context ctx, Collector<OUT> out)
            throws Exception {
        BroadcastState<String, Device> devices = ctx.getBroadcastState(DEVICES);
        if (in.kind == SideInput.Kind.DEVICE) {
            devices.put(in.device.mn, in.device);
        } else if (in.kind == SideInput.Kind.LOADED) {
            ctx.getBroadcastState(LOADED).put("all", Boolean.TRUE);
            DeviceDirectory directory = new DeviceDirectory(devices, initial);
            for (IN h : held) {
                route.route(h, directory, out);
            }
            held.clear();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        heldState.update(held);
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        heldState =
                ctx.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("held-until-loaded", inputType));
        held = new ArrayList<>();
        for (IN h : heldState.get()) {
            held.add(h);
        }
    }
}
