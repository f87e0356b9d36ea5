package org.cemsflow.correlation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.reference.ReferenceData;

/**
 * The correlation rules of one unit (key: unit id), over the signals of its devices' uploads
 * ({@link DeviceCorrelation#UNIT_SIGNALS}) and the marks on them, in event-time order:
 * TREATMENT_NOT_RUNNING, DATA_MISSING_WHILE_PRODUCING and DECLARED_STOP_BUT_RUNNING, with the
 * meters' ratings (given or learned) shared between them. It also passes on the device rules'
 * CONSTANT_VALUE and ZERO_VALUE alerts, which hold only while the unit produces: an alert opened
 * while the unit's meters all say it is stopped is dropped with its end (a unit without meters,
 * or without a rating yet, cannot say so: its alerts pass). Its devices, meters and ratings are
 * the reference's as it is now ({@link UnitDevices}): updates of the reference topic reach the
 * unit as inputs of their own.
 */
public class UnitCorrelation extends RuleHost<UnitInput, UnitInput> {
    private static final long serialVersionUID = 1L;

    /** Device alert types that need the unit producing. */
    public static final Set<String> GATED =
            Set.of(ConstantValueDetector.TYPE, ZeroValueDetector.TYPE);

    /** Whether waiting inputs are one list per unit (hours of them: the job's largest state). */
    private final boolean queued;

    /** The list's layout ({@link WaitingUnitInputsSerializer}). */
    private final int listLayout;

    private final UnitDevices devices;
    private final MeterRatings ratings;

    /** Ids of device alerts dropped because the unit was stopped (their later events go too). */
    private transient MapState<String, Boolean> dropped;

    /**
     * The MNs whose signals came to the unit, in the order first seen: a waiting signal gives the
     * number of its MN here instead of the MN (a sixth of the job's checkpoint before).
     */
    private transient ValueState<String[]> signalDevices;

    public UnitCorrelation(CorrelationParams params, ReferenceData reference, Set<String> enabled) {
        this(params, reference, enabled, UnitInputTypeInfo.INSTANCE, true);
    }

    /**
     * With the waiting inputs' state as {@code stateType} writes it, and in buckets per instant
     * unless {@code queued}: as earlier versions kept it (a test of the migrations).
     */
    UnitCorrelation(
            CorrelationParams params,
            ReferenceData reference,
            Set<String> enabled,
            TypeInformation<UnitInput> stateType,
            boolean queued) {
        this(
                params,
                reference,
                enabled,
                stateType,
                queued,
                WaitingUnitInputsSerializer.SIGNALS_COLUMNS);
    }

    /** With the waiting list in {@code listLayout}, as earlier versions wrote it (tests). */
    UnitCorrelation(
            CorrelationParams params,
            ReferenceData reference,
            Set<String> enabled,
            TypeInformation<UnitInput> stateType,
            boolean queued,
            int listLayout) {
        super(stateType, params);
        this.queued = queued;
        this.listLayout = listLayout;
        this.devices = new UnitDevices(reference);
        this.ratings = new MeterRatings(params, devices);
        add(new TreatmentNotRunningDetector(params, ratings), enabled);
        add(new DataMissingWhileProducingDetector(params, devices, ratings), enabled);
        add(new DeclaredStopButRunningDetector(params, ratings), enabled);
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        devices.open(getRuntimeContext());
        ratings.open(getRuntimeContext());
        dropped =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "dropped-device-alerts", Types.STRING, Types.BOOLEAN));
        signalDevices =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "signal-devices",
                                        BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
    }

    @Override
    protected TypeSerializer<List<UnitInput>> queueSerializer() {
        return queued
                ? new WaitingUnitInputsSerializer(
                        (UnitInputSerializer)
                                getRuntimeContext().createSerializer(UnitInputTypeInfo.INSTANCE),
                        listLayout)
                : null;
    }

    /** A reference update of one of the unit's devices applies as it arrives, not in event time. */
    @Override
    protected boolean atOnce(UnitInput in) throws Exception {
        if (in.device == null) {
            return false;
        }
        devices.apply(in.device);
        return true;
    }

    /**
     * A signal waits for the allowed lateness without its unit id (the key says it; the checkpoint
     * then held a third less) and with its MN's number in {@link #signalDevices} for its MN.
     */
    @Override
    protected UnitInput arrive(UnitInput in, Context ctx) throws Exception {
        UnitSignal s = in.signal;
        if (s != null) {
            in.unitId = null;
            s.unitId = null;
            if (s.mn != null) {
                s.device = numberOf(s.mn);
                s.mn = null;
            }
        }
        return in;
    }

    /** The signal's MN back from its number, before signals of one instant are ordered by it. */
    @Override
    protected UnitInput leave(UnitInput in) {
        UnitSignal s = in.signal;
        if (s != null && s.device > 0) {
            try {
                s.mn = signalDevices.value()[s.device - 1];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            s.device = 0;
        }
        return in;
    }

    private int numberOf(String mn) throws IOException {
        String[] known = signalDevices.value();
        if (known == null) {
            known = new String[0];
        }
        for (int i = 0; i < known.length; i++) {
            if (known[i].equals(mn)) {
                return i + 1;
            }
        }
        String[] more = Arrays.copyOf(known, known.length + 1);
        more[known.length] = mn;
        signalDevices.update(more);
        return more.length;
    }

    @Override
    protected long timeOf(UnitInput in) {
        return in.time;
    }

    /** Marks, then signals (by device), then device alerts of the same instant. */
    @Override
    protected Comparator<UnitInput> tieBreak() {
        return Comparator.comparing((UnitInput u) -> u.mark == null)
                .thenComparing(u -> u.deviceAlert != null)
                .thenComparing(
                        u ->
                                u.signal != null
                                        ? u.signal.mn
                                        : u.deviceAlert != null ? u.deviceAlert.getEventId() : "");
    }

    @Override
    protected List<UnitInput> ruleInputs(String unit, List<UnitInput> inputs) {
        for (UnitInput in : inputs) {
            if (in.signal != null) {
                in.unitId = unit; // as it was before it waited
                in.signal.unitId = unit;
            }
        }
        return inputs;
    }

    /** The meters' ratings learn from every power reading before the rules judge it. */
    @Override
    protected void beforeRules(List<UnitInput> inputs) throws Exception {
        for (UnitInput in : inputs) {
            if (in.signal != null) {
                ratings.observe(in.signal);
            }
        }
    }

    /** Device alerts pass unless the unit's meters say it was stopped when they opened. */
    @Override
    protected void afterRules(List<UnitInput> inputs, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        for (UnitInput in : inputs) {
            AlertEvent e = in.deviceAlert;
            if (e == null) {
                continue;
            }
            String id = e.getAlertId();
            if (e.getEvent() == AlertEventType.OPENED
                    && Boolean.FALSE.equals(ratings.unitProducing())) {
                dropped.put(id, true);
            } else if (dropped.contains(id)) {
                if (!AnomalyEpisodes.ongoing(e)) {
                    dropped.remove(id); // the end of a dropped episode: its events go with it
                }
            } else {
                out.collect(e);
            }
        }
    }

    @Override
    protected void clearHostState() throws Exception {
        devices.clear();
        ratings.clear();
        dropped.clear();
        if (!waiting()) { // a signal of the unit's return may wait with its MN's number
            signalDevices.clear();
        }
    }
}
